"""GIN indexes for the directory's full-text search on PostgreSQL (SQLite has no equivalent).

The indexed expressions are exactly those `directory.selectors` filter on
(`SearchVector("search_text", config="simple")`), so PostgreSQL answers a search from the index
instead of building the text vector of every row.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEXES = {
    "directory_person_search_gin": "directory_person",
    "directory_organisation_search_gin": "directory_organisation",
}


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin '
            "(to_tsvector('simple'::regconfig, COALESCE(\"search_text\", '')))"
        )


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_consent_records_and_erasure")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
