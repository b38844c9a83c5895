"""The i-Community: opportunities and the interest they raise, moderation, notifications and
the collaborations between organisations that the network is drawn from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme
from clusterbridge.directory.models import Country, Organisation, Person, Sector
from clusterbridge.journeys.models import CollaborationKind


class OpportunityKind(models.TextChoices):
    CALL_FOR_PARTNERS = "call_for_partners", _("Call for partners")
    BUSINESS = "business", _("Business opportunity")
    EVENT = "event", _("Event")
    TRAINING = "training", _("Training offer")


class Opportunity(models.Model):
    author = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text or Markdown; HTML is removed."))
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True)
    # Closed by its author (or a moderator) once it is filled: still shown, no longer open to
    # interest. Hiding is the moderators' other, stronger tool.
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:opportunity", args=[self.pk])


class Interest(models.Model):
    """A member's expressed interest in an opportunity, and the author's answer."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="interests",
        verbose_name=_("opportunity"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="interests", verbose_name=_("person")
    )
    message = models.TextField(_("message"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.opportunity}"


class ModerationAction(models.TextChoices):
    REPORTED = "reported", _("Reported")
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")


class ModerationLog(models.Model):
    """Who reported, hid or restored which post, and why: kept even when the post changes."""

    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="moderation_log",
        verbose_name=_("opportunity"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=ModerationAction.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.opportunity}"


class Notification(models.Model):
    """An in-app message, written in the recipient's language when it is created."""

    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message


class Collaboration(AuditedInProgramme, models.Model):
    """A tie between two organisations that the network counts, beside pairs and interests."""

    programme_path = "programme_id"

    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CollaborationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborations",
        verbose_name=_("programme"),
    )
    recorded_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation_a=models.F("organisation_b")),
                name="collaboration_between_two_organisations",
            )
        ]

    def __str__(self) -> str:
        return self.title
