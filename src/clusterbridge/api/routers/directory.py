"""Organisations and people."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from clusterbridge.api.common import ERRORS, CountryCode, ForeignId, Id, ListParams, Out, Page, page
from clusterbridge.directory.models import Organisation, OrganisationKind, Person
from clusterbridge.directory.selectors import organisations_visible_to
from clusterbridge.programmes.selectors import (
    get_visible_person,
    people_visible_to,
    people_with_private_data_visible,
)

router = Router(tags=["directory"])


class OrganisationOut(Out):
    id: int
    name: str
    acronym: str
    kind: str
    country: str
    city: str
    website: str
    description: str
    sectors: list[str]


class OrganisationParams(ListParams):
    country: CountryCode | None = None
    kind: OrganisationKind | None = None
    ordering: Literal["name", "-name", "country", "-country"] = "name"


def _organisation(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=organisation.pk,
        name=organisation.name,
        acronym=organisation.acronym,
        kind=organisation.kind,
        country=organisation.country.code,
        city=organisation.city,
        website=organisation.website,
        description=organisation.description,
        sectors=[sector.code for sector in organisation.sectors.all()],
    )


@router.get(
    "/organisations",
    response={200: Page[OrganisationOut], **ERRORS},
    url_name="organisations",
)
def organisations(request: HttpRequest, params: Query[OrganisationParams]) -> Page[OrganisationOut]:
    items = organisations_visible_to(request.user)
    if params.country:
        items = items.filter(country__code=params.country.upper())
    if params.kind:
        items = items.filter(kind=params.kind)
    ordering = params.ordering.replace("country", "country__code")
    count, rows = page(items, params, ordering)
    return Page(count=count, items=[_organisation(row) for row in rows])


@router.get(
    "/organisations/{int:pk}",
    response={200: OrganisationOut, **ERRORS},
    url_name="organisation",
)
def organisation(request: HttpRequest, pk: Id) -> OrganisationOut:
    return _organisation(get_object_or_404(organisations_visible_to(request.user), pk=pk))


class PersonOut(Out):
    id: int
    full_name: str
    position: str
    country: str
    organisation: int | None
    time_zone: str
    bio: str
    created_at: datetime
    # Only for viewers who may see the person's private data, null otherwise.
    email: str | None


class PersonParams(ListParams):
    country: CountryCode | None = None
    organisation: ForeignId | None = None
    ordering: Literal["full_name", "-full_name", "created_at", "-created_at"] = "full_name"


def person_out(person: Person, *, private: bool) -> PersonOut:
    return PersonOut(
        id=person.pk,
        full_name=person.full_name,
        position=person.position,
        country=person.country.code,
        organisation=person.organisation_id,
        time_zone=person.time_zone,
        bio=person.bio,
        created_at=person.created_at,
        email=person.email if private else None,
    )


def private_ids(request: HttpRequest, people: list[Person]) -> set[int]:
    """Whose e-mail the viewer may read among ``people``: one query for the whole list."""
    return set(
        people_with_private_data_visible(request.user)
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )


@router.get("/people", response={200: Page[PersonOut], **ERRORS}, url_name="people")
def people(request: HttpRequest, params: Query[PersonParams]) -> Page[PersonOut]:
    items = people_visible_to(request.user)
    if params.country:
        items = items.filter(country__code=params.country.upper())
    if params.organisation is not None:
        items = items.filter(organisation_id=params.organisation)
    count, rows = page(items, params, params.ordering)
    private = private_ids(request, rows)
    return Page(count=count, items=[person_out(row, private=row.pk in private) for row in rows])


@router.get("/people/{int:pk}", response={200: PersonOut, **ERRORS}, url_name="person")
def person(request: HttpRequest, pk: Id) -> PersonOut:
    found = get_visible_person(user=request.user, pk=pk)
    return person_out(found, private=bool(private_ids(request, [found])))
