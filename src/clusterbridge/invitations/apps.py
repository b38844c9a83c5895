from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "clusterbridge.invitations"
    verbose_name = _("Invitations")

    def ready(self) -> None:
        # Models are not loaded before ready(); importing connects the receivers.
        from clusterbridge.invitations import signals  # noqa: F401, PLC0415
