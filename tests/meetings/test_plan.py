from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from clusterbridge.meetings.mission_scheduler import (
    MeetingRequest,
    MissionProblem,
    schedule_mission,
)
from clusterbridge.meetings.plan import (
    MEETING_KINDS,
    Pair,
    PlanRules,
    TrainingRule,
    draft_plan,
    mission_plan,
)
from clusterbridge.meetings.working_time import (
    SAT_SUN_WEEKEND,
    PersonAvailability,
    WorkingCalendar,
    calendar_for_country,
)

START, END = date(2025, 9, 1), date(2025, 11, 30)


def _person(pid: str, country: str) -> PersonAvailability:
    return PersonAvailability(pid, calendar_for_country(country, years=[2025, 2026]))


def _cohort() -> tuple[list[PersonAvailability], list[Pair]]:
    countries = {"m1": "FR", "m2": "IT", "m3": "ES", "e1": "EG", "e2": "MA", "e3": "PS"}
    people = [_person(pid, c) for pid, c in countries.items()]
    return people, [Pair("m1", "e1"), Pair("m2", "e2"), Pair("m3", "e3")]


def test_default_plan_has_three_joint_meetings_at_start_middle_and_end() -> None:
    people, pairs = _cohort()
    plan = draft_plan(start=START, end=END, people=people, pairs=pairs)
    joint = [m for m in plan.meetings if m.kind == "joint_meeting"]
    assert [m.title for m in joint] == ["Kick-off", "Mid-term meeting", "Closing meeting"]
    assert joint[0].start_utc.date() - START < timedelta(days=7)
    assert abs((joint[1].start_utc.date() - date(2025, 10, 16)).days) < 7
    assert END - joint[2].start_utc.date() < timedelta(days=7)
    assert all(set(m.invitee_ids) == {p.person_id for p in people} for m in joint)


def test_each_pair_meets_every_two_weeks_and_peers_meet_monthly() -> None:
    people, pairs = _cohort()
    plan = draft_plan(start=START, end=END, people=people, pairs=pairs)
    bilateral = Counter(m.invitee_ids for m in plan.meetings if m.kind == "bilateral_session")
    assert bilateral == {(p.mentor_id, p.mentee_id): 7 for p in pairs}  # 13 weeks
    groups = [m for m in plan.meetings if m.kind == "group_session"]
    assert Counter(m.invitee_ids for m in groups) == {("m1", "m2", "m3"): 3, ("e1", "e2", "e3"): 3}
    assert not plan.unplaced


def test_plan_stays_inside_the_programme_and_everyones_hours_without_double_booking() -> None:
    people, pairs = _cohort()
    rules = PlanRules(
        trainings=(TrainingRule("Export finance", date(2025, 10, 6), 120, "mentees"),)
    )
    plan = draft_plan(start=START, end=END, people=people, pairs=pairs, rules=rules)
    assert {m.kind for m in plan.meetings} <= set(MEETING_KINDS)
    training = [m for m in plan.meetings if m.kind == "training"]
    assert [m.invitee_ids for m in training] == [("e1", "e2", "e3")]
    for meeting in plan.meetings:
        assert START <= meeting.start_utc.date() <= END
        assert meeting.outside_hours == ()
    for person in people:
        own = sorted(
            (m.start_utc, m.end_utc) for m in plan.meetings if person.person_id in m.invitee_ids
        )
        assert all(end <= nxt for (_, end), (nxt, _) in itertools.pairwise(own))
    assert [m.start_utc for m in plan.meetings] == sorted(m.start_utc for m in plan.meetings)


def test_plan_rotates_the_early_hour_across_a_pairs_sessions() -> None:
    def short_day(pid: str, zone: str) -> PersonAvailability:
        return PersonAvailability(
            pid, WorkingCalendar("XX", zone, SAT_SUN_WEEKEND, time(9), time(13))
        )

    people = [short_day("mentor", "Europe/London"), short_day("mentee", "Europe/Athens")]
    rules = PlanRules(joint_meeting_titles=(), group_duration_minutes=60)
    plan = draft_plan(
        start=date(2025, 1, 6),
        end=date(2025, 3, 28),
        people=people,
        pairs=[Pair("mentor", "mentee")],
        rules=rules,
    )
    sessions = [m for m in plan.meetings if m.kind == "bilateral_session"]
    local_hours = {m.start_utc.hour for m in sessions}
    assert len(local_hours) > 1
    assert abs(plan.history["mentor"] - plan.history["mentee"]) <= 1.0


def test_meeting_without_any_working_invitee_is_reported_unplaced() -> None:
    away = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    people = [
        PersonAvailability("a", calendar_for_country("FR", years=[2025]), absences=(away,)),
        PersonAvailability("b", calendar_for_country("EG", years=[2025]), absences=(away,)),
    ]
    plan = draft_plan(start=START, end=date(2025, 9, 30), people=people, pairs=[Pair("a", "b")])
    assert plan.meetings == ()
    assert {u.kind for u in plan.unplaced} == {
        "joint_meeting",
        "bilateral_session",
        "group_session",
    }


def test_pairs_must_name_people_with_availability() -> None:
    people, _ = _cohort()
    with pytest.raises(ValueError, match="without availability"):
        draft_plan(start=START, end=END, people=people, pairs=[Pair("m1", "ghost")])


def test_mission_schedule_becomes_mission_meetings_at_slot_times() -> None:
    problem = MissionProblem(
        participants=["a", "b", "c"],
        requests=[MeetingRequest("a", "b"), MeetingRequest("a", "c")],
        slot_count=2,
        table_count=1,
    )
    starts = [datetime(2025, 5, 6, 8, 0, tzinfo=UTC), datetime(2025, 5, 6, 8, 30, tzinfo=UTC)]
    planned = mission_plan(schedule_mission(problem), slot_starts_utc=starts, duration_minutes=25)
    assert {m.kind for m in planned} == {"mission_meeting"}
    assert sorted(m.start_utc for m in planned) == starts
    assert {m.invitee_ids for m in planned} == {("a", "b"), ("a", "c")}
