"""journeys.Collaboration renamed CollaborationOutcome: same table, same rows, same partners.

The database, populated, goes back to the migration before the rename, gets one more
collaboration through the model as it was, and is migrated forward again.
"""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clusterbridge.directory.models import Organisation
from clusterbridge.journeys.models import CollaborationOutcome
from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.journeys.factories import IN_PROGRAMME, collaboration_of

pytestmark = pytest.mark.slow

BEFORE_THE_RENAME = ("journeys", "0006_competences_move_out")


def _model_before(old: Apps, name: str) -> Any:
    """A journeys model as it was before the migration: gone from today's code, so untyped."""
    return old.get_model("journeys", name)


def _rows(table: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY id")
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def test_reported_collaborations_and_their_partners_survive_the_rename(
    seeded_transactional_db: None, world: World
) -> None:
    reported = collaboration_of(world.pair)
    partner = OrganisationFactory()
    call_command("migrate", *BEFORE_THE_RENAME, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE_THE_RENAME).apps
    added = _model_before(old, "Collaboration").objects.create(
        mentee_id=world.pair.mentee_id,
        kind="joint_project",
        title="Joint proposal",
        level="regional",
        started_on=IN_PROGRAMME,
    )
    added.partners.set([partner.pk])
    collaborations_before = _rows("journeys_collaboration")

    call_command("migrate", verbosity=0)

    assert _rows("journeys_collaboration") == collaborations_before
    outcomes = CollaborationOutcome.objects.order_by("pk")
    assert [(c.pk, c.title, c.kind) for c in outcomes] == [
        (reported.pk, "MoU", "agreement"),
        (added.pk, "Joint proposal", "joint_project"),
    ]
    assert list(outcomes[1].partners.all()) == [Organisation.objects.get(pk=partner.pk)]
    assert outcomes[0].partners.count() == 1


def test_the_renamed_model_keeps_its_content_type_and_audit_trail(
    seeded_transactional_db: None, world: World
) -> None:
    reported = collaboration_of(world.pair)
    type_id = ContentType.objects.get_for_model(CollaborationOutcome).pk
    call_command("migrate", *BEFORE_THE_RENAME, verbosity=0)
    assert ContentType.objects.get(pk=type_id).model == "collaboration"

    call_command("migrate", verbosity=0)

    assert ContentType.objects.get_for_model(CollaborationOutcome).pk == type_id
    assert (
        LogEntry.objects.get_for_object(reported).filter(action=LogEntry.Action.CREATE).count() == 1
    )
