"""Conversations: one model for a pair, a group session's group, a programme's peer groups and
channel, and the i-Community's discussion groups.

Who belongs to a conversation of a programme is read from the programme (its pair, its
accepted participants, the pairs of a group session), so it follows every change there; only
discussion groups keep their members in `Membership`. `message_count` and `last_message_at`
are kept on the conversation by the services: the list sorts on them, and managers and pair
health read them without ever reading a message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme
from clusterbridge.directory.models import Person, Sector


class Kind(models.TextChoices):
    PAIR = "pair", _("Pair")
    GROUP_SESSION = "group_session", _("Group session")
    MENTORS = "mentors", _("Mentors of the programme")
    MENTEES = "mentees", _("Mentees of the programme")
    PROGRAMME = "programme", _("Whole programme")
    COMMUNITY = "community", _("Discussion group")


PROGRAMME_WIDE = (Kind.MENTORS, Kind.MENTEES, Kind.PROGRAMME)


class Conversation(AuditedInProgramme, models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("programme"),
    )
    pair = models.OneToOneField(
        "programmes.Pair",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("pair"),
    )
    group_session = models.OneToOneField(
        "journeys.GroupSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("group session"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    created_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"],
                condition=models.Q(kind__in=PROGRAMME_WIDE),
                name="conversation_one_channel_per_programme_and_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=Kind.PAIR) | models.Q(pair__isnull=False),
                name="conversation_of_a_pair_has_its_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=Kind.GROUP_SESSION)
                | models.Q(group_session__isnull=False),
                name="conversation_of_a_group_session_has_it",
            ),
        ]
        indexes = [models.Index(fields=["-last_message_at", "-id"], name="conversation_activity")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.pk])


class Membership(models.Model):
    """A member of a discussion group; moderators hide messages there."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("conversation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
        verbose_name=_("person"),
    )
    is_moderator = models.BooleanField(_("moderator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "person"], name="membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ∈ {self.conversation}"


def attachment_path(message: Message, filename: str) -> str:
    # The stored name is never the uploaded one: it is served through a view, not a URL.
    return f"conversations/{message.conversation_id}/{filename}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    mentions = models.ManyToManyField(
        Person, blank=True, related_name="mentioned_in", verbose_name=_("mentions")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden by a moderator"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["conversation", "sent_at", "id"], name="message_thread")]

    def __str__(self) -> str:
        return f"{self.author} · {self.sent_at:%Y-%m-%d %H:%M}"


class ReadMark(models.Model):
    """Until when a person has read a conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "person"], name="read_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.conversation} until {self.read_at}"


class ModerationAction(models.TextChoices):
    REPORTED = "reported", _("Reported")
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")


class ModerationLog(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="moderation_log", verbose_name=_("message")
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
        return f"{self.get_action_display()}: {self.message_id}"


class SentNotification(models.Model):
    """One e-mail about new messages of a conversation, per person and period.

    Inserted before the mail leaves: a second run in the same period finds it and skips.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="+", verbose_name=_("conversation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    period = models.DateTimeField(_("period"))
    up_to = models.DateTimeField(_("messages up to"))
    message_count = models.PositiveIntegerField(_("messages"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message notification")
        verbose_name_plural = _("message notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person", "period"], name="message_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.conversation} · {self.period}"
