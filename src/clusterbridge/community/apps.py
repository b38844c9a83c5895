from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "clusterbridge.community"
    label = "community"
    verbose_name = _("i-Community")

    def ready(self) -> None:
        # Registers the portfolio job kind and this app's programme tabs;
        # both modules import models, so only once the app registry is ready.
        from clusterbridge.community import jobs, tabs  # noqa: F401, PLC0415
