from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "clusterbridge.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Registers the impact report's job kind; its module imports models, ready only now.
        from clusterbridge.reports import jobs  # noqa: F401, PLC0415
