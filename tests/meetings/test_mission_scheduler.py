from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_array

from clusterbridge.meetings.mission_scheduler import (
    MeetingRequest,
    MissionProblem,
    MissionSchedule,
    PersonId,
    mission_upper_bound,
    schedule_mission,
    schedule_mission_greedy,
)


def _random_problem(rng: random.Random, *, people: int, requests: int, slots: int, tables: int):
    pairs = [(a, b) for a in range(people) for b in range(a + 1, people)]
    chosen = rng.sample(pairs, min(requests, len(pairs)))
    return MissionProblem(
        participants=list(range(people)),
        requests=[MeetingRequest(a, b) for a, b in chosen],
        slot_count=slots,
        table_count=tables,
        absent_slots={
            p: set(rng.sample(range(slots), rng.randint(0, slots // 2))) for p in range(people)
        },
    )


@st.composite
def problems(draw: st.DrawFn) -> MissionProblem:
    people = draw(st.integers(2, 9))
    slots = draw(st.integers(1, 5))
    pairs = [(a, b) for a in range(people) for b in range(a + 1, people)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=18))
    absent: dict[PersonId, set[int]] = {
        p: draw(st.sets(st.integers(0, slots - 1), max_size=slots)) for p in range(people)
    }
    return MissionProblem(
        participants=list(range(people)),
        requests=[MeetingRequest(a, b, priority=i % 2) for i, (a, b) in enumerate(chosen)],
        slot_count=slots,
        table_count=draw(st.integers(0, 4)),
        absent_slots=absent,
    )


def _ilp_optimum(problem: MissionProblem) -> int:
    """Exact maximum number of meetings via a time-indexed integer programme."""
    variables = [
        (e, s)
        for e, r in enumerate(problem.requests)
        for s in range(problem.slot_count)
        if s not in problem.absent_slots.get(r.first, ())
        and s not in problem.absent_slots.get(r.second, ())
    ]
    if not variables:
        return 0
    rows: dict[tuple[str, object], int] = {}
    entries = []
    for column, (e, s) in enumerate(variables):
        r = problem.requests[e]
        for key in (("request", e), ("person", (r.first, s)), ("person", (r.second, s))):
            entries.append((rows.setdefault(key, len(rows)), column))
        entries.append((rows.setdefault(("slot", s), len(rows)), column))
    matrix = lil_array((len(rows), len(variables)))
    for row, column in entries:
        matrix[row, column] = 1
    upper = np.array([problem.table_count if kind == "slot" else 1 for kind, _ in rows])
    result = milp(
        c=-np.ones(len(variables)),
        constraints=LinearConstraint(matrix.tocsr(), 0, upper),
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, 1),
    )
    optimum: int = round(-result.fun)
    return optimum


def _assert_feasible(problem: MissionProblem, schedule: MissionSchedule) -> None:
    seen_person_slot: Counter[tuple[PersonId, int]] = Counter()
    seen_slot_table: Counter[tuple[int, int]] = Counter()
    for m in schedule.meetings:
        request = problem.requests[m.request_index]
        assert (m.first, m.second) == (request.first, request.second)
        assert 0 <= m.slot < problem.slot_count
        assert 0 <= m.table < problem.table_count
        for person in (m.first, m.second):
            assert m.slot not in problem.absent_slots.get(person, ())
            seen_person_slot[(person, m.slot)] += 1
        seen_slot_table[(m.slot, m.table)] += 1
    assert max(seen_person_slot.values(), default=0) <= 1
    assert max(seen_slot_table.values(), default=0) <= 1
    placed = {m.request_index for m in schedule.meetings}
    assert len(placed) == len(schedule.meetings)
    assert placed.isdisjoint(schedule.unplaced)
    assert placed | set(schedule.unplaced) == set(range(len(problem.requests)))


@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_schedule_never_double_books_ignores_absences_or_overfills_tables(
    problem: MissionProblem,
) -> None:
    for schedule in (schedule_mission(problem, stall_rounds=300), schedule_mission_greedy(problem)):
        _assert_feasible(problem, schedule)
        assert schedule.placed_count <= schedule.bound.value


@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_agendas_list_each_meeting_for_both_people_in_slot_order(problem: MissionProblem) -> None:
    schedule = schedule_mission(problem, stall_rounds=300)
    agendas = schedule.agendas()
    assert sum(len(items) for items in agendas.values()) == 2 * schedule.placed_count
    for person, items in agendas.items():
        slots = [item.slot for item in items]
        assert slots == sorted(set(slots))
        for item in items:
            request = problem.requests[item.request_index]
            assert {person, item.other} == {request.first, request.second}


@settings(max_examples=60, deadline=None)
@given(problem=problems())
def test_proven_bound_is_never_below_the_exact_optimum(problem: MissionProblem) -> None:
    assert mission_upper_bound(problem).value >= _ilp_optimum(problem)


@pytest.mark.parametrize("seed", range(40))
def test_scheduler_places_as_many_meetings_as_the_exact_optimum_on_tiny_missions(
    seed: int,
) -> None:
    rng = random.Random(seed)
    problem = _random_problem(
        rng,
        people=rng.randint(4, 9),
        requests=rng.randint(6, 16),
        slots=rng.randint(2, 4),
        tables=rng.randint(1, 3),
    )
    schedule = schedule_mission(problem, stall_rounds=2000, seed=seed)
    _assert_feasible(problem, schedule)
    assert schedule.placed_count == _ilp_optimum(problem)


def test_scheduler_beats_greedy_when_popular_people_are_oversubscribed() -> None:
    rng = random.Random(7)
    people = list(range(60))
    requests = [MeetingRequest(star, p) for star in range(3) for p in range(3, 60)]
    requests += [MeetingRequest(a, b) for a, b in (rng.sample(people[3:], 2) for _ in range(80))]
    problem = MissionProblem(
        participants=people,
        requests=list(dict.fromkeys(requests)),
        slot_count=6,
        table_count=20,
        absent_slots={p: {rng.randrange(6)} for p in people},
    )
    greedy = schedule_mission_greedy(problem)
    best = schedule_mission(problem)
    _assert_feasible(problem, best)
    assert best.placed_count >= greedy.placed_count
    assert best.bound_ratio >= 0.98


def test_bound_takes_table_capacity_into_account() -> None:
    problem = MissionProblem(
        participants=list(range(8)),
        requests=[MeetingRequest(2 * i, 2 * i + 1) for i in range(4)],
        slot_count=1,
        table_count=2,
    )
    bound = mission_upper_bound(problem)
    assert bound.value == 2
    assert bound.method == "table capacity per slot"
    assert schedule_mission(problem).placed_count == 2


def test_popular_person_is_capped_by_the_slots_they_attend() -> None:
    problem = MissionProblem(
        participants=list(range(6)),
        requests=[MeetingRequest(0, p) for p in range(1, 6)],
        slot_count=4,
        table_count=5,
        absent_slots={0: {3}},
    )
    schedule = schedule_mission(problem)
    assert mission_upper_bound(problem).value == 3
    assert schedule.placed_count == 3
    assert len(schedule.unplaced) == 2


def test_gap_compaction_closes_idle_slots_between_meetings() -> None:
    problem = MissionProblem(
        participants=["ana", "bo", "cy"],
        requests=[MeetingRequest("ana", "bo"), MeetingRequest("ana", "cy")],
        slot_count=6,
        table_count=1,
        absent_slots={"bo": {0, 1, 2}, "cy": {4, 5}},
    )
    schedule = schedule_mission(problem)
    assert schedule.placed_count == 2
    assert schedule.idle_gaps == 0
    assert sorted(item.slot for item in schedule.agendas()["ana"]) in ([2, 3], [3, 4])


def test_higher_priority_request_wins_a_contested_last_slot() -> None:
    problem = MissionProblem(
        participants=["star", "low", "high"],
        requests=[MeetingRequest("star", "low"), MeetingRequest("star", "high", priority=5)],
        slot_count=1,
        table_count=1,
    )
    schedule = schedule_mission(problem)
    assert [m.second for m in schedule.meetings] == ["high"]


def test_request_with_an_unknown_participant_is_rejected() -> None:
    problem = MissionProblem(
        participants=[1, 2], requests=[MeetingRequest(1, 3)], slot_count=2, table_count=1
    )
    with pytest.raises(KeyError):
        schedule_mission(problem)


def test_request_to_meet_oneself_is_rejected() -> None:
    problem = MissionProblem(
        participants=[1, 2], requests=[MeetingRequest(1, 1)], slot_count=2, table_count=1
    )
    with pytest.raises(ValueError, match="themselves"):
        schedule_mission(problem)
