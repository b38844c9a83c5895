from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, Expression, Prefetch, Q, QuerySet, When

from clusterbridge.common import figures
from clusterbridge.competences.selectors import profile_competences
from clusterbridge.directory.models import Country, Organisation, Person, PersonLanguage
from clusterbridge.directory.search import terms


def organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("country")
        .prefetch_related("sectors", "labels")
        .order_by("name")
    )


def organisation_names() -> list[str]:
    """Every organisation's name once, for the list the profile form offers as one types."""
    names = Organisation.objects.order_by("name").values_list("name", flat=True).distinct()
    return list(names)


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


def _prefix_query(word: str) -> SearchQuery:
    # The word must match as a prefix: "mecat" finds "mecatronique". Words are normalised
    # (letters, digits, _ and @ only), so quoting them keeps the raw tsquery well-formed.
    return SearchQuery(f"'{word}':*", search_type="raw", config="simple")


# The same expression as the GIN indexes of migration directory 0006, so PostgreSQL uses them.
_DOCUMENT = SearchVector("search_text", config="simple")


def _matching(rows: QuerySet[Any], word: str) -> QuerySet[Any]:
    matches: QuerySet[Any] = (
        rows.alias(document=_DOCUMENT).filter(document=_prefix_query(word)).values("pk")
    )
    return matches


def _begins_a_word(word: str, field: str = "search_text") -> Q:
    """The normalised text (single-space separated words) has a word beginning with ``word``:
    what PostgreSQL's prefix query matches, as plain string tests any database runs."""
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


def _own_hits(words: list[str]) -> Expression:
    """How many of the words begin a word of the row's own normalised text.

    Cheap string tests rather than ts_rank, which would rebuild every matching row's text
    vector: a broad word ("cluster") matches thousands of people.
    """
    hits: list[Expression] = [Case(When(_begins_a_word(word), then=1), default=0) for word in words]
    return reduce(operator.add, hits)


def search_people(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """People whose name, alternate name, position or organisation matches every word.

    Every word must begin a word of those texts ("mecat" finds "Mécatronique", "tronique"
    does not): on PostgreSQL a full-text prefix search answered from GIN indexes, elsewhere the
    same test on the normalised texts. People matched on their own texts come first, then
    those matched through their organisation, each alphabetically.
    """
    words = terms(query)
    if not words:
        return people
    if _uses_postgres():
        for word in words:
            # Two index lookups, each run once: an OR of the match itself with the
            # organisation's would make PostgreSQL rebuild the text vector of every person.
            people = people.filter(
                Q(pk__in=_matching(Person.objects.all(), word))
                | Q(organisation_id__in=_matching(Organisation.objects.all(), word))
            )
    else:
        for word in words:
            people = people.filter(
                _begins_a_word(word) | _begins_a_word(word, "organisation__search_text")
            )
    return people.alias(own_hits=_own_hits(words)).order_by("-own_hits", "full_name")


def search_organisations(items: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Organisations whose name, acronym, alternate name or city matches every word."""
    words = terms(query)
    if not words:
        return items
    if _uses_postgres():
        for word in words:
            items = items.filter(pk__in=_matching(Organisation.objects.all(), word))
        return items
    for word in words:
        items = items.filter(_begins_a_word(word))
    return items


def countries_with_counts() -> QuerySet[Country]:
    return Country.objects.annotate(organisation_count=Count("organisations")).order_by("name")


def person_profile(people: QuerySet[Person], pk: int) -> Person:
    """The person ``pk`` among ``people`` (DoesNotExist otherwise), with what the profile shows.

    Whether the viewer may see them is asked on each call; the profile itself (five queries
    for its lists) is kept until the data changes (common/figures.py): a third of the pages
    people open are profiles.
    """
    if not people.filter(pk=pk).exists():
        raise Person.DoesNotExist
    return figures.by_id("person-profile", [pk], _profiles)[pk]


def _profiles(ids: Sequence[int]) -> dict[int, Person]:
    return {
        person.pk: person
        for person in Person.objects.filter(pk__in=ids)
        .select_related("country", "organisation__country")
        .prefetch_related(
            Prefetch("languages", queryset=PersonLanguage.objects.order_by("language")),
            Prefetch("competences", queryset=profile_competences()),
            "participations__programme",
            "sectors",
        )
    }


def person_photo(people: QuerySet[Person], pk: int) -> Person:
    """Only what the photo needs, of a person among ``people``; DoesNotExist otherwise."""
    return people.select_related(None).only("pk", "photo").get(pk=pk)
