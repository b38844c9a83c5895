from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "clusterbridge.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Connects the receivers; the module imports models, ready only now.
        from clusterbridge.jobs import signals  # noqa: F401, PLC0415
