from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "clusterbridge.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from clusterbridge.common import checks  # noqa: F401 - registers the deploy checks

        # Each app's privacy.py registers its models that hold personal data.
        autodiscover_modules("privacy")
