"""Journey objects for tests, made through the services with plain, valid defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.journeys import services
from clusterbridge.journeys.models import (
    CollaborationOutcome,
    Goal,
    Milestone,
    ServiceOutcome,
    SessionLog,
    Survey,
)
from clusterbridge.programmes.models import Pair, Programme
from tests.factories import OrganisationFactory

IN_PROGRAMME = date(2021, 3, 1)
NOW = datetime(2021, 11, 30, 12, tzinfo=UTC)


def log_of(pair: Pair, **changes: object) -> SessionLog:
    """The pair's first log, made by its mentor on 1 March 2021 if there is none."""
    existing = pair.session_logs.order_by("pk").first()
    if existing is not None and not changes:
        return existing
    arguments: dict[str, Any] = {
        "pair": pair,
        "author": pair.mentor.person,
        "kind": "bilateral_session",
        "held_on": IN_PROGRAMME,
        "duration_minutes": 60,
        "topics": "Action plan",
        "today": date(2021, 10, 31),
    } | changes
    return services.log_session(**arguments)


def goal_of(pair: Pair) -> Goal:
    existing = pair.goals.order_by("pk").first()
    if existing is not None:
        return existing
    return services.create_goal(
        pair=pair,
        author=pair.mentee.person,
        area=CompetenceArea.objects.all()[0],
        title="Adopt an action plan",
        measure="Board vote",
        due_on=date(2021, 9, 30),
        milestones=[("First draft", date(2021, 4, 30))],
    )


def milestone_of(pair: Pair) -> Milestone:
    return goal_of(pair).milestones.earliest("pk")


def survey_of(programme: Programme) -> Survey:
    existing = programme.surveys.order_by("pk").first()
    if existing is not None:
        return existing
    return services.create_survey(programme=programme, kind="end", title="End of programme")


def ratings(value: int = 3, **by_code: int) -> dict[CompetenceIndicator, int]:
    """A full questionnaire: every indicator at ``value`` except those named by code."""
    return {
        i: by_code.get(i.code.replace("-", "_"), value) for i in CompetenceIndicator.objects.all()
    }


def assessed_by_both(pair: Pair, *, stage: str, now: datetime) -> None:
    """The mentee's self-assessment and the mentor's assessment of the mentee at ``stage``."""
    for rater, person in (("self", pair.mentee.person), ("mentor", pair.mentor.person)):
        services.submit_assessment(
            mentee=pair.mentee,
            stage=stage,
            rater=rater,
            rated_by=person,
            ratings=ratings(),
            now=now,
        )


def service_of(pair: Pair) -> ServiceOutcome:
    """A service the pair's mentee reported, made on first use."""
    existing = pair.mentee.service_outcomes.order_by("pk").first()
    if existing is not None:
        return existing
    return services.report_service(
        mentee=pair.mentee,
        reported_by=pair.mentee.person,
        title="Export desk",
        is_new=True,
        launched_on=IN_PROGRAMME,
    )


def collaboration_of(pair: Pair) -> CollaborationOutcome:
    """A collaboration the pair's mentee reported with one partner, made on first use."""
    existing = pair.mentee.collaborations.order_by("pk").first()
    if existing is not None:
        return existing
    return services.report_collaboration(
        mentee=pair.mentee,
        reported_by=pair.mentee.person,
        kind="agreement",
        title="MoU",
        partners=[OrganisationFactory()],
        started_on=IN_PROGRAMME,
    )
