from django.apps import AppConfig
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
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

        # The figures kept in the cache (common/figures.py) are stale once the data changes: on
        # a saved or deleted row of the application's own data, and once background work
        # (imports, plans, reminders) is done, whichever queue ran it.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_forget_figures_on_change, weak=False)
        task_finished.connect(_forget_figures, weak=False)


# Bookkeeping that changes all the time and never shows in a figure: sign-ins, job progress,
# mail delivery, the scheduler's slots.
_QUIET_APPS = frozenset({"accounts", "jobs", "outbox", "periodic"})


def _forget_figures_on_change(sender: type[Model], **_kwargs: object) -> None:
    app = sender._meta.app_config
    if app is not None and app.name.startswith("clusterbridge.") and app.label not in _QUIET_APPS:
        figures.forget_figures()


def _forget_figures(**_kwargs: object) -> None:
    figures.forget_figures()
