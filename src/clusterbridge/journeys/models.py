"""The learning journey of a pair, on the competence framework of ``competences``."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme
from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator

# --- The journey of a pair ---------------------------------------------------------------------


class Agreement(AuditedInProgramme, models.Model):
    """What a pair agreed at the start; both sides accept it, and any change asks them again."""

    programme_path = "pair.programme_id"

    pair = models.OneToOneField(
        "programmes.Pair",
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("pair"),
    )
    goals = models.TextField(_("goals"))
    rhythm = models.CharField(_("rhythm"), max_length=200)
    channel = models.CharField(_("channel"), max_length=200)
    confidentiality = models.TextField(_("confidentiality"))
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentoring agreement")
        verbose_name_plural = _("mentoring agreements")

    def __str__(self) -> str:
        return str(self.pair)

    @property
    def accepted(self) -> bool:
        return self.mentor_accepted_at is not None and self.mentee_accepted_at is not None


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Dropped")


class Goal(AuditedInProgramme, models.Model):
    """A SMART goal of a pair: specific title, measure of success, area, due date."""

    programme_path = "pair.programme_id"

    pair = models.ForeignKey(
        "programmes.Pair", on_delete=models.CASCADE, related_name="goals", verbose_name=_("pair")
    )
    area = models.ForeignKey(
        CompetenceArea,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competence area"),
    )
    title = models.CharField(_("goal"), max_length=200)
    measure = models.CharField(_("measure of success"), max_length=300)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SessionKind(models.TextChoices):
    BILATERAL = "bilateral_session", _("Bilateral session")
    GROUP = "group_session", _("Group session")


class GroupSession(AuditedInProgramme, models.Model):
    """One group session shared by several pairs of a programme.

    Each participating pair gets its own ``SessionLog`` (same date, duration, topics and shared
    notes) pointing here, so everything that reads a pair's logs (its journey, pair health,
    the impact report) counts the session for every pair that took part.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="group_sessions",
        verbose_name=_("programme"),
    )
    author = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return f"{self.programme} – {self.created_at:%Y-%m-%d}"


