"""Moving the competence models out of journeys keeps every table, row and content type.

The database, populated, is taken back to the last migration before the move, filled further
there through the models as journeys had them, then migrated forward as an existing
installation would be.
"""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps.registry import Apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator, PersonCompetence
from clusterbridge.journeys.models import Goal
from tests.conftest import World
from tests.journeys.factories import goal_of

pytestmark = pytest.mark.slow

BEFORE_THE_MOVE = ("journeys", "0005_survey_batches")
TABLES = ["journeys_competencearea", "journeys_competenceindicator", "journeys_personcompetence"]
MODELS = ["competencearea", "competenceindicator", "personcompetence"]


def _migrate_back_before_the_move() -> Apps:
    call_command("migrate", "competences", "zero", verbosity=0)
    executor = MigrationExecutor(connection)
    assert BEFORE_THE_MOVE in executor.loader.applied_migrations
    assert ("journeys", "0006_competences_move_out") not in executor.loader.applied_migrations
    return executor.loader.project_state(BEFORE_THE_MOVE).apps


def _model_before(old: Apps, name: str) -> Any:
    """A journeys model as it was before the migration: gone from today's code, so untyped."""
    return old.get_model("journeys", name)


def _rows(table: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY id")
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _fill_as_journeys_had_it(old: Apps, world: World) -> dict[str, int]:
    area = _model_before(old, "CompetenceArea").objects.create(
        code="export-readiness", name="Export readiness", order=7
    )
    indicator = _model_before(old, "CompetenceIndicator").objects.create(
        area=area, code="export-plan", name="Export plan", order=1
    )
    competences = _model_before(old, "PersonCompetence").objects
    expertise = competences.create(
        person_id=world.people["marc"].pk, area=area, kind="expertise", level=4
    )
    need = competences.create(person_id=world.people["amina"].pk, area=area, kind="need", level=5)
    return {"area": area.pk, "indicator": indicator.pk, "expertise": expertise.pk, "need": need.pk}


def test_expertise_needs_and_the_framework_survive_the_move_row_for_row(
    seeded_transactional_db: None, world: World
) -> None:
    goal = goal_of(world.pair)
    old = _fill_as_journeys_had_it(_migrate_back_before_the_move(), world)
    tables_before = {table: _rows(table) for table in TABLES}

    call_command("migrate", verbosity=0)

    assert {table: _rows(table) for table in TABLES} == tables_before
    assert [t for t in connection.introspection.table_names() if t.startswith("competences")] == []
    area = CompetenceArea.objects.get(pk=old["area"])
    assert (area.code, area.name, area.order) == ("export-readiness", "Export readiness", 7)
    assert CompetenceIndicator.objects.get(pk=old["indicator"]).area == area
    assert list(
        PersonCompetence.objects.filter(area=area)
        .order_by("pk")
        .values_list("pk", "person", "kind", "level")
    ) == [
        (old["expertise"], world.people["marc"].pk, "expertise", 4),
        (old["need"], world.people["amina"].pk, "need", 5),
    ]
    assert Goal.objects.get(pk=goal.pk).area == goal.area


def test_content_types_permissions_and_audit_entries_move_with_the_models(
    seeded_transactional_db: None,
) -> None:
    area = CompetenceArea.objects.create(code="export-readiness", name="Export readiness")
    old = _migrate_back_before_the_move()
    old_types = old.get_model("contenttypes", "ContentType").objects.filter(app_label="journeys")
    type_ids = dict(old_types.filter(model__in=MODELS).values_list("model", "pk"))
    assert sorted(type_ids) == MODELS

    call_command("migrate", verbosity=0)

    assert {
        model._meta.model_name: ContentType.objects.get_for_model(model).pk
        for model in (CompetenceArea, CompetenceIndicator, PersonCompetence)
    } == {
        "competencearea": type_ids["competencearea"],
        "competenceindicator": type_ids["competenceindicator"],
        "personcompetence": type_ids["personcompetence"],
    }
    assert ContentType.objects.filter(app_label="journeys", model__in=MODELS).count() == 0
    assert (
        Permission.objects.get(codename="change_personcompetence").content_type_id
        == (type_ids["personcompetence"])
    )
    assert LogEntry.objects.get_for_object(area).get().action == LogEntry.Action.CREATE
