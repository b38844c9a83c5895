"""A programme's call for applications, and what each applicant answered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme


class Call(AuditedInProgramme, models.Model):
    """The call for applications of one programme: until when, for which roles, from where.

    An empty country list for a role means applicants from every country; an empty number of
    places means no limit, so nobody is waitlisted for lack of room.
    """

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="call",
        verbose_name=_("programme"),
    )
    deadline = models.DateTimeField(_("deadline"))
    seeks_mentees = models.BooleanField(_("mentees sought"), default=True)
    seeks_mentors = models.BooleanField(_("mentors sought"), default=True)
    mentee_countries = models.ManyToManyField(
        "directory.Country",
        blank=True,
        related_name="+",
        verbose_name=_("mentees' countries"),
    )
    mentor_countries = models.ManyToManyField(
        "directory.Country",
        blank=True,
        related_name="+",
        verbose_name=_("mentors' countries"),
    )
    mentee_places = models.PositiveIntegerField(_("places for mentees"), null=True, blank=True)
    mentor_places = models.PositiveIntegerField(_("places for mentors"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")

    def __str__(self) -> str:
        return str(self.programme)


class Application(AuditedInProgramme, models.Model):
    """What an applicant answered. Its status is the participation's (applied, accepted,
    waitlisted, declined, withdrawn); the answers stay here as given.

    ``profile_pending``: the answers still wait to be written to the person's profile, because
    the address belonged to an existing person and has not been verified by the applicant.
    """

    programme_path = "participation.programme_id"

    participation = models.OneToOneField(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="application",
        verbose_name=_("participation"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    language = models.CharField(_("language"), max_length=8)
    profile_pending = models.BooleanField(_("profile changes waiting"), default=False)
    submitted_at = models.DateTimeField(_("submitted"))
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("message to the applicant"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return str(self.participation)
