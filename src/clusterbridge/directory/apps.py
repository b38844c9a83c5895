from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "clusterbridge.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # Receivers import models, which exist only once the app registry is ready.
        from clusterbridge.directory import signals  # noqa: F401, PLC0415 - connects the receivers