class SessionLog(AuditedInProgramme, models.Model):
    """What a pair did in one session. Managers see date, duration and topics only."""

    programme_path = "pair.programme_id"

    pair = models.ForeignKey(
        "programmes.Pair",
        on_delete=models.CASCADE,
        related_name="session_logs",
        verbose_name=_("pair"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    topics = models.CharField(_("topics"), max_length=300)
    shared_notes = models.TextField(_("shared notes"), blank=True)
    author = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    group_session = models.ForeignKey(
        GroupSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="logs",
        verbose_name=_("group session"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("session log")
        verbose_name_plural = _("session logs")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=12 * 60),
                name="session_log_duration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} – {self.held_on}"


class PrivateNote(models.Model):
    """A note on a session that only its author ever reads."""

    log = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, related_name="private_notes", verbose_name=_("log")
    )
    author = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("private note"))

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [models.UniqueConstraint(fields=["log", "author"], name="private_note_once")]

    def __str__(self) -> str:
        return f"{self.log} ({self.author})"


class AgreedAction(models.Model):
    log = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, related_name="actions", verbose_name=_("log")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Stage(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MIDTERM = "midterm", _("Mid-term")
    END = "end", _("End")


class Rater(models.TextChoices):
    SELF = "self", _("Self-rating")
    MENTOR = "mentor", _("Mentor's rating")


class Assessment(AuditedInProgramme, models.Model):
    """One questionnaire on every indicator: a mentee rated by themself or by their mentor."""

    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("programme"),
    )
    mentee = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("mentee"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    rater = models.CharField(_("rater"), max_length=10, choices=Rater.choices)
    rated_by = models.ForeignKey(
        "directory.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("rated by")
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["mentee", "stage", "rater"], name="assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.mentee.person} – {self.get_stage_display()} – {self.get_rater_display()}"


class Rating(AuditedInProgramme, models.Model):
    programme_path = "assessment.programme_id"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        CompetenceIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    value = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="rating_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class SurveyKind(models.TextChoices):
    JOINT_MEETING = "joint_meeting", _("After a joint meeting")
    END = "end", _("End of the programme")


class Survey(AuditedInProgramme, models.Model):
    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


# Survey results are published in whole batches of this many new answers (docs/privacy.md).
SURVEY_BATCH = 3


class SurveyParticipation(models.Model):
    """Who has answered a survey; kept apart from the answers so none is attributable.

    Neither this nor the answer is in the audit trail (settings.AUDITLOG_EXCLUDE_TRACKING_MODELS):
    an entry would name the respondent and date the answer to the second.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survey")
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_answered_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.person}"


class SurveyResponse(models.Model):
    """An anonymous answer: a random key, no person and no time, so its order reveals nobody.

    ``released`` turns true for SURVEY_BATCH answers at once (``services.answer_survey``);
    only released answers are ever counted or shown (``selectors.released_survey_results``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    released = models.BooleanField(_("published"), default=False, editable=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    satisfaction__gte=1, satisfaction__lte=5, usefulness__gte=1, usefulness__lte=5
                ),
                name="survey_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return str(self.survey)


class ServiceOutcome(AuditedInProgramme, models.Model):
    """A new or improved service for the cluster's members, reported by the mentee."""

    programme_path = "mentee.programme_id"

    mentee = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="service_outcomes",
        verbose_name=_("mentee"),
    )
    title = models.CharField(_("service"), max_length=200)
    is_new = models.BooleanField(_("new service"), default=True)
    description = models.TextField(_("description"), blank=True)
    launched_on = models.DateField(_("launched on"))

    class Meta:
        verbose_name = _("service to members")
        verbose_name_plural = _("services to members")
        ordering = ["launched_on", "pk"]

    def __str__(self) -> str:
        return self.title


class CollaborationKind(models.TextChoices):
    """The kinds of every collaboration: those the community records between two organisations
    and those a mentee reports as an outcome. The values of both former lists stay valid."""

    AGREEMENT = "agreement", _("Agreement or MoU")
    PROJECT = "project", _("Joint project")
    JOINT_PROJECT = "joint_project", _("Joint project or proposal")
    BUSINESS = "business", _("Business deal")
    COMPANY_DEAL = "company_deal", _("Company deal")
    MISSION = "mission", _("Business-development mission")
    EVENT = "event", _("Joint event")
    TRAINING = "training", _("Peer training")
    OTHER = "other", _("Other")


class CollaborationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional (South-Mediterranean)")
    INTERNATIONAL = "international", _("EU–MENA international")


class CollaborationOutcome(AuditedInProgramme, models.Model):
    """A collaboration the mentee's cluster started, reported as an outcome of the mentoring;
    its level follows from the countries. (``community.Collaboration`` is one recorded between
    two organisations; both use ``CollaborationKind``.)"""

    programme_path = "mentee.programme_id"

    mentee = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="collaborations",
        verbose_name=_("mentee"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CollaborationKind.choices)
    title = models.CharField(_("collaboration"), max_length=200)
    partners = models.ManyToManyField(
        "directory.Organisation", related_name="collaborations", verbose_name=_("partners")
    )
    level = models.CharField(_("level"), max_length=15, choices=CollaborationLevel.choices)
    started_on = models.DateField(_("started on"))

    class Meta:
        db_table = "journeys_collaboration"
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return self.title


class HealthFlag(models.TextChoices):
    NO_SESSION = "no_session", _("No session logged")
    MENTOR_SILENT = "mentor_silent", _("Mentor has not answered")
    ASSESSMENT_OVERDUE = "assessment_overdue", _("Assessment overdue")


class HealthReminder(AuditedInProgramme, models.Model):
    """A reminder sent about a pair's health flag; the unique key makes sending idempotent."""

    programme_path = "pair.programme_id"

    pair = models.ForeignKey(
        "programmes.Pair",
        on_delete=models.CASCADE,
        related_name="health_reminders",
        verbose_name=_("pair"),
    )
    flag = models.CharField(_("flag"), max_length=20, choices=HealthFlag.choices)
    # Identifies one occurrence of the flag (e.g. the silence since a given date), so a new
    # occurrence is reminded again while the same one never is.
    occurrence = models.CharField(_("occurrence"), max_length=60)
    escalated = models.BooleanField(_("sent to the manager"), default=False)
    recipient = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("health reminder")
        verbose_name_plural = _("health reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "flag", "occurrence", "escalated", "recipient"],
                name="health_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} – {self.get_flag_display()} → {self.recipient}"
