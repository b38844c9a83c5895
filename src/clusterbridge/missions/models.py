"""Business-development missions: participants, meeting requests and the placed B2B meetings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme
from clusterbridge.common.services import time_zone_validator


class Mission(AuditedInProgramme, models.Model):
    """A matchmaking event: ``slot_count`` consecutive slots of ``slot_minutes`` with tables."""

    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="missions",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone of the event"), max_length=64, validators=[time_zone_validator]
    )
    starts_at = models.DateTimeField(_("first slot (UTC)"))
    slot_minutes = models.PositiveIntegerField(
        _("slot length (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    slot_count = models.PositiveIntegerField(
        _("number of slots"), validators=[MinValueValidator(1), MaxValueValidator(96)]
    )
    table_count = models.PositiveIntegerField(
        _("number of tables"), validators=[MinValueValidator(1)]
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    placed_count = models.PositiveIntegerField(_("meetings placed"), default=0)
    bound_value = models.PositiveIntegerField(_("proven upper bound"), default=0)
    bound_method = models.CharField(_("bound method"), max_length=40, blank=True)
    idle_gaps = models.PositiveIntegerField(_("idle gaps"), default=0)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def slot_start(self, slot: int) -> datetime:
        return self.starts_at + timedelta(minutes=self.slot_minutes * slot)

    def slot_starts(self) -> list[datetime]:
        return [self.slot_start(slot) for slot in range(self.slot_count)]


class MissionParticipant(AuditedInProgramme, models.Model):
    programme_path = "mission.programme_id"

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="participants", verbose_name=_("mission")
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="mission_participations",
        verbose_name=_("person"),
    )
    offer = models.TextField(_("what I offer"), blank=True)
    seek = models.TextField(_("what I seek"), blank=True)
    absent_slots = models.JSONField(_("slots I cannot attend"), default=list, blank=True)

    class Meta:
        verbose_name = _("mission participant")
        verbose_name_plural = _("mission participants")
        constraints = [
            models.UniqueConstraint(fields=["mission", "person"], name="mission_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.mission}"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MeetingRequest(AuditedInProgramme, models.Model):
    programme_path = "mission.programme_id"

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="requests", verbose_name=_("mission")
    )
    requester = models.ForeignKey(
        MissionParticipant,
        on_delete=models.CASCADE,
        related_name="sent_requests",
        verbose_name=_("requested by"),
    )
    requested = models.ForeignKey(
        MissionParticipant,
        on_delete=models.CASCADE,
        related_name="received_requests",
        verbose_name=_("requested"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["requester", "requested"], name="request_once"),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("requested")), name="request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.requested}"


class MissionMeeting(AuditedInProgramme, models.Model):
    """An accepted request placed by the scheduler at a slot and a table."""

    programme_path = "mission.programme_id"

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mission")
    )
    request = models.OneToOneField(
        MeetingRequest,
        on_delete=models.CASCADE,
        related_name="placement",
        verbose_name=_("request"),
    )
    slot = models.PositiveIntegerField(_("slot"))
    table = models.PositiveIntegerField(_("table"))
    first = models.ForeignKey(
        MissionParticipant, on_delete=models.CASCADE, related_name="+", verbose_name=_("first")
    )
    second = models.ForeignKey(
        MissionParticipant, on_delete=models.CASCADE, related_name="+", verbose_name=_("second")
    )

    class Meta:
        verbose_name = _("mission meeting")
        verbose_name_plural = _("mission meetings")
        ordering = ["slot", "table"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "slot", "table"], name="one_meeting_per_table"
            ),
            models.UniqueConstraint(fields=["first", "slot"], name="first_once_per_slot"),
            models.UniqueConstraint(fields=["second", "slot"], name="second_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.mission} slot {self.slot} table {self.table}"
