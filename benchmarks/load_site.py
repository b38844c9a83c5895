"""Settings for the load benchmark only: the application's settings with ``load_urls``.

gunicorn is pointed at this module (DJANGO_SETTINGS_MODULE=load_site, ``benchmarks/`` on the
path) so the bare view of ``load_urls`` answers from the same server, workers and middleware
as the real pages. Never deployed.
"""

from clusterbridge.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
