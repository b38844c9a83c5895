from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from clusterbridge.directory.models import Country, Organisation, Person, PersonLanguage
from clusterbridge.directory.search import terms
from clusterbridge.journeys.models import PersonCompetence


def organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("country")
        .prefetch_related("sectors", "labels")
        .order_by("name")
    )


def organisations_visible_to(user: object) -> QuerySet[Organisation]:
    """Signed-in members see every organisation; visitors only those listed publicly."""
    if getattr(user, "is_authenticated", False):
        return organisations()
    return organisations().filter(public_listing=True)


def directory_people(people: QuerySet[Person]) -> QuerySet[Person]:
    """A list of profiles with what the directory table shows, in a fixed number of queries."""
    return people.select_related("country", "organisation").prefetch_related(
        Prefetch("languages", queryset=PersonLanguage.objects.order_by("language"))
    )


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _full_text_query(words: list[str]) -> SearchQuery:
    # Every word must match, as a prefix: "mecat" finds "mecatronique". Words are normalised
    # (letters, digits, _ and @ only), so quoting them keeps the raw tsquery well-formed.
    return SearchQuery(
        " & ".join(f"'{word}':*" for word in words), search_type="raw", config="simple"
    )


def search_people(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """People whose name, alternate name, position or organisation matches every word.

    PostgreSQL: full-text search (simple configuration, prefix words) over the normalised
    texts, best match first. Elsewhere: every word contained in one of the normalised texts.
    """
    words = terms(query)
    if not words:
        return people
    if _uses_postgres():
        vector = SearchVector("search_text", "organisation__search_text", config="simple")
        search = _full_text_query(words)
        # Filter on the match itself: ts_rank is positive for partial matches too.
        return (
            people.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "full_name")
        )
    for word in words:
        people = people.filter(
            Q(search_text__contains=word) | Q(organisation__search_text__contains=word)
        )
    return people


def search_organisations(items: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Organisations whose name, acronym, alternate name or city matches every word."""
    words = terms(query)
    if not words:
        return items
    if _uses_postgres():
        vector = SearchVector("search_text", config="simple")
        search = _full_text_query(words)
        return (
            items.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "name")
        )
    for word in words:
        items = items.filter(search_text__contains=word)
    return items


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
