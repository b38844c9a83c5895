from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "clusterbridge.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Connects the receivers; the module imports models, ready only now.
        from clusterbridge.jobs import signals  # noqa: F401, PLC0415
        from clusterbridge.jobs.upkeep import (  # noqa: PLC0415
            delete_expired_results,
            recover_stale_jobs,
        )
        from clusterbridge.periodic.registry import register_periodic  # noqa: PLC0415

        # A dead worker's job waits JOB_STALE_SECONDS at least; checking each minute adds little.
        register_periodic("stale-jobs", every=timedelta(minutes=1), task=recover_stale_jobs)
        register_periodic(
            "expired-job-results", every=timedelta(hours=1), task=delete_expired_results
        )
