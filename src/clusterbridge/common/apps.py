from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django_tasks.signals import task_finished

from clusterbridge.common import figures


class CommonConfig(AppConfig):
    name = "clusterbridge.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # The admin and the checks import models, which exist only once the registry is ready.
        from django.contrib import admin  # noqa: PLC0415

        from clusterbridge.common import checks  # noqa: F401, PLC0415 - registers the deploy checks

        admin.site.site_header = _("clusterbridge administration")
        admin.site.site_title = _("clusterbridge administration")
        admin.site.index_title = _("Site administration")

        # Each app's privacy.py registers its models that hold personal data.
        autodiscover_modules("privacy")

        # Background work writes too (imports, plans, reminders): the programme figures kept in
        # the cache are stale once any of it is done, whichever queue ran it.
        task_finished.connect(_forget_figures, weak=False)


def _forget_figures(**_kwargs: object) -> None:
    figures.forget_figures()
