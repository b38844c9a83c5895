from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "clusterbridge.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        # Pair health (journeys, below) reads when each side of a pair last wrote here.
        from clusterbridge.conversations import activity  # noqa: PLC0415 (apps must be loaded)

        activity.register()
