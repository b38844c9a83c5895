"""Dates and times in each locale's own form, on pages, in e-mails and in Python callers.

Day before month, months named (12/02 reads two ways), a 24-hour clock; Arabic-Indic digits in
Arabic unless the person chose Latin ones; machine formats (URLs, datetime attributes) untouched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from clusterbridge.common import dates

INSTANT = datetime(2026, 2, 12, 16, 21, tzinfo=UTC)


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "12 Feb 2026, 16:21 · 12 February 2026 · Thu 12 Feb, 16:21"),
        ("fr", "12 fév. 2026, 16:21 · 12 février 2026 · Jeudi 12 février, 16:21"),
        ("ar", "١٢ فبراير ٢٠٢٦، ١٦:٢١ · ١٢ فبراير ٢٠٢٦ · الخميس ١٢ فبراير، ١٦:٢١"),
    ],
)
def test_every_language_writes_day_month_name_and_a_24_hour_clock(
    language: str, expected: str
) -> None:
    source = (
        '{{ d|date:"SHORT_DATETIME_FORMAT" }} · {{ d|date:"DATE_FORMAT" }}'
        ' · {{ d|date:"DAY_TIME_FORMAT" }}'
    )
    with translation.override(language), timezone.override(UTC):
        assert _render(source, d=INSTANT) == expected


def test_times_are_shown_in_the_viewers_zone() -> None:
    with translation.override("en"), timezone.override("Africa/Cairo"):
        assert _render('{{ d|date:"DATETIME_FORMAT" }}', d=INSTANT) == "12 February 2026, 18:21"


def test_a_person_who_chose_latin_digits_reads_arabic_pages_with_them() -> None:
    with translation.override("ar"), timezone.override(UTC), dates.override_digits("latin"):
        assert _render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=INSTANT) == (
            "12 فبراير 2026، 16:21"
        )


def test_arabic_indic_digits_can_be_chosen_in_any_language() -> None:
    with translation.override("fr"), dates.override_digits("arabic"):
        assert dates.format_when(date(2026, 3, 3), "DATE_FORMAT") == "٣ mars ٢٠٢٦"


def test_machine_formats_keep_latin_digits_in_arabic() -> None:
    source = "{{ d|date:'c' }} {{ d|date:'Y-m-d' }} {{ t|time:'H:i' }}"
    with translation.override("ar"), timezone.override(UTC):
        rendered = _render(source, d=INSTANT, t=time(9, 5))
    assert rendered == "2026-02-12T16:21:00+00:00 2026-02-12 09:05"


def test_time_of_day_follows_the_language() -> None:
    with translation.override("ar"):
        assert _render('{{ t|time:"TIME_FORMAT" }}', t=time(9, 5)) == "٠٩:٠٥"
    with translation.override("en"):
        assert _render('{{ t|time:"TIME_FORMAT" }}', t=time(21, 5)) == "21:05"


@pytest.mark.parametrize(
    ("language", "ahead", "behind"),
    [
        ("en", "in 3 days", "2 hours ago"),
        ("fr", "dans 3 jours", "il y a 2 heures"),
        ("ar", "خلال ٣ أيام", "قبل ساعتين"),
    ],
)
def test_relative_times_read_naturally_in_each_language(
    language: str, ahead: str, behind: str
) -> None:
    now = datetime(2030, 3, 1, 8, tzinfo=UTC)
    with translation.override(language):
        assert dates.relative(now + timedelta(days=3), now=now) == ahead
        assert dates.relative(now - timedelta(hours=2), now=now) == behind


def test_a_zone_is_named_by_its_city_in_the_readers_language() -> None:
    with translation.override("fr"):
        assert dates.zone_city("Africa/Cairo") == "Le Caire"
    with translation.override("ar"):
        assert dates.zone_city("Africa/Casablanca") == "الدار البيضاء"
    assert dates.zone_city("Not/A_Zone") == "A Zone"


def test_venue_time_gives_the_venues_clock_and_the_viewers_beside_it() -> None:
    source = '{% venue_time d "Europe/Madrid" "DATETIME_FORMAT" end=e %}'
    start = datetime(2030, 6, 4, 7, 30, tzinfo=UTC)
    with translation.override("en"), timezone.override("Africa/Cairo"):
        away = _render(source, d=start, e=start + timedelta(hours=4))
    with translation.override("en"), timezone.override("Europe/Paris"):
        same_clock = _render(source, d=start, e=start + timedelta(hours=4))

    assert away == (
        '<time datetime="2030-06-04T07:30:00+00:00">4 June 2030, 09:30–13:30 (Madrid)</time>'
        ' <span class="muted">(10:30–14:30 your time)</span>'
    )
    assert same_clock == (
        '<time datetime="2030-06-04T07:30:00+00:00">4 June 2030, 09:30–13:30 (Madrid)</time>'
    )


def test_python_callers_get_the_same_formats() -> None:
    with translation.override("fr"), timezone.override(UTC):
        assert dates.format_when(INSTANT, "DATETIME_FORMAT") == "12 février 2026 à 16:21"
        assert dates.format_when(None) == ""
