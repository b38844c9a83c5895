"""Every outgoing e-mail, kept until the mail server accepts it (docs/deployment.md, "E-mail")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxMessage(models.Model):
    """One e-mail, serialised so it can be rebuilt into the same EmailMessage at each attempt.

    ``message_id`` is the Message-ID header of every attempt: a message re-sent after a crash
    between the server's acceptance and the row's update reaches its reader with the same ID.
    """

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"), blank=True)
    content_subtype = models.CharField(max_length=20, default="plain")
    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(default=list)
    bcc = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    # [[content, mimetype], ...] as EmailMultiAlternatives keeps them.
    alternatives = models.JSONField(default=list)
    # Each attachment as {"mime": text of the MIME part} or {"filename", "content", "mimetype"}
    # with the content base64-encoded.
    attachments = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # A worker holds a message in `sending` until then; past it, the worker is taken for dead.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class OutboxRecipient(models.Model):
    """Each address of a message, lower-cased, so pages can find mail to given people."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="recipients")
    address = models.CharField(max_length=320, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "address"], name="outbox_recipient_once")
        ]

    def __str__(self) -> str:
        return self.address
