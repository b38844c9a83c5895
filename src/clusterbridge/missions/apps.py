from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "clusterbridge.missions"
    verbose_name = _("Business-development missions")

    def ready(self) -> None:
        # Selectors import models, which exist only once the app registry is ready.
        from clusterbridge.meetings.agenda import register_agenda_source  # noqa: PLC0415
        from clusterbridge.missions.selectors import agenda_events_of  # noqa: PLC0415

        register_agenda_source(agenda_events_of)
        # Registers the scheduler's job kind.
        from clusterbridge.missions import jobs  # noqa: F401, PLC0415
