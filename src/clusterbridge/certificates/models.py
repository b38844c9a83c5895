"""Certificates of participation, issued to the people whose pair completed the programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """What the certificate says is kept as issued: a later change of name or programme
    does not rewrite a document already handed out and verified against this row."""

    participation = models.OneToOneField(
        "programmes.Participation",
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("participation"),
    )
    # Unguessable (secrets.token_urlsafe): the public verification link is made of it.
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    name = models.CharField(_("name on the certificate"), max_length=200)
    # The holder's name in Arabic script when they gave one (or typed their name so).
    arabic_name = models.CharField(_("name in Arabic script"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("certificate of participation")
        verbose_name_plural = _("certificates of participation")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} – {self.participation.programme}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    def get_additional_data(self) -> dict[str, int]:
        """Tags this object's audit entries with its programme (the managers' trail)."""
        return {"programme": self.participation.programme_id}
