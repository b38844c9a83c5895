"""Reads of the competence framework and of people's expertise and needs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clusterbridge.competences.models import (
    CompetenceArea,
    CompetenceIndicator,
    CompetenceKind,
    PersonCompetence,
)


def competence_areas() -> QuerySet[CompetenceArea]:
    return CompetenceArea.objects.all()


def competence_indicators() -> QuerySet[CompetenceIndicator]:
    return CompetenceIndicator.objects.select_related("area")


def profile_competences() -> QuerySet[PersonCompetence]:
    """A person's competences as profiles and the portfolio list them (for a ``Prefetch``)."""
    return PersonCompetence.objects.select_related("area").order_by("kind", "area__order")


def expert_ids(area: CompetenceArea) -> QuerySet[PersonCompetence, Any]:
    """The ids of the people with expertise in the area, as a subquery."""
    return PersonCompetence.objects.filter(area=area, kind=CompetenceKind.EXPERTISE).values(
        "person_id"
    )


def top_need_ids(person_id: int) -> list[int]:
    """The areas the person named among their top needs (stored at level 5)."""
    return list(
        PersonCompetence.objects.filter(
            person_id=person_id, kind=CompetenceKind.NEED, level=5
        ).values_list("area_id", flat=True)
    )


def expertise_levels(person_id: int) -> dict[int, int]:
    return dict(
        PersonCompetence.objects.filter(
            person_id=person_id, kind=CompetenceKind.EXPERTISE
        ).values_list("area_id", "level")
    )
