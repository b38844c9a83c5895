from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterbridge.meetings.working_time import (
    FRI_SAT_WEEKEND,
    SAT_SUN_WEEKEND,
    AmbiguousLocalTime,
    NonexistentLocalTime,
    PersonAvailability,
    WeeklyWindow,
    availability_grid,
    calendar_for_country,
    is_working,
    is_working_between,
    local_to_utc,
    working_intervals,
)

MARCH_4 = datetime(2025, 3, 4, tzinfo=UTC)
DST_ZONES = ("Europe/Paris", "Africa/Cairo", "Africa/Casablanca", "Asia/Gaza", "Asia/Hebron")
YEARS = range(2021, 2027)


def _transitions(zone: str, years: range) -> list[tuple[datetime, timedelta, timedelta]]:
    """Instants (UTC) where the zone's offset changes, with the offsets before and after."""
    tz = ZoneInfo(zone)
    found = []
    t = datetime(years.start, 1, 1, tzinfo=UTC)
    end = datetime(years.stop, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    previous = t.astimezone(tz).utcoffset()
    while t < end:
        t += step
        offset = t.astimezone(tz).utcoffset()
        if offset != previous:
            assert previous is not None
            assert offset is not None
            found.append((_exact_change(tz, t - step, t), previous, offset))
            previous = offset
    return found


def _exact_change(tz: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """Bisect to the first minute on the new offset: not every zone changes on the hour."""
    old_offset = before.astimezone(tz).utcoffset()
    while after - before > timedelta(minutes=1):
        middle = before + (after - before) / 2
        if middle.astimezone(tz).utcoffset() == old_offset:
            before = middle
        else:
            after = middle
    return after


def _person(country: str, **kwargs: Any) -> PersonAvailability:
    calendar = calendar_for_country(country, years=range(2024, 2027))
    return PersonAvailability(person_id=country, calendar=calendar, **kwargs)


@pytest.mark.parametrize("zone", DST_ZONES)
def test_every_clock_change_2021_2026_is_refused_with_both_candidates(zone: str) -> None:
    transitions = _transitions(zone, YEARS)
    assert transitions, f"tzdata lists no clock change for {zone}"
    tz = ZoneInfo(zone)
    for instant, before, after in transitions:
        # The wall time half an hour past the transition, read with the old offset.
        wall = (instant + before).replace(tzinfo=None) + (after - before) / 2
        error_type = NonexistentLocalTime if after > before else AmbiguousLocalTime
        with pytest.raises(error_type) as caught:
            local_to_utc(wall, zone)
        earlier, later = caught.value.candidates
        assert earlier < later
        assert later - earlier == abs(after - before)
        if error_type is AmbiguousLocalTime:
            assert all(c.astimezone(tz).replace(tzinfo=None) == wall for c in (earlier, later))


def test_casablanca_ramadan_shift_is_seen_as_two_clock_changes_a_year() -> None:
    per_year = {
        year: len(_transitions("Africa/Casablanca", range(year, year + 1))) for year in YEARS
    }
    # The pinned tzdata (decision 0003) has Morocco back on UTC+0 for good from 21 September
    # 2026: that year has its Ramadan pair of changes and then a third.
    assert per_year == {2021: 2, 2022: 2, 2023: 2, 2024: 2, 2025: 2, 2026: 3}


def test_casablanca_stays_on_utc_after_september_2026() -> None:
    assert _transitions("Africa/Casablanca", range(2027, 2031)) == []
    assert datetime(2030, 6, 1, 12, tzinfo=UTC).astimezone(
        ZoneInfo("Africa/Casablanca")
    ).utcoffset() == timedelta(0)


def test_cairo_observes_summer_time_again_from_2023() -> None:
    years_with_changes = {t.year for t, _, _ in _transitions("Africa/Cairo", YEARS)}
    assert years_with_changes == {2023, 2024, 2025, 2026}


@pytest.mark.parametrize("zone", DST_ZONES)
@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2026, 12, 31)),
)
def test_unambiguous_wall_times_round_trip_through_utc(zone: str, moment: datetime) -> None:
    wall = moment.replace(second=0, microsecond=0)
    try:
        instant = local_to_utc(wall, zone)
    except (NonexistentLocalTime, AmbiguousLocalTime):
        return
    assert instant.tzinfo is UTC
    assert instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == wall


def test_invitees_in_every_zone_see_the_intended_local_time() -> None:
    wall_in_paris = datetime(2025, 3, 31, 9, 0)  # the Monday after Paris moved to summer time
    instant = local_to_utc(wall_in_paris, "Europe/Paris")
    shown = {zone: instant.astimezone(ZoneInfo(zone)).strftime("%H:%M") for zone in DST_ZONES}
    assert shown == {
        "Europe/Paris": "09:00",
        "Africa/Cairo": "09:00",  # Egypt's summer time starts in late April
        "Africa/Casablanca": "07:00",  # Ramadan: Morocco is on UTC+0 until after Eid
        "Asia/Gaza": "09:00",  # Gaza's summer time starts after Ramadan in 2025
        "Asia/Hebron": "09:00",
    }


