from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "clusterbridge.journeys"
    verbose_name = _("Journeys")

    def ready(self) -> None:
        # The tasks import services, which import models: ready only now.
        from clusterbridge.journeys.tasks import (  # noqa: PLC0415
            meeting_reminders,
            pair_health_reminders,
        )
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415

        # Meetings are reminded a day ahead: five minutes late at most is plenty early.
        register_periodic("meeting-reminders", every=timedelta(minutes=5), task=meeting_reminders)
        register_periodic(
            "pair-health-reminders", every=timedelta(hours=1), task=pair_health_reminders
        )

        # Registers this app's programme tabs; the module needs the app registry ready.
        from clusterbridge.journeys import tabs  # noqa: F401, PLC0415
