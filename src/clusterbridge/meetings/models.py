"""Meetings of a programme: joint meetings, bilateral and group sessions, trainings, missions."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme
from clusterbridge.meetings.video import can_join


class MeetingKind(models.TextChoices):
    JOINT_MEETING = "joint_meeting", _("Joint meeting")
    BILATERAL_SESSION = "bilateral_session", _("Bilateral session")
    GROUP_SESSION = "group_session", _("Group session")
    TRAINING = "training", _("Training")
    MISSION_MEETING = "mission_meeting", _("Mission meeting")


class GeneratedName(models.TextChoices):
    """Titles the application writes: stored as a name plus parameters (the meeting's pair, a
    number) and rendered in each reader's language; a title the manager types has none."""

    KICK_OFF = "kick_off", _("Kick-off")
    MID_TERM = "mid_term", _("Mid-term meeting")
    CLOSING = "closing", _("Closing meeting")
    BILATERAL = "bilateral", _("Bilateral session")
    MENTEE_EXCHANGE = "mentee_exchange", _("Mentees' peer exchange")
    MENTOR_EXCHANGE = "mentor_exchange", _("Mentors' peer exchange")


def generated_title(name: str, number: int | None, pair_names: tuple[str, str] | None) -> str:
    """The title of a generated meeting in the active language.

    ``pair_names`` is (mentee, mentor): a bilateral session says whose it is.
    """
    params: dict[str, object] = {"number": number}
    if name == GeneratedName.BILATERAL:
        if pair_names is None:
            if number:
                return str(_("Bilateral session %(number)s") % params)
            return str(GeneratedName.BILATERAL.label)
        params |= {"mentee": pair_names[0], "mentor": pair_names[1]}
        if number:
            return str(_("Bilateral session %(number)s: %(mentee)s – %(mentor)s") % params)
        return str(_("Bilateral session: %(mentee)s – %(mentor)s") % params)
    if name == GeneratedName.MENTEE_EXCHANGE:
        return str(_("Group session: mentees' peer exchange %(number)s") % params)
    if name == GeneratedName.MENTOR_EXCHANGE:
        return str(_("Group session: mentors' peer exchange %(number)s") % params)
    return str(GeneratedName(name).label)


class MeetingStatus(models.TextChoices):
    # A draft is part of a generated plan the manager has not published: nobody is notified.
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Set for titles the application wrote: ``display_title`` renders them in the reader's
    # language; ``title`` then keeps the English wording for the admin and searches.
    generated_name = models.CharField(
        _("generated title"), max_length=20, choices=GeneratedName.choices, blank=True
    )
    title_number = models.PositiveSmallIntegerField(_("title number"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("start (UTC)"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    online_url = models.URLField(_("online link"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    pair = models.ForeignKey(
        "programmes.Pair",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("pair"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # Calendar clients match updates by UID and keep the highest SEQUENCE.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        # Lists page through a programme's meetings by date: 20,000 of them in a big one.
        indexes = [models.Index(fields=["programme", "starts_at"], name="meeting_programme_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5), name="meeting_has_duration"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.programme_id}

    @property
    def display_title(self) -> str:
        """The title in the active language: generated ones are rendered, typed ones kept.

        Lists showing bilateral sessions select ``pair__mentor__person`` and
        ``pair__mentee__person`` so the names cost no query per row.
        """
        if not self.generated_name:
            return self.title
        pair_names = None
        if self.pair_id is not None and self.pair is not None:
            pair_names = (self.pair.mentee.person.full_name, self.pair.mentor.person.full_name)
        return generated_title(self.generated_name, self.title_number, pair_names)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def can_join_now(self) -> bool:
        """The join button shows from 15 minutes before the start until the end."""
        return self.status == MeetingStatus.SCHEDULED and can_join(
            url=self.online_url, starts_at=self.starts_at, ends_at=self.ends_at, now=timezone.now()
        )


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class Invitation(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("person"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.meeting.programme_id}


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    PUBLISHED = "published", _("Published")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    UPDATED = "updated", _("Details changed")
    INVITEES = "invitees", _("Invitees changed")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingChange(AuditedInProgramme, models.Model):
    """One line of a meeting's history: what changed, when, by whom, and the times before."""

    programme_path = "meeting.programme_id"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="changes", verbose_name=_("meeting")
    )
    kind = models.CharField(_("change"), max_length=12, choices=ChangeKind.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    previous_starts_at = models.DateTimeField(_("previous start (UTC)"), null=True, blank=True)
    previous_duration_minutes = models.PositiveIntegerField(
        _("previous duration (minutes)"), null=True, blank=True
    )
    sequence = models.PositiveIntegerField(_("revision"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.kind} · {self.sequence}"


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "24h", _("24 hours before")


class SentReminder(AuditedInProgramme, models.Model):
    """A reminder claimed for one meeting and invitee, inserted BEFORE the mail is sent.

    The unique constraint is the guard: of two overlapping ``send_reminders`` runs only one can
    insert the row, so only one sends. Rescheduling deletes the rows of its meeting, so the new
    time gets its own reminder.
    """

    programme_path = "meeting.programme_id"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"], name="one_reminder_per_meeting_person_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.person} @ {self.meeting}"


class CalendarFeed(models.Model):
    """A person's secret calendar feed link. Only a SHA-256 digest of the token is stored."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("person"),
    )
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"


class WeeklyWindow(models.Model):
    """A person's own weekly availability, in their own time zone; narrows their country's."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="weekly_windows",
        verbose_name=_("person"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)], help_text=_("Monday = 0")
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availabilities")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="window_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.weekday} {self.starts}-{self.ends}"


class Absence(models.Model):
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("person"),
    )
    starts_at = models.DateTimeField(_("from (UTC)"))
    ends_at = models.DateTimeField(_("until (UTC)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="absence_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_at:%Y-%m-%d}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SessionProposal(AuditedInProgramme, models.Model):
    """A bilateral session time one side of a pair proposes and the other accepts."""

    programme_path = "pair.programme_id"

    pair = models.ForeignKey(
        "programmes.Pair",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("pair"),
    )
    proposed_by = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    starts_at = models.DateTimeField(_("start (UTC)"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("session proposal")
        verbose_name_plural = _("session proposals")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.pair} {self.starts_at:%Y-%m-%d %H:%M}"
