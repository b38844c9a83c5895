from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "clusterbridge.notices"
    label = "notices"
    verbose_name = _("Announcements and digests")

    def ready(self) -> None:
        # The sections read models, which exist only once the app registry is ready.
        from clusterbridge.conversations.notifications import MESSAGES  # noqa: PLC0415
        from clusterbridge.directory import mailing  # noqa: PLC0415
        from clusterbridge.notices import registry, sections  # noqa: PLC0415
        from clusterbridge.notices.mail import ANNOUNCEMENTS  # noqa: PLC0415
        from clusterbridge.notices.models import Delivery  # noqa: PLC0415
        from clusterbridge.notices.selectors import deliveries  # noqa: PLC0415

        registry.register_category(
            ANNOUNCEMENTS, _("Announcements of your programmes"), default=Delivery.IMMEDIATE
        )
        registry.register_category(
            MESSAGES, _("New messages in your conversations"), default=Delivery.IMMEDIATE
        )
        # The apps below ask through directory.mailing whether someone wants an e-mail now.
        mailing.set_delivery_lookup(deliveries)
        sections.register()

        # Registers the announcements' programme tab; the module needs the app registry ready.
        from clusterbridge.notices import tabs  # noqa: F401, PLC0415
        from clusterbridge.notices.tasks import digests  # noqa: PLC0415
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415

        # A digest is due from 07:00 in its reader's zone; zones are hours (or halves) apart.
        register_periodic("digests", every=timedelta(minutes=30), task=digests)
