"""A pair's goals, session logs and the mentee's assessments.

Private notes are never served: each belongs to its author's page only. What a pair writes
in a log (shared notes, actions) is served to the pair's mentor and mentee only: managers and
site admins see that a session took place, its date, duration and topics, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router

from clusterbridge.api.common import ERRORS, Id, ListParams, Out, Page, Slug, page
from clusterbridge.api.routers.programmes import visible_pair
from clusterbridge.journeys import selectors
from clusterbridge.journeys.models import GoalStatus, Rater, SessionKind, Stage
from clusterbridge.programmes.selectors import person_of

router = Router(tags=["journeys"])


class MilestoneOut(Out):
    title: str
    due_on: date
    done: bool


class GoalOut(Out):
    id: int
    title: str
    measure: str
    area: str | None
    due_on: date
    status: str
    milestones: list[MilestoneOut]


class GoalParams(ListParams):
    status: GoalStatus | None = None
    ordering: Literal["due_on", "-due_on", "title", "-title"] = "due_on"


@router.get(
    "/programmes/{slug:slug}/pairs/{int:pk}/goals",
    response={200: Page[GoalOut], **ERRORS},
    url_name="goals",
)
def goals(request: HttpRequest, slug: Slug, pk: Id, params: Query[GoalParams]) -> Page[GoalOut]:
    items = selectors.goals_of(visible_pair(request, slug, pk))
    if params.status:
        items = items.filter(status=params.status)
    count, rows = page(items, params, params.ordering)
    return Page(
        count=count,
        items=[
            GoalOut(
                id=goal.pk,
                title=goal.title,
                measure=goal.measure,
                area=goal.area.code if goal.area else None,
                due_on=goal.due_on,
                status=goal.status,
                milestones=[
                    MilestoneOut(title=m.title, due_on=m.due_on, done=m.done)
                    for m in goal.milestones.all()
                ],
            )
            for goal in rows
        ],
    )


class ActionOut(Out):
    description: str
    owner: int | None
    due_on: date | None
    done: bool


class SessionLogOut(Out):
    id: int
    kind: str
    held_on: date
    duration_minutes: int
    topics: str
    # Null for viewers outside the pair.
    shared_notes: str | None
    author: int | None
    actions: list[ActionOut] | None


class LogParams(ListParams):
    kind: SessionKind | None = None
    ordering: Literal["held_on", "-held_on"] = "-held_on"


@router.get(
    "/programmes/{slug:slug}/pairs/{int:pk}/session-logs",
    response={200: Page[SessionLogOut], **ERRORS},
    url_name="session_logs",
)
def session_logs(
    request: HttpRequest, slug: Slug, pk: Id, params: Query[LogParams]
) -> Page[SessionLogOut]:
    pair = visible_pair(request, slug, pk)
    is_member = selectors.side_of(pair, person_of(request.user)) is not None
    items = selectors.logs_of(pair)
    if params.kind:
        items = items.filter(kind=params.kind)
    count, rows = page(items, params, params.ordering)
    return Page(
        count=count,
        items=[
            SessionLogOut(
                id=log.pk,
                kind=log.kind,
                held_on=log.held_on,
                duration_minutes=log.duration_minutes,
                topics=log.topics,
                shared_notes=log.shared_notes if is_member else None,
                author=log.author_id,
                actions=None
                if not is_member
                else [
                    ActionOut(
                        description=a.description,
                        owner=a.owner_id,
                        due_on=a.due_on,
                        done=a.done,
                    )
                    for a in log.actions.all()
                ],
            )
            for log in rows
        ],
    )


class AssessmentOut(Out):
    id: int
    stage: str
    rater: str
    submitted_at: datetime
    # Indicator code → rating.
    ratings: dict[str, int]


class AssessmentParams(ListParams):
    stage: Stage | None = None
    rater: Rater | None = None
    ordering: Literal["submitted_at", "-submitted_at"] = "submitted_at"


@router.get(
    "/programmes/{slug:slug}/pairs/{int:pk}/assessments",
    response={200: Page[AssessmentOut], **ERRORS},
    url_name="assessments",
)
def assessments(
    request: HttpRequest, slug: Slug, pk: Id, params: Query[AssessmentParams]
) -> Page[AssessmentOut]:
    mentee = visible_pair(request, slug, pk).mentee
    items = selectors.assessments_with_ratings(mentee)
    if params.stage:
        items = items.filter(stage=params.stage)
    if params.rater:
        items = items.filter(rater=params.rater)
    count, rows = page(items, params, params.ordering)
    return Page(
        count=count,
        items=[
            AssessmentOut(
                id=a.pk,
                stage=a.stage,
                rater=a.rater,
                submitted_at=a.submitted_at,
                ratings={r.indicator.code: r.value for r in a.ratings.all()},
            )
            for a in rows
        ],
    )