def test_local_to_utc_rejects_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(datetime(2025, 1, 1, tzinfo=UTC), "Europe/Paris")


def test_weekends_follow_each_country() -> None:
    assert calendar_for_country("EG", years=[2025]).weekend_days == FRI_SAT_WEEKEND
    assert calendar_for_country("PS", years=[2025]).weekend_days == FRI_SAT_WEEKEND
    assert calendar_for_country("TN", years=[2025]).weekend_days == SAT_SUN_WEEKEND
    assert calendar_for_country("ES", years=[2025]).weekend_days == SAT_SUN_WEEKEND


def test_islamic_holidays_are_days_off_in_egypt_and_palestine() -> None:
    for country in ("EG", "PS", "MA", "JO", "TN"):
        calendar = calendar_for_country(country, years=[2025])
        assert any(d.month in (3, 4) for d in calendar.holidays), country  # Eid al-Fitr 2025


def test_unknown_holiday_country_falls_back_to_no_holidays() -> None:
    calendar = calendar_for_country("XX", years=[2025], time_zone="UTC")
    assert calendar.holidays == frozenset()


def test_friday_is_working_in_paris_but_not_in_cairo() -> None:
    friday_noon = datetime(2025, 1, 10, 11, 0, tzinfo=UTC)
    assert is_working(_person("FR"), friday_noon)
    assert not is_working(_person("EG"), friday_noon)


def test_sunday_is_working_in_amman_but_not_in_tunis() -> None:
    sunday_morning = datetime(2025, 1, 12, 8, 0, tzinfo=UTC)
    assert is_working(_person("JO"), sunday_morning)
    assert not is_working(_person("TN"), sunday_morning)


def test_public_holiday_is_not_working_time() -> None:
    bastille_day_noon = datetime(2025, 7, 14, 10, 0, tzinfo=UTC)
    assert not is_working(_person("FR"), bastille_day_noon)


def test_working_hours_are_local_and_follow_summer_time() -> None:
    paris = _person("FR")
    winter_start = datetime(2025, 1, 13, 8, 0, tzinfo=UTC)  # 09:00 CET
    summer_start = datetime(2025, 7, 15, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert is_working(paris, winter_start)
    assert not is_working(paris, winter_start - timedelta(minutes=1))
    assert is_working(paris, summer_start)
    assert not is_working(paris, summer_start - timedelta(minutes=1))


def test_weekly_windows_narrow_the_calendar_hours() -> None:
    mornings_only = _person("FR", weekly_windows=(WeeklyWindow(0, time(7), time(12)),))
    monday = date(2025, 1, 13)
    intervals = working_intervals(
        mornings_only,
        start_utc=datetime.combine(monday, time(0), tzinfo=UTC),
        end_utc=datetime.combine(monday + timedelta(days=7), time(0), tzinfo=UTC),
    )
    assert intervals == [
        (datetime(2025, 1, 13, 8, 0, tzinfo=UTC), datetime(2025, 1, 13, 11, 0, tzinfo=UTC))
    ]


def test_absence_removes_working_time() -> None:
    away = (datetime(2025, 1, 13, 10, 0, tzinfo=UTC), datetime(2025, 1, 13, 12, 0, tzinfo=UTC))
    paris = _person("FR", absences=(away,))
    assert is_working(paris, datetime(2025, 1, 13, 9, 59, tzinfo=UTC))
    assert not is_working(paris, datetime(2025, 1, 13, 10, 0, tzinfo=UTC))
    assert not is_working_between(
        paris,
        start_utc=datetime(2025, 1, 13, 9, 0, tzinfo=UTC),
        end_utc=datetime(2025, 1, 13, 11, 0, tzinfo=UTC),
    )
    assert is_working_between(
        paris,
        start_utc=datetime(2025, 1, 13, 12, 0, tzinfo=UTC),
        end_utc=datetime(2025, 1, 13, 16, 0, tzinfo=UTC),
    )


def test_grid_agrees_with_the_interval_check_for_every_cell() -> None:
    people = [
        _person("EG"),
        _person("MA"),
        _person(
            "PS",
            absences=((datetime(2025, 3, 3, 9, tzinfo=UTC), datetime(2025, 3, 4, tzinfo=UTC)),),
        ),
        _person("FR", weekly_windows=(WeeklyWindow(1, time(13), time(18)),)),
    ]
    start = datetime(2025, 3, 1, tzinfo=UTC)
    end = start + timedelta(days=14)  # spans the Ramadan shift in Casablanca and Paris DST
    grid = availability_grid(people, start_utc=start, end_utc=end, step_minutes=30)
    assert grid.shape == (4, 14 * 48)
    expected = np.array(
        [
            [
                is_working_between(
                    p,
                    start_utc=start + timedelta(minutes=30 * j),
                    end_utc=start + timedelta(minutes=30 * (j + 1)),
                )
                for j in range(grid.shape[1])
            ]
            for p in people
        ]
    )
    assert np.array_equal(grid, expected)
    assert grid.sum(axis=1).min() > 0
