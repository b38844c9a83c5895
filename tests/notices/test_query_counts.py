"""The announcements list costs the same number of queries for 1 announcement as for 3."""

from __future__ import annotations

import pytest
from django.test import Client

from clusterbridge.notices.models import Announcement, AnnouncementRecipient, AnnouncementVersion
from tests.factories import ParticipationFactory, PersonFactory, ProgrammeFactory, UserFactory
from tests.test_query_counts import _queries

pytestmark = pytest.mark.django_db


def _client_of(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


@pytest.mark.parametrize("role", ["manager", "mentee"])
def test_announcement_list_queries_do_not_grow_with_announcements(role: str) -> None:
    counts = []
    for items in (1, 3):
        programme = ProgrammeFactory()
        reader = PersonFactory(user=UserFactory())
        ParticipationFactory(programme=programme, role=role, person=reader)
        for number in range(items):
            announcement = Announcement.objects.create(
                programme=programme,
                author=PersonFactory(),
                audience="everyone",
                language="en",
                subject=f"News {number}",
                body="Text",
            )
            AnnouncementVersion.objects.create(
                announcement=announcement, language="fr", subject="Nouvelles", body="Texte"
            )
            AnnouncementRecipient.objects.create(announcement=announcement, person=reader)
        url = f"/programmes/{programme.slug}/announcements/"
        counts.append(_queries(_client_of(reader), url))
    assert counts[0] == counts[1], f"{counts[0]} queries for 1 announcement, {counts[1]} for 3"
