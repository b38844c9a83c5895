from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """A periodic job enqueued for one slot; the unique key makes overlapping schedulers
    enqueue it once."""

    name = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="periodic_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
