"""Every ISO 3166-1 country, named in English, French and Arabic and in its own languages."""

from __future__ import annotations

import importlib
from importlib import resources

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clusterbridge.directory import imports
from clusterbridge.directory.models import Country
from clusterbridge.directory.reference import COUNTRIES
from clusterbridge.directory.tabular import read_table
from tests.conftest import World
from tests.factories import OrganisationFactory, country

pytestmark = pytest.mark.django_db

HEADER = "name,email,organisation,country,city,position,time_zone,languages,gender,bio\n"


def _iso_3166_codes() -> set[str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text("utf-8")
    return {line.split("\t")[0] for line in table.splitlines() if line and line[0] != "#"}


def test_the_country_table_holds_the_249_iso_3166_countries() -> None:
    codes = set(Country.objects.values_list("code", flat=True))
    assert len(codes) == 249
    assert codes == _iso_3166_codes()


def test_the_reference_countries_keep_their_hand_written_facts() -> None:
    for row in COUNTRIES:
        saved = country(str(row["code"]))
        assert (saved.name, saved.region, saved.default_time_zone) == (
            row["name"],
            row["region"],
            row["tz"],
        )
        assert (saved.weekend_days, saved.languages) == (row["weekend"], row["languages"])
        assert saved.clustering_framework == row["framework"]


def test_the_added_countries_get_their_zone_weekend_region_and_languages() -> None:
    saudi_arabia, japan, austria = country("SA"), country("JP"), country("AT")
    assert (saudi_arabia.default_time_zone, saudi_arabia.weekend_days) == ("Asia/Riyadh", [4, 5])
    assert saudi_arabia.languages == ["ar"]
    assert (japan.name, japan.default_time_zone, japan.weekend_days) == (
        "Japan",
        "Asia/Tokyo",
        [5, 6],
    )
    assert (austria.region, japan.region) == ("eu", "other")


def test_the_migration_adds_the_missing_countries_and_leaves_existing_rows_alone() -> None:
    migration = importlib.import_module("clusterbridge.directory.migrations.0009_every_country")
    reference_codes = [row["code"] for row in COUNTRIES]
    Country.objects.exclude(code__in=reference_codes).delete()
    Country.objects.filter(code="IT").update(default_time_zone="Europe/Vatican")

    migration.add_missing_countries(apps, connection.schema_editor())

    assert Country.objects.count() == 249
    assert country("IT").default_time_zone == "Europe/Vatican"


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("en", "PS", "Palestine"),
        ("fr", "IT", "Italie"),
        ("ar", "EG", "مصر"),
        ("en", "JP", "Japan"),
        ("fr", "JP", "Japon"),
        ("ar", "JP", "اليابان"),
        ("fr", "BR", "Brésil"),
    ],
)
def test_every_country_is_named_in_the_viewers_language(language, code, name) -> None:
    with translation.override(language):
        assert str(country(code)) == name


def test_the_people_import_understands_a_countrys_name_in_its_own_languages() -> None:
    typed = {"Italia": "IT", "España": "ES", "مصر": "EG", "Deutschland": "DE", "Japon": "JP"}
    typed |= {"日本": "JP", "Brasil": "BR", "Schweiz": "CH", "Svizzera": "CH", "Ελλάδα": "GR"}
    content = HEADER + "".join(
        f"P{index},p{index}@example.org,,{name},,,,,,\n" for index, name in enumerate(typed)
    )
    preview = imports.preview_people(read_table(content.encode()))
    assert preview.rejected == []
    assert [values["country"].code for values in preview.valid] == list(typed.values())


def test_an_unknown_country_is_still_refused_with_its_value() -> None:
    content = HEADER + "P,p@example.org,,Atlantis,,,,,,\n"
    preview = imports.preview_people(read_table(content.encode()))
    assert [rejection.reason for rejection in preview.rejected] == ["unknown country “Atlantis”"]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_every_page_of_the_country_list_costs_the_same_queries(world: World) -> None:
    client = Client()
    client.force_login(world.users["amina"])
    OrganisationFactory(country=country("JP"))
    client.get("/countries/")
    first, last = _queries(client, "/countries/"), _queries(client, "/countries/?page=5")
    assert first == last


def test_the_directory_filter_offers_every_country_and_accepts_a_new_one(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.users["mona"])
    with translation.override("fr"):
        response = client.get(f"/directory/?country={country('JP').pk}")
    assert response.status_code == 200
    assert response.content.decode().count("<option") >= 249


def test_a_new_countrys_page_shows_its_name(world: World) -> None:
    client = Client()
    client.force_login(world.users["amina"])
    response = client.get("/countries/JP/")
    assert response.status_code == 200
    assert "Japan" in response.content.decode()
