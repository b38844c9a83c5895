"""Invitations that give an accepted participant without a login their password."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.audit import AuditedInProgramme


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Sent, not used yet")
    ACCEPTED = "accepted", _("Used: login created")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced by a newer link")


class Invitation(AuditedInProgramme, models.Model):
    """One e-mailed link, ``<BASE_URL>/invitations/<token>/``: single use, expiring.

    Only the SHA-256 digest of the token is stored, so a copy of the database opens no account.
    A participant has at most one pending invitation: a new one replaces the previous.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="login_invitations",
        verbose_name=_("programme"),
    )
    participation = models.ForeignKey(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="login_invitations",
        verbose_name=_("participant"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    # A dead link's holder may ask once for a new one (services.request_new_invitation).
    renewal_requested_at = models.DateTimeField(_("new link asked for"), null=True, blank=True)
    # The language the invitee last wrote to us in (their application form), if we know it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["participation", "-created_at"])]

    def __str__(self) -> str:
        return str(self.participation)

    def state(self, now: datetime) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.replaced_at is not None:
            return InvitationState.REPLACED
        if self.expires_at <= now:
            return InvitationState.EXPIRED
        return InvitationState.PENDING
