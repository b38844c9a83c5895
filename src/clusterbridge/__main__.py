"""The `clusterbridge` command: Django management with clusterbridge's settings preset."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["match_scores"]:
        # Two files in, JSON out, no database: see matching/scores_command.py for why this
        # command alone runs without setting Django up.
        from clusterbridge.matching.scores_command import main as match_scores  # noqa: PLC0415

        sys.exit(match_scores(sys.argv[2:]))
    # Django is imported only now: match_scores above starts without it, in a fraction of the
    # time, and the settings module must be chosen before Django reads it.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    try:
        from django.conf import settings  # noqa: PLC0415

        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads and checks them all
    except ImproperlyConfigured as error:
        sys.stderr.write(f"clusterbridge: configuration error: {error}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
