"""Announcements of a programme, and how each person wants to be told: per category, now, in
their digest or never, and how often their digest comes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the programme")
    MENTORS = "mentors", _("Mentors")
    MENTEES = "mentees", _("Mentees")
    PAIRS = "pairs", _("The pairs I pick")


class Announcement(AuditedInProgramme, models.Model):
    """A manager's message to a programme's people, in the language it is written in; other
    languages may have their own version (`AnnouncementVersion`)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("programme"),
    )
    author = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    pairs = models.ManyToManyField(
        "programmes.Pair", blank=True, related_name="+", verbose_name=_("pairs")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class AnnouncementVersion(AuditedInProgramme, models.Model):
    """The announcement written in another language, for the readers of that language."""

    programme_path = "announcement.programme_id"

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("announcement"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("announcement version")
        verbose_name_plural = _("announcement versions")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"], name="one_version_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} ({self.language})"


class AnnouncementRecipient(AuditedInProgramme, models.Model):
    """Who an announcement was sent to, fixed when it is sent: someone who joins later does not
    receive it, and the digest finds those who chose to read it there."""

    programme_path = "announcement.programme_id"

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("announcement"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="announcements_received",
        verbose_name=_("person"),
    )
    emailed = models.BooleanField(_("e-mailed at once"), default=False)

    class Meta:
        verbose_name = _("announcement recipient")
        verbose_name_plural = _("announcement recipients")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "person"], name="announced_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.person}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, by e-mail")
    DIGEST = "digest", _("In my digest")
    NEVER = "never", _("Never by e-mail")


class DeliveryPreference(models.Model):
    """A person's choice for one category of notices; without a row, the category's default."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="delivery_preferences",
        verbose_name=_("person"),
    )
    category = models.CharField(_("category"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")
        constraints = [
            models.UniqueConstraint(fields=["person", "category"], name="one_delivery_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.category} · {self.delivery}"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


class DigestSubscription(models.Model):
    """How often a person's digest comes and when the last one was sent (the run's guard)."""

    person = models.OneToOneField(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="digest_subscription",
        verbose_name=_("person"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"{self.person} · {self.frequency}"
