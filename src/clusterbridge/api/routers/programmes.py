"""Programmes, participations, pairs and meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from clusterbridge.api.common import ERRORS, Id, IsoDate, ListParams, Out, Page, Slug, page
from clusterbridge.api.routers.directory import PersonOut, person_out, private_ids
from clusterbridge.directory.models import Person
from clusterbridge.meetings import ics
from clusterbridge.meetings.models import Meeting, MeetingKind, MeetingStatus
from clusterbridge.meetings.selectors import (
    get_visible_meeting,
    meetings_visible_to,
    with_invitee_counts,
)
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    ParticipationStatus,
    Programme,
    ProgrammeStatus,
    Role,
)
from clusterbridge.programmes.selectors import (
    get_visible_pair,
    get_visible_programme,
    pairs_visible_to,
    participants,
    person_of,
    visible_programmes,
)

router = Router(tags=["programmes"])


def visible_programme(request: HttpRequest, slug: Slug) -> Programme:
    return get_visible_programme(user=request.user, slug=slug)


class ProgrammeOut(Out):
    slug: str
    name: str
    edition: str
    kind: str
    status: str
    modality: str
    starts_on: date
    ends_on: date
    description: str


class ProgrammeParams(ListParams):
    status: ProgrammeStatus | None = None
    ordering: Literal["name", "-name", "starts_on", "-starts_on"] = "name"


def _programme(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        slug=programme.slug,
        name=programme.name,
        edition=programme.edition,
        kind=programme.kind,
        status=programme.status,
        modality=programme.modality,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        description=programme.description,
    )


@router.get("/programmes", response={200: Page[ProgrammeOut], **ERRORS}, url_name="programmes")
def programmes(request: HttpRequest, params: Query[ProgrammeParams]) -> Page[ProgrammeOut]:
    items = visible_programmes(request.user)
    if params.status:
        items = items.filter(status=params.status)
    count, rows = page(items, params, params.ordering)
    return Page(count=count, items=[_programme(row) for row in rows])


@router.get("/programmes/{slug:slug}", response={200: ProgrammeOut, **ERRORS}, url_name="programme")
def programme(request: HttpRequest, slug: Slug) -> ProgrammeOut:
    return _programme(visible_programme(request, slug))


class ParticipationOut(Out):
    id: int
    role: str
    status: str
    person: PersonOut
    created_at: datetime


class ParticipationParams(ListParams):
    role: Role | None = None
    status: ParticipationStatus | None = None
    ordering: Literal["person__full_name", "-person__full_name", "created_at", "-created_at"] = (
        "person__full_name"
    )


def _participations(request: HttpRequest, rows: list[Participation]) -> list[ParticipationOut]:
    private = private_ids(request, [row.person for row in rows])
    return [
        ParticipationOut(
            id=row.pk,
            role=row.role,
            status=row.status,
            person=person_out(row.person, private=row.person_id in private),
            created_at=row.created_at,
        )
        for row in rows
    ]


@router.get(
    "/programmes/{slug:slug}/participations",
    response={200: Page[ParticipationOut], **ERRORS},
    url_name="participations",
)
def participations(
    request: HttpRequest, slug: Slug, params: Query[ParticipationParams]
) -> Page[ParticipationOut]:
    items = participants(visible_programme(request, slug))
    if params.role:
        items = items.filter(role=params.role)
    if params.status:
        items = items.filter(status=params.status)
    count, rows = page(items, params, params.ordering)
    return Page(count=count, items=_participations(request, rows))


class PairOut(Out):
    id: int
    status: str
    mentor: ParticipationOut
    mentee: ParticipationOut
    score: float | None
    # Why the matching proposed this pair: criteria and their contributions to the score.
    explanation: dict[str, Any]
    created_at: datetime


class PairParams(ListParams):
    status: PairStatus | None = None
    ordering: Literal["created_at", "-created_at", "score", "-score"] = "created_at"


def _pairs(request: HttpRequest, rows: list[Pair]) -> list[PairOut]:
    sides = _participations(request, [p for row in rows for p in (row.mentor, row.mentee)])
    return [
        PairOut(
            id=row.pk,
            status=row.status,
            mentor=sides[2 * index],
            mentee=sides[2 * index + 1],
            score=row.score,
            explanation=row.explanation or {},
            created_at=row.created_at,
        )
        for index, row in enumerate(rows)
    ]


@router.get(
    "/programmes/{slug:slug}/pairs", response={200: Page[PairOut], **ERRORS}, url_name="pairs"
)
def pairs(request: HttpRequest, slug: Slug, params: Query[PairParams]) -> Page[PairOut]:
    items = pairs_visible_to(request.user, visible_programme(request, slug))
    if params.status:
        items = items.filter(status=params.status)
    count, rows = page(items, params, params.ordering)
    return Page(count=count, items=_pairs(request, rows))


def visible_pair(request: HttpRequest, slug: Slug, pk: Id) -> Pair:
    return get_visible_pair(user=request.user, programme=visible_programme(request, slug), pk=pk)


@router.get(
    "/programmes/{slug:slug}/pairs/{int:pk}", response={200: PairOut, **ERRORS}, url_name="pair"
)
def pair(request: HttpRequest, slug: Slug, pk: Id) -> PairOut:
    return _pairs(request, [visible_pair(request, slug, pk)])[0]


class MeetingOut(Out):
    id: int
    kind: str
    title: str
    description: str
    starts_at: datetime
    duration_minutes: int
    status: str
    online_url: str
    venue: str
    pair: int | None
    invitee_count: int


class MeetingParams(ListParams):
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    starts_on_or_after: IsoDate | None = None
    ordering: Literal["starts_at", "-starts_at", "title", "-title"] = "starts_at"


def _meeting(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        kind=meeting.kind,
        title=meeting.display_title,
        description=meeting.description,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        status=meeting.status,
        online_url=meeting.online_url,
        venue=meeting.venue,
        pair=meeting.pair_id,
        invitee_count=meeting.invitee_count,  # type: ignore[attr-defined]
    )


@router.get(
    "/programmes/{slug:slug}/meetings",
    response={200: Page[MeetingOut], **ERRORS},
    url_name="meetings",
)
def meetings(request: HttpRequest, slug: Slug, params: Query[MeetingParams]) -> Page[MeetingOut]:
    items = meetings_visible_to(request.user, visible_programme(request, slug))
    if params.kind:
        items = items.filter(kind=params.kind)
    if params.status:
        items = items.filter(status=params.status)
    if params.starts_on_or_after is not None:
        items = items.filter(starts_at__date__gte=params.starts_on_or_after)
    count, rows = page(items, params, params.ordering)
    return Page(count=count, items=[_meeting(row) for row in with_invitee_counts(rows)])


def _visible_meeting(request: HttpRequest, slug: Slug, pk: Id) -> Meeting:
    return get_visible_meeting(user=request.user, programme=visible_programme(request, slug), pk=pk)


@router.get(
    "/programmes/{slug:slug}/meetings/{int:pk}",
    response={200: MeetingOut, **ERRORS},
    url_name="meeting",
)
def meeting(request: HttpRequest, slug: Slug, pk: Id) -> MeetingOut:
    return _meeting(with_invitee_counts([_visible_meeting(request, slug, pk)])[0])


@router.get(
    "/programmes/{slug:slug}/meetings/{int:pk}/ics",
    response={200: str, **ERRORS},
    url_name="meeting_ics",
    openapi_extra={
        "responses": {200: {"description": "The invitation", "content": {ics.CONTENT_TYPE: {}}}}
    },
)
def meeting_ics(request: HttpRequest, slug: Slug, pk: Id) -> HttpResponse:
    found = _visible_meeting(request, slug, pk)
    viewer = person_of(request.user)
    if viewer is None:  # a site admin without a profile gets the event in UTC
        viewer = Person(full_name=str(request.user), email=request.user.email, time_zone="UTC")  # type: ignore[union-attr]
    response = HttpResponse(ics.invitation_ics(found, viewer), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response
