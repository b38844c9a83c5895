from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "clusterbridge.journeys"
    verbose_name = _("Journeys")

    def ready(self) -> None:
        # Registers this app's programme tabs; the module needs the app registry ready.
        from clusterbridge.journeys import tabs  # noqa: F401, PLC0415
