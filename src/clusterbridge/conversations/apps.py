from datetime import timedelta

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

        from clusterbridge.conversations.tasks import message_notifications  # noqa: PLC0415
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415

        # Each conversation is told about at most once per CONVERSATION_NOTIFICATION_MINUTES;
        # looking every five minutes keeps the first e-mail of a period close to its message.
        register_periodic(
            "message-notifications", every=timedelta(minutes=5), task=message_notifications
        )
