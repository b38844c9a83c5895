from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "clusterbridge.certificates"
    verbose_name = _("Closing and certificates")

    def ready(self) -> None:
        # Registers this app's programme tabs; the module needs the app registry ready.
        from clusterbridge.certificates import tabs  # noqa: F401, PLC0415
