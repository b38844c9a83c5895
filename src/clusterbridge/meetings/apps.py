from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "clusterbridge.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Registers the plan's job kind; its module imports models, ready only now.
        from clusterbridge.meetings import jobs  # noqa: F401, PLC0415
