from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "clusterbridge.outbox"
    verbose_name = _("Outgoing e-mail")

    def ready(self) -> None:
        from clusterbridge.outbox.tasks import sweep_outbox  # noqa: PLC0415 - models are ready
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415

        register_periodic("outbox-sweep", every=timedelta(minutes=1), task=sweep_outbox)
