"""Reads of the matching pages: the latest run as table rows, constraints, wishes, why-not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from clusterbridge.accounts.models import User
from clusterbridge.matching import texts
from clusterbridge.matching.cohorts import load_cohort, solve_cohort
from clusterbridge.matching.explain import why_not as engine_why_not
from clusterbridge.matching.models import (
    MatchingRun,
    MatchingWish,
    MentorCapacity,
    PairConstraint,
)
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    ParticipationStatus,
    Programme,
    Role,
)


@dataclass(frozen=True)
class Proposal:
    mentee: Participation
    mentor: Participation
    score: float
    locked: bool
    confirmed: bool
    regret: dict[str, Any] | None
    contributions: list[tuple[str, float]]
    rules_satisfied: list[str]
    rules_broken: list[str]


@dataclass(frozen=True)
class Unmatched:
    participation: Participation
    reason: str


@dataclass(frozen=True)
class RunView:
    run: MatchingRun
    proposals: list[Proposal]
    unmatched: list[Unmatched]
    spare_mentors: list[Unmatched]


SORTS: dict[str, Callable[[Proposal], Any]] = {
    "score": lambda p: p.score,
    "regret": lambda p: (p.regret or {}).get("mentees", 0) * 1e6 + (p.regret or {}).get("score", 0),
    "mentee": lambda p: p.mentee.person.full_name.casefold(),
    "mentor": lambda p: p.mentor.person.full_name.casefold(),
    "country": lambda p: (str(p.mentee.person.country), str(p.mentor.person.country)),
}
DEFAULT_SORT = "-score"


def latest_run(programme: Programme) -> MatchingRun | None:
    return MatchingRun.objects.filter(programme=programme).order_by("-created_at", "-pk").first()


def run_view(run: MatchingRun, *, sort: str = DEFAULT_SORT) -> RunView:
    """The run's proposals with their people (two queries), sorted by ``sort`` (a key of
    SORTS, "-" first for descending)."""
    ids = (
        {p["mentee"] for p in run.proposals}
        | {p["mentor"] for p in run.proposals}
        | {u["mentee"] for u in run.unmatched}
        | {s["mentor"] for s in run.spare_mentors}
    )
    people = {
        participation.pk: participation
        for participation in Participation.objects.filter(pk__in=ids).select_related(
            "person__country", "person__organisation"
        )
    }
    confirmed = set(
        Pair.objects.filter(programme_id=run.programme_id, status=PairStatus.CONFIRMED).values_list(
            "mentee_id", "mentor_id"
        )
    )
    proposals = [
        Proposal(
            mentee=people[item["mentee"]],
            mentor=people[item["mentor"]],
            score=item["score"],
            locked=item["locked"],
            confirmed=(item["mentee"], item["mentor"]) in confirmed,
            regret=item["regret"],
            contributions=[
                (texts.criterion_label(name), value)
                for name, value in item["contributions"].items()
            ],
            rules_satisfied=[texts.rule_label(code) for code in item["rules_satisfied"]],
            rules_broken=[texts.rule_label(code) for code in item["rules_broken"]],
        )
        for item in run.proposals
        if item["mentee"] in people and item["mentor"] in people
    ]
    key = sort.removeprefix("-")
    proposals.sort(key=SORTS.get(key, SORTS["score"]), reverse=sort.startswith("-"))
    return RunView(
        run=run,
        proposals=proposals,
        unmatched=[
            Unmatched(
                people[u["mentee"]],
                texts.unmatched_reason(
                    u["code"], u["params"], name=people[u["mentee"]].person.full_name
                ),
            )
            for u in run.unmatched
            if u["mentee"] in people
        ],
        spare_mentors=[
            Unmatched(
                people[s["mentor"]],
                texts.spare_mentor_reason(
                    s["code"], s["params"], name=people[s["mentor"]].person.full_name
                ),
            )
            for s in run.spare_mentors
            if s["mentor"] in people
        ],
    )


def constraints(programme: Programme) -> QuerySet[PairConstraint]:
    return PairConstraint.objects.filter(programme=programme).select_related(
        "mentor__person__country", "mentee__person__country", "created_by"
    )


def capacities(programme: Programme) -> QuerySet[MentorCapacity]:
    return (
        MentorCapacity.objects.filter(mentor__programme=programme)
        .select_related("mentor__person")
        .order_by("mentor__person__full_name")
    )


def cohort_side(programme: Programme, role: str) -> QuerySet[Participation]:
    return (
        Participation.objects.accepted()
        .filter(programme=programme, role=role)
        .select_related("person__country", "person__organisation")
        .order_by("person__full_name")
    )


def own_participation(user: User, programme: Programme) -> Participation | None:
    """The viewer's mentee or mentor participation in the programme (for their wishes)."""
    return (
        Participation.objects.filter(
            programme=programme,
            person__user_id=user.pk,
            role__in=(Role.MENTEE, Role.MENTOR),
            status__in=(ParticipationStatus.ACCEPTED, ParticipationStatus.APPLIED),
        )
        .select_related("programme", "person")
        .first()
    )


def wishes_of(participation: Participation) -> QuerySet[MatchingWish]:
    return (
        MatchingWish.objects.filter(participation=participation)
        .select_related("other__person__country", "other__person__organisation")
        .order_by("kind", "rank", "other__person__full_name")
    )


@dataclass(frozen=True)
class WhyNotAnswer:
    mentee: Participation
    mentor: Participation
    score: float
    proposed: bool
    reasons: list[str]
    cost: str | None


def why_not(
    programme: Programme, *, mentee: Participation, mentor: Participation, mode: str
) -> WhyNotAnswer:
    """Why the matcher does not pair these two, on the programme's current data: the rules
    that forbid it, what blocks it, or what pairing them would cost the cohort."""
    data = load_cohort(programme)
    i, j = data.mentee_index(mentee.pk), data.mentor_index(mentor.pk)
    if i is None or j is None:
        return WhyNotAnswer(mentee, mentor, 0.0, False, [_not_in_cohort()], None)
    solved = solve_cohort(data, mode=mode)  # type: ignore[arg-type]
    answer = engine_why_not(solved.result, mentee=i, mentor=j)
    reasons = [texts.broken_rule(code) for code in answer.rules]
    if answer.blocked_by and answer.blocked_by != "in_proposal":
        reasons.append(_blocked(answer.blocked_by))
    cost = None
    if answer.forcing_cost is not None:
        cost = texts.drop(answer.forcing_cost.score, answer.forcing_cost.mentees)
    return WhyNotAnswer(
        mentee, mentor, answer.score, answer.blocked_by == "in_proposal", reasons, cost
    )


def _not_in_cohort() -> str:
    return gettext("one of them is not an accepted participant of the cohort")


def _blocked(code: str) -> str:
    if code == "mentee_locked":
        return gettext("the mentee is locked to other mentors")
    return gettext("the mentor has no place left once the locked pairs are counted")


def mentee_count(programme: Programme) -> int:
    """How many accepted mentees the matcher would pair: what decides whether a run is a job."""
    return Participation.objects.filter(
        programme=programme, role=Role.MENTEE, status=ParticipationStatus.ACCEPTED
    ).count()
