from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "clusterbridge.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # The task imports selectors and services, which import models: ready only now.
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415
        from clusterbridge.programmes.tasks import retention  # noqa: PLC0415

        register_periodic("retention", every=timedelta(days=1), task=retention)

        # Registers the import's job kind; its module imports models, ready only now.
        from clusterbridge.programmes import import_jobs  # noqa: F401, PLC0415
