from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clusterbridge.meetings.slot_finder import add_inconvenience, find_common_slots
from clusterbridge.meetings.working_time import (
    SAT_SUN_WEEKEND,
    PersonAvailability,
    PersonId,
    WeeklyWindow,
    WorkingCalendar,
    calendar_for_country,
    is_working_between,
)

MONDAY = datetime(2025, 1, 13, tzinfo=UTC)


def _person(pid: str, country: str, **kwargs: Any) -> PersonAvailability:
    calendar = calendar_for_country(country, years=[2024, 2025, 2026])
    return PersonAvailability(person_id=pid, calendar=calendar, **kwargs)


def _short_day(pid: str, zone: str) -> PersonAvailability:
    """09:00-13:00 local, so two such people two hours apart share only two hours."""
    calendar = WorkingCalendar("XX", zone, SAT_SUN_WEEKEND, time(9), time(13))
    return PersonAvailability(person_id=pid, calendar=calendar)


def test_pair_slot_is_inside_both_working_weeks_and_skips_fridays_for_cairo() -> None:
    cairo, paris = _person("amira", "EG"), _person("louis", "FR")
    search = find_common_slots(
        [cairo, paris], start_utc=MONDAY, end_utc=MONDAY + timedelta(days=14), duration_minutes=60
    )
    assert search.slots
    assert search.without_overlap == ()
    for slot in search.slots:
        assert slot.inside_count == 2
        assert slot.start_utc.weekday() not in (4, 5, 6)
        for person in (cairo, paris):
            assert is_working_between(person, start_utc=slot.start_utc, end_utc=slot.end_utc)


def test_explanation_shows_each_invitees_local_start_and_zone() -> None:
    people = [_person("a", "EG"), _person("b", "MA"), _person("c", "FR")]
    search = find_common_slots(
        people, start_utc=MONDAY, end_utc=MONDAY + timedelta(days=7), duration_minutes=60, limit=3
    )
    slot = search.slots[0]
    for view, person in zip(slot.invitees, people, strict=True):
        assert view.person_id == person.person_id
        assert view.time_zone == person.time_zone
        assert view.local_start == slot.start_utc.astimezone(ZoneInfo(person.time_zone))
        assert (
            view.local_start.utcoffset()
            == slot.start_utc.astimezone(ZoneInfo(person.time_zone)).utcoffset()
        )
        assert view.inside_hours
    assert [v.label.split(" ", 1)[1] for v in slot.invitees] == ["Cairo", "Casablanca", "Paris"]


def test_cohort_slots_are_ranked_by_how_many_invitees_are_inside_their_hours() -> None:
    egypt = [_person(f"eg{i}", "EG") for i in range(3)]
    people = [*egypt, _person("fr0", "FR"), _person("fr1", "FR")]
    search = find_common_slots(
        people, start_utc=MONDAY, end_utc=MONDAY + timedelta(days=7), duration_minutes=60, limit=500
    )
    counts = [s.inside_count for s in search.slots]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 5
    friday = [s for s in search.slots if s.start_utc.weekday() == 4 and s.inside_count == 2]
    assert friday
    assert all(set(s.outside) == {"eg0", "eg1", "eg2"} for s in friday)


def test_public_holidays_are_avoided_for_the_person_who_has_them() -> None:
    bastille_week = datetime(2025, 7, 14, tzinfo=UTC)
    paris, tunis = _person("fr", "FR"), _person("tn", "TN")
    search = find_common_slots(
        [paris, tunis],
        start_utc=bastille_week,
        end_utc=bastille_week + timedelta(days=1),
        duration_minutes=60,
    )
    assert all(slot.outside == ("fr",) for slot in search.slots)
    assert search.without_overlap == ("fr", "tn")


def test_persons_with_no_shared_working_hour_are_named() -> None:
    cairo = _person("cairo", "EG")
    friday_only = _person("rome", "IT", weekly_windows=(WeeklyWindow(4, time(9), time(17)),))
    amman = _person("amman", "JO")
    search = find_common_slots(
        [cairo, friday_only, amman],
        start_utc=MONDAY,
        end_utc=MONDAY + timedelta(days=14),
        duration_minutes=60,
    )
    assert search.without_overlap == ("rome",)
    assert search.slots[0].outside == ("rome",)


def test_busy_ranges_are_avoided() -> None:
    a, b = _person("a", "FR"), _person("b", "ES")
    first = find_common_slots(
        [a, b], start_utc=MONDAY, end_utc=MONDAY + timedelta(days=1), duration_minutes=60, limit=1
    ).slots[0]
    again = find_common_slots(
        [a, b],
        start_utc=MONDAY,
        end_utc=MONDAY + timedelta(days=1),
        duration_minutes=60,
        busy={"a": [(first.start_utc, first.end_utc)]},
        limit=1,
    ).slots[0]
    assert again.inside_count == 2
    assert again.start_utc >= first.end_utc or again.end_utc <= first.start_utc


def test_slot_finder_rotates_the_early_hour_across_sessions() -> None:
    london, athens = _short_day("london", "Europe/London"), _short_day("athens", "Europe/Athens")
    history: dict[PersonId, float] = {}
    burdened = []
    for week in range(6):
        monday = MONDAY + timedelta(weeks=week)
        slot = find_common_slots(
            [london, athens],
            start_utc=monday,
            end_utc=monday + timedelta(days=1),
            duration_minutes=60,
            history=history,
            limit=1,
        ).slots[0]
        assert slot.inside_count == 2
        burdened.append(tuple(v.person_id for v in slot.invitees if v.inconvenience > 0))
        history = add_inconvenience(history, slot)
    assert ("london",) in burdened
    assert ("athens",) in burdened
    assert burdened[0] != burdened[1]
    assert abs(history["london"] - history["athens"]) <= 1.0


def test_empty_horizon_reports_everyone_without_overlap() -> None:
    search = find_common_slots(
        [_person("a", "FR"), _person("b", "EG")],
        start_utc=MONDAY,
        end_utc=MONDAY + timedelta(minutes=30),
        duration_minutes=60,
    )
    assert search.slots == ()
    assert search.without_overlap == ("a", "b")


def test_non_positive_duration_is_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        find_common_slots(
            [_person("a", "FR")], start_utc=MONDAY, end_utc=MONDAY, duration_minutes=0
        )
