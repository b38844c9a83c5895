from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "clusterbridge.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers the matcher's job kind and this app's programme tabs;
        # both modules import models, so only once the app registry is ready.
        from clusterbridge.matching import jobs, tabs  # noqa: F401, PLC0415
