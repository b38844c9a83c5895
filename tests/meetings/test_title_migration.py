"""Existing generated titles, in any of the three languages, become names plus parameters.

The database goes back to the migration before the names, gets meetings titled as the plan
generator and session proposals wrote them (English, French, Arabic) and one a manager typed,
and is migrated forward again.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from clusterbridge.meetings.models import Meeting
from tests.conftest import World

pytestmark = pytest.mark.slow

BEFORE_THE_NAMES = ("meetings", "0004_meeting_programme_date_index")
MIGRATION = importlib.import_module(
    "clusterbridge.meetings.migrations.0005_meeting_generated_title"
)


@pytest.mark.parametrize(
    ("kind", "title", "has_pair", "expected"),
    [
        ("joint_meeting", "Kick-off", False, ("kick_off", None)),
        ("joint_meeting", "Réunion de mi-parcours", False, ("mid_term", None)),
        ("joint_meeting", "الاجتماع الختامي", False, ("closing", None)),
        ("bilateral_session", "Bilateral session 12", True, ("bilateral", 12)),
        ("bilateral_session", "جلسة ثنائية 3", True, ("bilateral", 3)),
        ("bilateral_session", "Séance bilatérale : Amina – Marc", True, ("bilateral", None)),
        (
            "group_session",
            "Séance de groupe : échange entre pairs des mentors 2",
            False,
            ("mentor_exchange", 2),
        ),
        ("group_session", "Group session: mentees' peer exchange 4", False, ("mentee_exchange", 4)),
        # Typed by a manager, or the right words on the wrong kind of meeting: left alone.
        ("joint_meeting", "Kick-off with the ministry", False, None),
        ("training", "Kick-off", False, None),
        ("bilateral_session", "Bilateral session: Amina – Marc", False, None),
    ],
)
def test_generated_titles_are_recognised_and_typed_ones_are_not(
    kind: str, title: str, has_pair: bool, expected: tuple[str, int | None] | None
) -> None:
    assert MIGRATION.recognise(kind, title, has_pair) == expected


def test_migrating_names_the_generated_meetings_and_keeps_every_title_text(
    seeded_transactional_db: None, world: World
) -> None:
    call_command("migrate", *BEFORE_THE_NAMES, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE_THE_NAMES).apps
    old_meeting = old.get_model("meetings", "Meeting")
    rows = {
        title: old_meeting.objects.create(
            programme_id=world.reloaded.pk,
            kind=kind,
            title=title,
            starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC),
            duration_minutes=60,
            pair_id=world.pair.pk if kind == "bilateral_session" else None,
        ).pk
        for kind, title in [
            ("joint_meeting", "Réunion de lancement"),
            ("bilateral_session", "Bilateral session 2"),
            ("bilateral_session", "جلسة ثنائية: Amina – Marc"),
            ("joint_meeting", "Our own opening"),
        ]
    }

    call_command("migrate", verbosity=0)

    meetings = {title: Meeting.objects.get(pk=pk) for title, pk in rows.items()}
    assert [m.title for m in meetings.values()] == list(rows)
    with translation.override("en"):
        shown = [m.display_title for m in meetings.values()]
    assert shown == [
        "Kick-off",
        "Bilateral session 2: Amina – Marc",
        "Bilateral session: Amina – Marc",
        "Our own opening",
    ]
