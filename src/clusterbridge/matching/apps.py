from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "clusterbridge.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers the matcher's job kind; its module imports models, ready only now.
        from clusterbridge.matching import jobs  # noqa: F401, PLC0415
