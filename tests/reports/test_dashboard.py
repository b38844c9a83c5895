"""The home page's charts: a manager's programmes and a pair's journey, at a glance."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.demo.programme import demo_logins
from clusterbridge.journeys.models import Assessment, SessionLog
from clusterbridge.journeys.services import create_goal
from clusterbridge.programmes.models import Pair, Programme
from tests.factories import (
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.journeys.factories import log_of

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo(module_demo: None, db: None) -> None:
    return None


def _client(email: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    User.objects.filter(email=email).update(language=language)
    return client


def _demo_email(role: str) -> str:
    return next(login.email for login in demo_logins() if login.role == role)


def _figures(page: str) -> dict[str, str]:
    return dict(re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', page, flags=re.S))


def _svg(figure: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", figure, flags=re.S)
    assert found is not None
    return ET.fromstring(found.group())


def _table(figure: str) -> list[list[str]]:
    found = re.search(r"<tbody>(.*?)</tbody>", figure, flags=re.S)
    assert found is not None
    body = found.group(1)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def test_a_manager_sees_sessions_health_assessments_and_surveys_each_with_a_table(demo) -> None:
    page = _client(_demo_email("programme manager")).get("/home/").content.decode()
    figures = _figures(page)
    running = Programme.objects.get(slug="cluster-mentoring-reloaded-current")
    closed = Programme.objects.get(slug="cluster-mentoring-reloaded")
    assert {
        f"programme-{running.pk}-{chart}" for chart in ("sessions", "health", "assessments")
    } <= set(figures)
    assert f"programme-{closed.pk}-surveys" in figures
    for figure in figures.values():
        svg = _svg(figure)
        assert svg.get("role") == "img"
        assert svg.findtext(f"{SVG}title")
        assert svg.findtext(f"{SVG}desc")
        assert "<figcaption>" in figure
        assert "<details>" in figure
        # Every category of the chart is a row of its table, in the same order.
        drawn = "".join(
            t.text or "" for t in svg.iter(f"{SVG}text") if t.get("class") == "category-label"
        ).replace(" ", "")
        categories = "".join(row[0] for row in _table(figure)).replace(" ", "")
        assert categories
        assert drawn == categories
    # The table says what the bars say: the closed edition's sessions, month by month.
    rows = _table(figures[f"programme-{closed.pk}-sessions"])
    logged = SessionLog.objects.filter(pair__programme=closed, group_session__isnull=True).count()
    assert sum(int(row[1]) for row in rows) == logged
    assessments = _table(figures[f"programme-{running.pk}-assessments"])
    done = Assessment.objects.filter(programme=running, stage="baseline", rater="self").count()
    assert assessments[0][1] == str(done)


def test_the_charts_are_mirrored_in_arabic(demo) -> None:
    page = _client(_demo_email("programme manager"), "ar").get("/home/").content.decode()
    running = Programme.objects.get(slug="cluster-mentoring-reloaded-current")
    svg = _svg(_figures(page)[f"programme-{running.pk}-sessions"])
    assert svg.get("direction") == "rtl"
    label = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "category-label")
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "segment")
    # Month names on the right, bars growing leftwards from the zero line.
    assert float(label.get("x", 0)) > float(bar.get("x", 0)) + float(bar.get("width", 0))


def test_a_mentor_sees_the_journey_so_far(demo) -> None:
    email = _demo_email("mentor")
    page = _client(email).get("/home/").content.decode()
    pair = Pair.objects.get(
        mentor__person__user__email=email, status="confirmed", programme__slug__endswith="current"
    )
    figures = _figures(page)
    progress = _table(figures[f"pair-{pair.pk}-progress"])
    sessions = next(row for row in progress if row[0] == "Sessions")
    assert int(sessions[1]) == pair.session_logs.count()
    goals = next(row for row in progress if row[0] == "Goals")
    assert int(goals[1]) == pair.goals.filter(status="reached").count()
    assert f"pair-{pair.pk}-sessions" in figures


def test_a_member_without_a_programme_sees_no_chart(demo) -> None:
    page = _client(_demo_email("community member")).get("/home/").content.decode()
    assert "<figure" not in page


def _queries(client: Client) -> int:
    client.get("/home/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/home/").status_code == 200
    return len(context.captured_queries)


def _running_programme() -> Programme:
    today = timezone.localdate()
    return ProgrammeFactory(
        status="running", starts_on=today - timedelta(days=120), ends_on=today + timedelta(days=180)
    )


@pytest.mark.django_db
def test_the_managers_charts_cost_the_same_queries_for_one_programme_as_for_three() -> None:
    counts = []
    for programmes in (1, 3):
        user = UserFactory()
        manager = PersonFactory(user=user)
        for _ in range(programmes):
            programme = _running_programme()
            ParticipationFactory(programme=programme, person=manager, role="manager")
            for _pair in range(programmes):
                pair = PairFactory(programme=programme, status="confirmed")
                log_of(
                    pair,
                    held_on=programme.starts_on + timedelta(days=10),
                    today=timezone.localdate(),
                )
        client = Client()
        client.force_login(user)
        counts.append(_queries(client))
        assert len(_figures(client.get("/home/").content.decode())) == 3 * programmes
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_journey_charts_cost_the_same_queries_for_one_pair_as_for_three() -> None:
    counts = []
    for pairs in (1, 3):
        user = UserFactory()
        mentor = PersonFactory(user=user)
        for _ in range(pairs):
            programme = _running_programme()
            pair = PairFactory(
                programme=programme,
                status="confirmed",
                mentor=ParticipationFactory(programme=programme, person=mentor, role="mentor"),
            )
            log_of(
                pair, held_on=programme.starts_on + timedelta(days=10), today=timezone.localdate()
            )
            create_goal(
                pair=pair,
                author=pair.mentee.person,
                area=CompetenceArea.objects.all()[0],
                title="Adopt an action plan",
                measure="Board vote",
                due_on=programme.ends_on,
                milestones=[],
            )
        client = Client()
        client.force_login(user)
        counts.append(_queries(client))
        assert len(_figures(client.get("/home/").content.decode())) == 2 * pairs
    assert counts[0] == counts[1]
