"""The demo programme's journey gives the impact report real figures."""

from __future__ import annotations

import pytest
from django.utils import timezone

from clusterbridge.demo.programme import SLUG
from clusterbridge.journeys import selectors
from clusterbridge.journeys.models import Assessment, CollaborationOutcome, SessionLog
from clusterbridge.programmes.models import Pair, Programme
from clusterbridge.reports.impact import build_impact_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo: None, db: None) -> Programme:
    """The demo programme, built once for this module; what a test writes is rolled back."""
    return Programme.objects.get(slug=SLUG)


def test_every_demo_mentee_has_baseline_midterm_and_end_assessments(demo: Programme) -> None:
    stages = Assessment.objects.filter(programme=demo, rater="self").values_list("stage", flat=True)
    assert sorted(set(stages)) == ["baseline", "end", "midterm"]
    assert len(stages) == 13 * 3


def test_the_demo_logs_sessions_over_the_ten_months(demo: Programme) -> None:
    logs = SessionLog.objects.filter(pair__programme=demo)
    months = {day.month for day in logs.values_list("held_on", flat=True)}
    assert months == set(range(2, 11))


def test_the_demo_report_shows_real_figures(demo: Programme) -> None:
    report = build_impact_report(demo, now=timezone.now())
    headline = {label: value for label, value, _kind in report.headline}

    sessions = headline["Sessions held"]
    silver = headline["Silver label: mentees with 3 or more improved areas (mentor)"]

    assert headline["Mentees"] == 13
    assert isinstance(sessions, int)
    assert sessions > 90
    assert isinstance(silver, int)
    assert 0 < silver < 13
    assert {c.level for c in CollaborationOutcome.objects.all()} == {
        "national",
        "regional",
        "international",
    }
    assert report.table("ties").rows  # collaborations between participant clusters


def test_a_missing_final_assessment_flags_no_pair_once_the_programme_is_closed(
    demo: Programme,
) -> None:
    mentor_end = Assessment.objects.filter(programme=demo, stage="end", rater="mentor")
    assert mentor_end.count() == Pair.objects.filter(programme=demo).count() - 1
    pairs = selectors.pairs_with_health_data(Pair.objects.filter(programme=demo))
    flags = [
        health.flags
        for health in selectors.health_of_pairs(pairs, now=timezone.now()).values()
        if health.flags
    ]
    assert flags == []
