"""The competence framework and people's expertise and needs on it.

This app sits below ``directory``, whose filters and profiles read competences: it names a
person only through the ``"directory.Person"`` label, never by importing it. The tables keep
the names they had when these models lived in ``journeys`` (migration 0001 moved no data).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CompetenceArea(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "journeys_competencearea"
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return gettext(self.name)


class CompetenceIndicator(models.Model):
    area = models.ForeignKey(
        CompetenceArea,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("competence area"),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "journeys_competenceindicator"
        verbose_name = _("competence indicator")
        verbose_name_plural = _("competence indicators")
        ordering = ["area__order", "order", "code"]

    def __str__(self) -> str:
        return gettext(self.name)


class CompetenceKind(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    NEED = "need", _("Need")


class PersonCompetence(models.Model):
    """A person's expertise in an area (mentors) or need for it (mentees), rated 1–5."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=_("person"),
    )
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CompetenceKind.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)], default=3
    )

    class Meta:
        db_table = "journeys_personcompetence"
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.UniqueConstraint(fields=["person", "area", "kind"], name="competence_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="competence_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.area} ({self.get_kind_display()} {self.level})"
