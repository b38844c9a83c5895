"""Where personal data lives, how a person downloads it and how it is anonymised (GDPR).

Every model that holds personal data is registered here from its app's ``privacy.py``
(discovered at start-up): which rows belong to a person, and what erasure does to them. Models
that hold none are declared with the reason. tests/common/test_privacy.py fails when a model is
neither, so a new model cannot forget the person's rights.

Erasure keeps rows that programme statistics count (participations, pairs, invitations,
competences) and replaces what identifies the person; then it rewrites the audit trail of
those rows and replaces any remaining mention of the name or e-mail address in any text
column of any table (a meeting titled after a mentee, an admin log line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

FORMAT = "clusterbridge-personal-data"
VERSION = 1
ERASED = "[erased]"
# Shorter names are not searched for across the database: "Ali" would hit "quality".
MIN_NAME_LENGTH_TO_SCRUB = 4


@dataclass(frozen=True)
class Erasure:
    """What is being erased and what replaces it."""

    person: Any
    name: str
    email: str
    placeholder_name: str
    placeholder_email: str
    user_id: int | None
    # The name in another script ("ياسمين بنكيران" beside "Yasmine Benkirane"): as identifying.
    alternate_name: str = ""

    @property
    def names(self) -> list[str]:
        """The names searched for across the database (too short ones would hit other text)."""
        names = (self.name, self.alternate_name)
        return [name for name in names if len(name) >= MIN_NAME_LENGTH_TO_SCRUB]


Rows = Callable[[Any], QuerySet[Any]]
Anonymiser = Callable[[QuerySet[Any], Erasure], None]


@dataclass(frozen=True)
class PersonalModel:
    model: type[models.Model]
    rows: Rows
    anonymise: Anonymiser | None
    kept_because: str
    exported: bool = True
    never_exported: tuple[str, ...] = field(default=())


_registry: dict[str, PersonalModel] = {}
_not_personal: dict[str, str] = {}


def register(
    model: type[models.Model],
    *,
    rows: Rows,
    anonymise: Anonymiser | None = None,
    kept_because: str = "",
    exported: bool = True,
    never_exported: Iterable[str] = (),
) -> None:
    """Declare that ``model`` holds personal data.

    rows(person) returns the person's rows. anonymise(rows, erasure) changes or deletes them;
    None keeps them as they are, and kept_because must then say why that is right.
    """
    if anonymise is None and not kept_because:
        raise ValueError(f"{model._meta.label}: say why rows are kept as they are.")
    _registry[model._meta.label] = PersonalModel(
        model=model,
        rows=rows,
        anonymise=anonymise,
        kept_because=kept_because,
        exported=exported,
        never_exported=tuple(never_exported),
    )


def not_personal(label: str, *, reason: str) -> None:
    """Declare that the model ``app_label.ModelName`` holds no personal data, and why."""
    _not_personal[label] = reason


def registered() -> dict[str, PersonalModel]:
    return dict(_registry)


def declared_not_personal() -> dict[str, str]:
    return dict(_not_personal)


# Export (right of access)


def _value(value: Any) -> Any:
    # An uploaded file is exported by its stored name; the person downloads it from its page.
    return value.name if isinstance(value, FieldFile) else value


def _row(instance: models.Model, hidden: tuple[str, ...]) -> dict[str, Any]:
    return {
        model_field.attname: _value(getattr(instance, model_field.attname))
        for model_field in instance._meta.concrete_fields
        if model_field.name not in hidden
    }


def export_data(person: Any) -> dict[str, Any]:
    """Every registered row of the person, field by field."""
    data = {
        label: [_row(instance, entry.never_exported) for instance in entry.rows(person)]
        for label, entry in sorted(_registry.items())
        if entry.exported
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "person_id": person.pk,
        "data": data,
    }


def export_json(person: Any) -> str:
    return json.dumps(export_data(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# Erasure (right to be forgotten)


def erase(erasure: Erasure) -> None:
    """Anonymise every registered row, their audit entries, and every other mention.

    The caller runs this in one transaction with the audit log switched off, so the erasure
    itself does not write the old values into the trail.
    """
    touched: list[tuple[type[models.Model], list[Any]]] = []
    for entry in _registry.values():
        if entry.model is LogEntry:
            continue
        queryset = entry.rows(erasure.person)
        touched.append((entry.model, list(queryset.values_list("pk", flat=True))))
    for entry in _registry.values():
        if entry.anonymise is not None:
            entry.anonymise(entry.rows(erasure.person), erasure)
    for model, pks in touched:
        _rewrite_audit_entries(model, [str(pk) for pk in pks])
    scrub_everywhere(erasure)


def _rewrite_audit_entries(model: type[models.Model], pks: list[str]) -> None:
    """Keep when and by whom each row changed; drop what the values were."""
    if not pks:
        return
    current = {str(obj.pk): str(obj) for obj in model._base_manager.filter(pk__in=pks)}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=pks
    )
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=current.get(entry.object_pk, ERASED),
            changes={name: [ERASED, ERASED] for name in changes},
            changes_text="",
            serialized_data=None,
        )


def _needles(erasure: Erasure) -> list[tuple[re.Pattern[str], str]]:
    needles = [(re.compile(re.escape(erasure.email), re.IGNORECASE), erasure.placeholder_email)]
    for name in erasure.names:
        whole_name = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        needles.append((whole_name, erasure.placeholder_name))
    return needles


def _replace(value: Any, needles: list[tuple[re.Pattern[str], str]]) -> Any:
    if isinstance(value, str):
        for pattern, replacement in needles:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_replace(item, needles) for item in value]
    if isinstance(value, dict):
        return {_replace(key, needles): _replace(item, needles) for key, item in value.items()}
    return value


def _search_terms(erasure: Erasure) -> list[str]:
    terms = [erasure.email, *erasure.names]
    # SQLite keeps JSON with non-ASCII characters escaped (\u0623...).
    terms += [json.dumps(term)[1:-1] for term in list(terms)]
    return list(dict.fromkeys(terms))


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
# Session data is signed and encoded; the person's sessions are deleted instead.
NOT_SCRUBBED = {"sessions.Session"}


def scrub_everywhere(erasure: Erasure) -> int:
    """Replace the name and e-mail address in every text column of every table."""
    needles = _needles(erasure)
    terms = _search_terms(erasure)
    changed = 0
    for model in apps.get_models():
        if model._meta.label in NOT_SCRUBBED or not model._meta.managed:
            continue
        columns = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        condition = Q()
        for column in columns:
            for term in terms:
                condition |= Q(**{f"{column.name}__icontains": term})
        for instance in model._base_manager.filter(condition):
            updates = {
                column.attname: _replace(getattr(instance, column.attname), needles)
                for column in columns
            }
            updates = {
                name: value for name, value in updates.items() if value != getattr(instance, name)
            }
            if updates:
                model._base_manager.filter(pk=instance.pk).update(**updates)
                changed += 1
    return changed


def delete_rows(rows: QuerySet[Any], erasure: Erasure) -> None:
    """An anonymiser that deletes the person's rows outright."""
    rows.delete()


def rows_of(model: type[models.Model], field: str = "person") -> Rows:
    """The rows of ``model`` whose ``field`` is the person."""
    return lambda person: model._default_manager.filter(**{field: person})
