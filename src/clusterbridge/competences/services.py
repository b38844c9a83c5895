"""Writes of people's expertise and needs. One transaction each; bad input is a ValidationError
with a translated message and leaves what was saved as it was."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from clusterbridge.competences.models import CompetenceArea, CompetenceKind, PersonCompetence


def check_rating(value: object, *, field: str) -> int:
    """The value, when it is a level of the 1–5 scale; otherwise a refusal on ``field``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            {
                field: ValidationError(
                    _("A rating must be a whole number from 1 to 5, not “%(value)s”."),
                    params={"value": value},
                )
            }
        )
    return value


@transaction.atomic
def save_expertise(*, person_id: int, levels: Mapping[CompetenceArea, int]) -> None:
    """A mentor's expertise per area, 1–5. Side effect: replaces their expertise rows."""
    for area, level in levels.items():
        check_rating(level, field=f"area_{area.pk}")
    _replace(
        person_id, CompetenceKind.EXPERTISE, {area.pk: level for area, level in levels.items()}
    )


@transaction.atomic
def replace_needs(*, person_id: int, levels: Mapping[int, int]) -> None:
    """A mentee's need per area id, 1–5, as matching reads it. Side effect: replaces their
    need rows."""
    for area_id, level in levels.items():
        check_rating(level, field=f"area_{area_id}")
    _replace(person_id, CompetenceKind.NEED, levels)


def _replace(person_id: int, kind: CompetenceKind, levels: Mapping[int, int]) -> None:
    PersonCompetence.objects.filter(person_id=person_id, kind=kind).delete()
    PersonCompetence.objects.bulk_create(
        PersonCompetence(person_id=person_id, area_id=area_id, kind=kind, level=level)
        for area_id, level in levels.items()
    )
