"""Directory search finds names without their accents, in Arabic script, and by acronym."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from clusterbridge.directory import selectors
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.directory.search import normalise, terms
from tests.factories import OrganisationFactory, PersonFactory, country


def test_normalise_drops_accents_case_and_punctuation() -> None:
    assert normalise("Cluster Électronique, Mécatronique & Mécanique") == (
        "cluster electronique mecatronique mecanique"
    )


def test_normalise_unifies_arabic_letter_variants_and_marks() -> None:
    assert normalise("إِيناس") == normalise("ايناس")
    assert normalise("سلمى") == normalise("سلمي")


def test_terms_are_distinct_and_capped() -> None:
    assert terms("a b a c", limit=2) == ["a", "b"]


@pytest.fixture
def ce3m(db: None) -> Organisation:
    return OrganisationFactory(
        name="Cluster Electronique, Mécatronique & Mécanique",
        acronym="CE3M",
        alternate_name="مجموعة الإلكترونيك",
    )


def _names(queryset) -> list[str]:
    return sorted(str(item.name) for item in queryset)


def test_search_finds_mecatronique_without_accents(ce3m: Organisation) -> None:
    OrganisationFactory(name="Textile cluster")
    found = selectors.search_organisations(Organisation.objects.all(), "Mecatronique")
    assert _names(found) == [ce3m.name]


def test_search_finds_an_acronym_whatever_its_case(ce3m: Organisation) -> None:
    found = selectors.search_organisations(Organisation.objects.all(), "ce3m")
    assert _names(found) == [ce3m.name]


def test_search_finds_an_arabic_name_typed_with_other_hamza(ce3m: Organisation) -> None:
    found = selectors.search_organisations(Organisation.objects.all(), "الالكترونيك")
    assert _names(found) == [ce3m.name]


@pytest.mark.django_db
def test_people_are_found_by_arabic_name_and_by_their_organisation() -> None:
    salma = PersonFactory(full_name="Salma Bennani", alternate_name="سلمى بناني")
    PersonFactory(full_name="Karim Tazi")
    arabic = selectors.search_people(Person.objects.all(), "سلمى")
    by_organisation = selectors.search_people(
        Person.objects.all(), salma.organisation.name.split()[-1]
    )
    assert [person.pk for person in arabic] == [salma.pk]
    assert salma.pk in [person.pk for person in by_organisation]


@pytest.mark.django_db
def test_every_word_of_the_query_must_match() -> None:
    PersonFactory(full_name="Salma Bennani")
    PersonFactory(full_name="Salma Idrissi")
    found = selectors.search_people(Person.objects.all(), "salma idrissi")
    assert [person.full_name for person in found] == ["Salma Idrissi"]


@pytest.mark.django_db
def test_directory_page_filters_by_country_and_language(client) -> None:
    listed = {"visibility": "public", "directory_consent_at": timezone.now()}
    tunisian = PersonFactory(full_name="Amel Ben Salah", country=country("TN"), **listed)
    tunisian.languages.create(language="ar", level="native")
    PersonFactory(full_name="Claire Dumont", country=country("FR"), **listed)
    response = client.get("/directory/", {"country": "TN", "language": "ar"})
    assert [person.full_name for person in response.context["page"]] == ["Amel Ben Salah"]


@pytest.mark.django_db
def test_directory_page_searches_without_accents(client) -> None:
    listed = {"visibility": "public", "directory_consent_at": timezone.now()}
    PersonFactory(full_name="Hélène Mécatronique", **listed)
    PersonFactory(full_name="Someone Else", **listed)
    response = client.get("/directory/", {"q": "helene"})
    assert [person.full_name for person in response.context["page"]] == ["Hélène Mécatronique"]


@pytest.mark.django_db
def test_a_word_may_match_the_name_on_one_side_and_the_organisation_on_the_other() -> None:
    textile = OrganisationFactory(name="Textile Valley")
    sofia = PersonFactory(full_name="Sofia Rossi", organisation=textile)
    PersonFactory(full_name="Sofia Bianchi")
    found = selectors.search_people(Person.objects.all(), "sofia textile")
    assert [person.pk for person in found] == [sofia.pk]


@pytest.mark.django_db
def test_people_matched_by_their_own_name_come_before_those_matched_by_organisation() -> None:
    marta = OrganisationFactory(name="Marta Logistics")
    employee = PersonFactory(full_name="Anna Abate", organisation=marta)
    named = PersonFactory(full_name="Marta Zanetti")
    found = selectors.search_people(Person.objects.all(), "marta")
    assert [person.pk for person in found] == [named.pk, employee.pk]


@pytest.mark.django_db
def test_postgresql_answers_a_search_from_the_text_indexes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the text indexes exist on PostgreSQL only")
    PersonFactory(full_name="Salma Bennani")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: force the planner's hand
        for queryset, index in (
            (selectors.search_people(Person.objects.all(), "salma"), "directory_person_search_gin"),
            (
                selectors.search_organisations(Organisation.objects.all(), "cluster"),
                "directory_organisation_search_gin",
            ),
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


def test_a_word_matches_from_the_start_of_a_word_on_every_database(ce3m: Organisation) -> None:
    organisations = Organisation.objects.all()

    assert _names(selectors.search_organisations(organisations, "mecat")) == [ce3m.name]
    assert _names(selectors.search_organisations(organisations, "tronique")) == []
