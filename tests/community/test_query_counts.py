"""The community's and the directory's new list pages cost the same queries for 1 or 3 items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.community import services
from clusterbridge.community.models import ModerationLog
from clusterbridge.directory.models import Person
from tests.factories import (
    OrganisationFactory,
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

pytestmark = pytest.mark.django_db


def _listed_person() -> Person:
    person = PersonFactory(visibility="public", directory_consent_at=timezone.now())
    person.languages.create(language="ar", level="native")
    return person


def _add_people(manager: Person, count: int) -> None:
    for _ in range(count):
        _listed_person()


def _add_opportunities(manager: Person, count: int) -> None:
    for _ in range(count):
        post = services.post_opportunity(
            author=_listed_person(),
            kind="event",
            title="Open day",
            body="Come",
            countries=[country("MA")],
        )
        services.express_interest(opportunity=post, person=_listed_person())


def _add_reports(manager: Person, count: int) -> None:
    for _ in range(count):
        post = services.post_opportunity(author=_listed_person(), kind="event", title="x", body="y")
        ModerationLog.objects.create(opportunity=post, actor=manager.user, action="reported")


def _add_notifications(manager: Person, count: int) -> None:
    for _ in range(count):
        manager.notifications.create(message="Hello", url="/community/")


def _add_ties(manager: Person, count: int) -> None:
    for _ in range(count):
        services.record_collaboration(
            organisation_a=OrganisationFactory(),
            organisation_b=OrganisationFactory(country=country("FR")),
            kind="project",
            title="Together",
            started_on=date(2021, 5, 1),
        )


def _add_public_organisations(manager: Person, count: int) -> None:
    for _ in range(count):
        OrganisationFactory(public_listing=True).labels.create(kind="national", year=2014)


def _add_programme_pairs(manager: Person, count: int) -> None:
    programme = manager.participations.get().programme
    for _ in range(count):
        pair = PairFactory(programme=programme)
        for participation in (pair.mentor, pair.mentee):
            participation.person.portfolio_consent_at = timezone.now()
            participation.person.save()
            participation.person.languages.create(language="fr", level="C1")


PAGES: list[tuple[str, str, Callable[[Person, int], None], bool]] = [
    ("directory", "/directory/", _add_people, True),
    ("directory (visitor)", "/directory/?q=person", _add_people, False),
    ("organisations (visitor)", "/organisations/", _add_public_organisations, False),
    ("opportunities", "/community/", _add_opportunities, True),
    ("moderation", "/community/moderation/", _add_reports, True),
    ("notifications", "/community/notifications/", _add_notifications, True),
    ("network", "/community/network/", _add_ties, True),
    ("programme network", "/programmes/{slug}/network/", _add_programme_pairs, True),
    ("portfolio", "/programmes/{slug}/portfolio/", _add_programme_pairs, True),
]


@pytest.mark.parametrize(("page", "url", "add", "signed_in"), PAGES, ids=[p[0] for p in PAGES])
def test_list_page_queries_do_not_grow_with_items(page, url, add, signed_in) -> None:
    counts = []
    for items in (1, 3):
        programme = ProgrammeFactory()
        user = UserFactory()
        manager = PersonFactory(user=user)
        ParticipationFactory(programme=programme, person=manager, role="manager")
        add(manager, items)
        client = Client()
        if signed_in:
            client.force_login(user)
        path = url.format(slug=programme.slug)
        client.get(path)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 1 item, {counts[1]} for 3"
