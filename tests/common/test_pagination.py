"""Pages read their ids first: the same rows, in the same order, as Django's own cut."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from clusterbridge.common.pagination import IdsFirstPaginator
from clusterbridge.directory.models import Country, Organisation
from tests.factories import OrganisationFactory


def _both(queryset, number: int) -> tuple[list[Any], list[Any]]:
    return (
        list(Paginator(queryset, 25).page(number)),
        list(IdsFirstPaginator(queryset, 25).page(number)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 5, 10])
def test_a_page_holds_the_rows_djangos_paginator_gives_in_its_order(number: int) -> None:
    countries = Country.objects.order_by("region", "-code")
    plain, narrowed = _both(countries, number)
    assert narrowed == plain
    assert len(narrowed) in (25, Country.objects.count() % 25)


@pytest.mark.django_db
def test_an_empty_list_gives_an_empty_first_page() -> None:
    page = IdsFirstPaginator(Country.objects.none(), 25).get_page(1)
    assert list(page) == []
    assert page.paginator.num_pages == 1


@pytest.mark.django_db
def test_annotations_and_joins_of_the_list_reach_the_pages_rows() -> None:
    OrganisationFactory.create_batch(3)
    organisations = (
        Organisation.objects.select_related("country")
        .annotate(sectors_count=Count("sectors"))
        .order_by("-name")
    )
    plain, narrowed = _both(organisations, 1)
    assert narrowed == plain
    with CaptureQueriesContext(connection) as queries:
        shown = [(o.country.code, o.sectors_count) for o in narrowed]
    assert shown == [(o.country.code, o.sectors_count) for o in plain]
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_distinct_list_is_cut_as_django_does() -> None:
    countries = Country.objects.filter(organisations__isnull=False).distinct().order_by("name")
    OrganisationFactory.create_batch(2)
    plain, narrowed = _both(countries, 1)
    assert narrowed == plain
