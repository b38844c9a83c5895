from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "clusterbridge.community"
    label = "community"
    verbose_name = _("i-Community")

    def ready(self) -> None:
        # Registers the portfolio job kind; its module imports models, ready only now.
        from clusterbridge.community import jobs  # noqa: F401, PLC0415
