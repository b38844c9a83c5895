from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "clusterbridge.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers this app's programme tabs; the module needs the app registry ready.
        from clusterbridge.matching import tabs  # noqa: F401, PLC0415
