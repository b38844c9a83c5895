from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from clusterbridge.directory.models import Country, Organisation, Person, PersonLanguage
from clusterbridge.journeys.models import PersonCompetence


def organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("country")
        .prefetch_related("sectors", "labels")
        .order_by("name")
    )


def countries_with_counts() -> QuerySet[Country]:
    return Country.objects.annotate(organisation_count=Count("organisations")).order_by("name")


def person_profile(people: QuerySet[Person], pk: int) -> Person:
    return (
        people.select_related("country", "organisation__country")
        .prefetch_related(
            Prefetch("languages", queryset=PersonLanguage.objects.order_by("language")),
            Prefetch(
                "competences",
                queryset=PersonCompetence.objects.select_related("area").order_by(
                    "kind", "area__order"
                ),
            ),
            "participations__programme",
        )
        .get(pk=pk)
    )
