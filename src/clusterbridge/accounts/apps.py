from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clusterbridge.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Receivers import models, which exist only once the app registry is ready.
        from clusterbridge.accounts import signals  # noqa: F401, PLC0415 - connects the receivers
