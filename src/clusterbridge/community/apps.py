from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "clusterbridge.community"
    label = "community"
    verbose_name = _("i-Community")

    def ready(self) -> None:
        # Registers this app's programme tabs; the module needs the app registry ready.
        from clusterbridge.community import tabs  # noqa: F401, PLC0415
