"""The matching list pages cost the same number of queries for 1 item as for 3."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from clusterbridge.matching.models import MatchingRun, MatchingWish, PairConstraint
from clusterbridge.programmes.models import Participation, Programme
from tests.factories import ParticipationFactory, PersonFactory, ProgrammeFactory, UserFactory
from tests.test_query_counts import _queries

pytestmark = pytest.mark.django_db


def _proposal(mentee: Participation, mentor: Participation) -> dict[str, object]:
    return {
        "mentee": mentee.pk,
        "mentor": mentor.pk,
        "score": 0.5,
        "locked": False,
        "contributions": {"needs_expertise": 0.3, "language": 0.2},
        "rules_satisfied": ["cross_border"],
        "rules_broken": [],
        "regret": {"score": 0.1, "mentees": 0},
    }


def _add_proposals(programme: Programme, owner: Participation, count: int) -> None:
    pairs = [
        (
            ParticipationFactory(programme=programme, role="mentee"),
            ParticipationFactory(programme=programme, role="mentor"),
        )
        for _ in range(count)
    ]
    MatchingRun.objects.create(
        programme=programme,
        mode="optimal",
        mentees=count + 1,
        mentors=count,
        matched_mentees=count,
        total_score=0.5 * count,
        blocking_pairs=0,
        proposals=[_proposal(mentee, mentor) for mentee, mentor in pairs],
        unmatched=[
            {
                "mentee": ParticipationFactory(programme=programme, role="mentee").pk,
                "code": "no_feasible_mentor",
                "params": {"rules": ["common_language"]},
            }
        ],
    )


def _add_constraints(programme: Programme, owner: Participation, count: int) -> None:
    for _ in range(count):
        PairConstraint.objects.create(
            programme=programme,
            mentee=ParticipationFactory(programme=programme, role="mentee"),
            mentor=ParticipationFactory(programme=programme, role="mentor"),
            kind="lock",
        )


def _add_wishes(programme: Programme, owner: Participation, count: int) -> None:
    for rank in range(1, count + 1):
        MatchingWish.objects.create(
            participation=owner,
            other=ParticipationFactory(programme=programme, role="mentor"),
            kind="wish",
            rank=rank,
        )


PAGES: list[tuple[str, str, str, Callable[[Programme, Participation, int], None]]] = [
    ("proposals", "manager", "", _add_proposals),
    ("constraints", "manager", "constraints/", _add_constraints),
    ("wishes", "mentee", "wishes/", _add_wishes),
]


@pytest.mark.parametrize(("page", "role", "suffix", "add"), PAGES, ids=[p[0] for p in PAGES])
def test_matching_list_queries_do_not_grow_with_items(page, role, suffix, add) -> None:
    counts = []
    for items in (1, 3):
        programme = ProgrammeFactory(status="matching")
        user = UserFactory()
        owner = ParticipationFactory(
            programme=programme, role=role, person=PersonFactory(user=user)
        )
        add(programme, owner, items)
        client = Client()
        client.force_login(user)
        counts.append(_queries(client, f"/programmes/{programme.slug}/matching/{suffix}"))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 1 item, {counts[1]} for 3"
