"""The user-visible record of one background job: what was asked, how far it got, its result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterbridge.jobs.registry import kind_title


def result_path(job: Job, filename: str) -> str:
    # One folder per job: a retry clears what an interrupted attempt left there.
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """One run of a registered job kind (`registry.job_kind`), for a user or the command line.

    The status moves queued → running → succeeded or failed; a worker takes a job only with a
    conditional update (`runner.claim`), and the result file is referenced only once it is
    completely stored."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    # What the requester recognises the job by beside its kind ("Reloaded, French, PDF").
    description = models.CharField(_("description"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    queue = models.CharField(_("queue"), max_length=40, default="default")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), null=True, blank=True)
    progress_label = models.CharField(_("current step"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"), default=3)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # For the requester; the traceback goes to the log only.
    error = models.TextField(_("error"), blank=True)
    result = models.FileField(_("result"), upload_to=result_path, blank=True, max_length=300)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # Jobs whose outcome is a page rather than a file.
    result_url = models.CharField(_("result page"), max_length=500, blank=True)
    result_message = models.TextField(_("result message"), blank=True)
    expires_at = models.DateTimeField(_("result kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="job_requester_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["expires_at"], name="job_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def title(self) -> str | Promise:
        return kind_title(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        """The file is complete (the job succeeded) and still kept."""
        return self.status == self.Status.SUCCEEDED and bool(self.result) and not self.has_expired

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)
