"""Tracks, programmes, who takes part in which role, and the mentor–mentee pairs."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Track(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    community = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracks",
        verbose_name=_("community"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    PEER_TRAINING = "peer_training", _("Peer training")
    BUSINESS_MISSION = "business_mission", _("Business-development mission")


class Modality(models.TextChoices):
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")
    ON_SITE = "on_site", _("On site")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECRUITING = "recruiting", _("Recruiting")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Programme(models.Model):
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("track"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.MENTORING
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    edition = models.CharField(_("edition"), max_length=40, blank=True)
    operator = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="operated_programmes",
        verbose_name=_("operator"),
    )
    initiator = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiated_programmes",
        verbose_name=_("initiator"),
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    is_demo = models.BooleanField(_("demo programme"), default=False)
    # The edition this one was copied from: its mentors and alumni are offered an invitation.
    previous_edition = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_editions",
        verbose_name=_("previous edition"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.pk}


class OperatorStaff(models.Model):
    """A person who works for an operator: they may create that operator's programmes."""

    operator = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("operator"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="operator_roles",
        verbose_name=_("person"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("operator staff member")
        verbose_name_plural = _("operator staff")
        ordering = ["operator__name", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "person"], name="operator_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.operator}"


class ProgrammeFunder(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="funders", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="funded_programmes",
        verbose_name=_("funder"),
    )
    share_percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="funder_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.share_percent} %)"

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.programme_id}


class Role(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")
    FACILITATOR = "facilitator", _("Facilitator")
    MANAGER = "manager", _("Programme manager")


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    # An applicant who would be accepted but for the places: moves up when one frees.
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATUSES = (ParticipationStatus.ACCEPTED, ParticipationStatus.APPLIED)
# A mentee and a mentor of one programme are two people: the matcher would pair one with herself.
OTHER_SIDE = {Role.MENTEE: Role.MENTOR, Role.MENTOR: Role.MENTEE}


def other_side_error(person: object, role: str) -> ValidationError:
    """The refusal to enrol someone who already takes part on the other side, as ``role``."""
    return ValidationError(
        _(
            "%(person)s already takes part in this programme as %(role)s: nobody can be "
            "mentee and mentor of the same programme."
        ),
        code="both_sides",
        params={"person": person, "role": Role(role).label},
    )


class ParticipationQuerySet(models.QuerySet["Participation"]):
    """The usual cuts of a programme's people, so the status and role values are written once."""

    def accepted(self) -> ParticipationQuerySet:
        return self.filter(status=ParticipationStatus.ACCEPTED)

    def mentors(self) -> ParticipationQuerySet:
        return self.filter(role=Role.MENTOR)

    def mentees(self) -> ParticipationQuerySet:
        return self.filter(role=Role.MENTEE)

    def managers(self) -> ParticipationQuerySet:
        return self.filter(role=Role.MANAGER)

    def in_pairs(self) -> ParticipationQuerySet:
        """Mentors and mentees: the two roles a pair is made of."""
        return self.filter(role__in=(Role.MENTOR, Role.MENTEE))


class Participation(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("programme"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
    )
    motivation = models.TextField(_("motivation"), blank=True)
    needs_or_offer = models.TextField(_("needs or offer"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["programme", "role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "role"], name="participation_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.programme}"

    def clean(self) -> None:
        # Here rather than in the service alone, so that the admin's form refuses it too.
        other = OTHER_SIDE.get(Role(self.role)) if self.role in Role.values else None
        if other is None or self.status not in ACTIVE_STATUSES or not self.person_id:
            return
        taken = Participation.objects.filter(
            programme_id=self.programme_id,
            person_id=self.person_id,
            role=other,
            status__in=ACTIVE_STATUSES,
        ).exclude(pk=self.pk)
        if taken.exists():
            raise other_side_error(self.person, other)

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.programme_id}


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    # Before the programme's end, for the reason kept in Pair.end_reason.
    ENDED = "ended", _("Ended early")


# How a pair may be closed out at the end of its programme.
CLOSED_PAIR_STATUSES = (PairStatus.COMPLETED, PairStatus.ENDED)


class Pair(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("programme")
    )
    mentor = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="pairs_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="pairs_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["programme", "mentee__person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.person} ↔ {self.mentee.person}"

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.programme_id}
