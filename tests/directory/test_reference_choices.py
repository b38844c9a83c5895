"""Country, sector and expertise drop-downs: in the reader's alphabet order, fresh after edits."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from clusterbridge.competences.models import CompetenceArea
from clusterbridge.directory.choices import sort_key
from clusterbridge.directory.filters import PersonFilter
from clusterbridge.directory.models import Country, Person, Sector


def _country_labels(language: str) -> list[str]:
    with translation.override(language):
        form = PersonFilter({}, queryset=Person.objects.all()).form
        select = str(form["country"])
    return re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', select)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_countries_are_listed_in_the_readers_alphabetical_order(language: str) -> None:
    labels = _country_labels(language)
    assert len(labels) == Country.objects.count() > 200
    assert labels == sorted(labels, key=sort_key)


@pytest.mark.django_db
def test_a_french_reader_finds_egypt_among_the_e() -> None:
    labels = _country_labels("fr")
    egypt = labels.index("Égypte")
    assert sort_key(labels[egypt - 1]) < "egypte" < sort_key(labels[egypt + 1])
    assert labels[egypt - 1][0] in "EÉÈ" or labels[egypt + 1][0] in "EÉÈ"


@pytest.mark.django_db
def test_a_renamed_sector_shows_at_once_on_the_directory_search() -> None:
    sector = Sector.objects.order_by("pk").first()
    assert sector is not None
    page = Client().get("/directory/").content.decode()
    assert sector.name in page

    sector.name = "Renamed sector for the test"
    sector.save()

    page = Client().get("/directory/").content.decode()
    assert "Renamed sector for the test" in page


@pytest.mark.django_db
def test_the_expertise_list_keeps_the_competence_framework_order() -> None:
    form = PersonFilter({}, queryset=Person.objects.all()).form
    shown = [label for value, label in form.fields["expertise"].choices if value]
    assert shown == [str(area) for area in CompetenceArea.objects.all()]
