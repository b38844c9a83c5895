"""A programme's matching settings, the manager's locks and forbids, participants' own wishes
and vetoes, mentor capacities, and the stored runs of the matcher (proposals and explanations).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme


class Preferences(models.TextChoices):
    SCORES = "scores", _("The scores")
    WISHES = "wishes", _("Participants' own rankings, then the scores")


class MatchingSettings(AuditedInProgramme, models.Model):
    """Weights and hard rules of one programme; a missing row means the documented defaults."""

    programme_path = "programme_id"

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="matching_settings",
        verbose_name=_("programme"),
    )
    # Criterion name -> weight; criteria not listed keep scoring.DEFAULT_WEIGHTS.
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    cross_border = models.BooleanField(
        _("mentor and mentee from different countries"), default=True
    )
    eu_south_med = models.BooleanField(
        _("one from the EU, the other from the South Mediterranean"), default=False
    )
    common_language = models.BooleanField(_("at least one common working language"), default=True)
    min_language_level = models.PositiveSmallIntegerField(
        _("lowest level of the common language"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("1 = A1 … 3 = B1 … 6 = C2 or native."),
    )
    different_organisation = models.BooleanField(_("never inside one organisation"), default=True)
    honour_vetoes = models.BooleanField(_("honour participants' vetoes"), default=True)
    max_mentors_per_mentee = models.PositiveSmallIntegerField(
        _("mentors per mentee"),
        default=1,
        choices=[(1, _("One mentor")), (2, _("Up to two mentors (co-mentoring)"))],
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor (default)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    stable_preferences = models.CharField(
        _("stable mode follows"),
        max_length=10,
        choices=Preferences.choices,
        default=Preferences.SCORES,
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.programme)


class MentorCapacity(AuditedInProgramme, models.Model):
    """How many mentees one mentor takes, when it differs from the programme's default."""

    programme_path = "mentor.programme_id"

    mentor = models.OneToOneField(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="matching_capacity",
        verbose_name=_("mentor"),
    )
    capacity = models.PositiveSmallIntegerField(_("mentees"), validators=[MaxValueValidator(20)])

    class Meta:
        verbose_name = _("mentor capacity")
        verbose_name_plural = _("mentor capacities")

    def __str__(self) -> str:
        return f"{self.mentor.person} ({self.capacity})"


class ConstraintKind(models.TextChoices):
    LOCK = "lock", _("Must pair")
    FORBID = "forbid", _("Must not pair")


class PairConstraint(AuditedInProgramme, models.Model):
    """A programme manager's decision about one mentor-mentee pair before matching."""

    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="pair_constraints",
        verbose_name=_("programme"),
    )
    mentor = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentee"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ConstraintKind.choices)
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
        verbose_name = _("pair constraint")
        verbose_name_plural = _("pair constraints")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pair_constraint_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor.person} ↔ {self.mentee.person}"


class WishKind(models.TextChoices):
    WISH = "wish", _("Wish")
    VETO = "veto", _("Veto")


class MatchingWish(AuditedInProgramme, models.Model):
    """A mentee's or mentor's own ranked wish (1 = first choice) or veto about the other side."""

    programme_path = "participation.programme_id"

    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="matching_wishes",
        verbose_name=_("participant"),
    )
    other = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("about"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=WishKind.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching wish")
        verbose_name_plural = _("matching wishes")
        ordering = ["participation", "kind", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "other"], name="matching_wish_once"),
            models.CheckConstraint(
                condition=models.Q(kind="veto", rank__isnull=True)
                | models.Q(kind="wish", rank__gte=1),
                name="matching_wish_rank_for_wishes_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation.person} → {self.other.person} ({self.get_kind_display()})"


class MatchingMode(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    STABLE = "stable", _("Stable")


class MatchingRun(AuditedInProgramme, models.Model):
    """One run of the matcher: its figures, and its proposals with their explanations.

    ``proposals``: list of {"mentee", "mentor" (participation ids), "score", "locked",
    "contributions" {criterion: weight x value}, "rules_satisfied", "rules_broken",
    "regret" {"score", "mentees"} or null}. ``unmatched``: list of {"mentee", "code",
    "params"}; ``spare_mentors``: list of {"mentor", "code", "params"}.
    """

    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="matching_runs",
        verbose_name=_("programme"),
    )
    mode = models.CharField(_("mode"), max_length=8, choices=MatchingMode.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    mentees = models.PositiveIntegerField(_("mentees"))
    mentors = models.PositiveIntegerField(_("mentors"))
    matched_mentees = models.PositiveIntegerField(_("matched mentees"))
    total_score = models.FloatField(_("total score"))
    blocking_pairs = models.PositiveIntegerField(_("blocking pairs"))
    optimal_total = models.FloatField(_("optimal total score"), null=True, blank=True)
    optimal_matched_mentees = models.PositiveIntegerField(
        _("mentees matched by the optimal mode"), null=True, blank=True
    )
    score_given_up = models.FloatField(_("score given up"), null=True, blank=True)
    weights = models.JSONField(_("weights"), default=dict)
    proposals = models.JSONField(_("proposals"), default=list)
    unmatched = models.JSONField(_("unmatched mentees"), default=list)
    spare_mentors = models.JSONField(_("mentors with free places"), default=list)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_mode_display()} – {self.created_at:%Y-%m-%d %H:%M}"
