"""The i-Community's opportunities and the collaborations between organisations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from clusterbridge.api.common import ERRORS, ForeignId, Id, ListParams, Out, Page, page
from clusterbridge.community import selectors
from clusterbridge.community.models import Opportunity, OpportunityKind
from clusterbridge.journeys.models import CollaborationKind

router = Router(tags=["community"])


class OpportunityOut(Out):
    id: int
    kind: str
    title: str
    body: str
    author: int
    sector: str | None
    countries: list[str]
    deadline: date | None
    created_at: datetime
    interest_count: int


class OpportunityParams(ListParams):
    kind: OpportunityKind | None = None
    ordering: Literal["created_at", "-created_at", "deadline", "-deadline"] = "-created_at"


def _opportunity(post: Opportunity) -> OpportunityOut:
    return OpportunityOut(
        id=post.pk,
        kind=post.kind,
        title=post.title,
        body=post.body,
        author=post.author_id,
        sector=post.sector.code if post.sector else None,
        countries=sorted(country.code for country in post.countries.all()),
        deadline=post.deadline,
        created_at=post.created_at,
        interest_count=post.interest_count,  # type: ignore[attr-defined]
    )


@router.get(
    "/opportunities", response={200: Page[OpportunityOut], **ERRORS}, url_name="opportunities"
)
def opportunities(request: HttpRequest, params: Query[OpportunityParams]) -> Page[OpportunityOut]:
    items = selectors.opportunities_visible_to(request.user)
    if params.kind:
        items = items.filter(kind=params.kind)
    count, rows = page(items, params, params.ordering)
    return Page(count=count, items=[_opportunity(row) for row in rows])


@router.get(
    "/opportunities/{int:pk}", response={200: OpportunityOut, **ERRORS}, url_name="opportunity"
)
def opportunity(request: HttpRequest, pk: Id) -> OpportunityOut:
    return _opportunity(get_object_or_404(selectors.opportunities_visible_to(request.user), pk=pk))


class CollaborationOut(Out):
    id: int
    kind: str
    title: str
    organisation_a: int
    organisation_b: int
    started_on: date
    programme: str | None


class CollaborationParams(ListParams):
    kind: CollaborationKind | None = None
    organisation: ForeignId | None = None
    ordering: Literal["started_on", "-started_on", "title", "-title"] = "-started_on"


@router.get(
    "/collaborations",
    response={200: Page[CollaborationOut], **ERRORS},
    url_name="collaborations",
)
def collaborations(
    request: HttpRequest, params: Query[CollaborationParams]
) -> Page[CollaborationOut]:
    items = selectors.collaborations()
    if params.kind:
        items = items.filter(kind=params.kind)
    if params.organisation is not None:
        items = items.filter(organisation_a_id=params.organisation) | items.filter(
            organisation_b_id=params.organisation
        )
    count, rows = page(items, params, params.ordering)
    return Page(
        count=count,
        items=[
            CollaborationOut(
                id=row.pk,
                kind=row.kind,
                title=row.title,
                organisation_a=row.organisation_a_id,
                organisation_b=row.organisation_b_id,
                started_on=row.started_on,
                programme=row.programme.slug if row.programme else None,
            )
            for row in rows
        ],
    )
