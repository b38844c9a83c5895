from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "clusterbridge.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Models are not loaded before ready(): importing connects the receivers and registers
        # this app's programme tabs.
        from clusterbridge.applications import signals, tabs  # noqa: F401, PLC0415
