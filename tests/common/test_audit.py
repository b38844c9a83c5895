"""The audit trail: every write with its actor and time; managers read their programme's."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.db import models

from clusterbridge.programmes.models import Pair, Programme
from tests.conftest import World
from tests.factories import PairFactory, ParticipationFactory


def _close_through_the_closing_page(world: World) -> None:
    """Mona closes programme "reloaded" out: its pairs completed, then the programme closed."""
    Pair.objects.filter(programme=world.reloaded).update(status="completed")
    world.client_for("mona").post(f"/programmes/{world.reloaded.slug}/closing/close/")


def test_a_change_through_a_page_is_recorded_with_its_actor(world: World) -> None:
    _close_through_the_closing_page(world)
    entry = LogEntry.objects.get_for_object(world.reloaded).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == world.users["mona"]
    assert entry.changes_dict["status"] == ["running", "closed"]


def test_creations_and_deletions_are_recorded(world: World) -> None:
    participation = ParticipationFactory(programme=world.reloaded, role="mentee")
    pk = participation.pk
    participation.delete()
    actions = list(
        LogEntry.objects.filter(object_pk=str(pk), content_type__model="participation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_passwords_are_not_recorded(world: World) -> None:
    user = world.users["marc"]
    user.set_password("A-new-secret-passphrase")
    user.save()
    entries = LogEntry.objects.get_for_object(user)
    assert all("password" not in (entry.changes_dict or {}) for entry in entries)


def test_the_manager_reads_the_trail_of_their_programme_only(world: World) -> None:
    PairFactory(programme=world.other)
    _close_through_the_closing_page(world)
    response = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/audit/")
    entries = list(response.context["page"])
    assert entries
    assert {entry.additional_data["programme"] for entry in entries} == {world.reloaded.pk}
    assert "mona@example.org" in response.content.decode()


def test_a_deleted_pair_stays_in_its_programme_trail(world: World) -> None:
    pair = PairFactory(programme=world.reloaded)
    pk = pair.pk
    pair.delete()
    trail = LogEntry.objects.filter(additional_data__programme=world.reloaded.pk)
    assert trail.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).count() == 1


def _leads_to_programme(model: type[models.Model], depth: int = 2) -> bool:
    for field in model._meta.get_fields():
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        target = field.related_model
        if target is Programme:
            return True
        if depth > 1 and isinstance(target, type) and _leads_to_programme(target, depth - 1):
            return True
    return False


def test_every_programme_model_tags_its_audit_entries_with_the_programme() -> None:
    untracked = set(settings.AUDITLOG_EXCLUDE_TRACKING_MODELS)
    untagged = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label
        in {"programmes", "meetings", "matching", "journeys", "community", "reports"}
        and model._meta.label_lower not in untracked
        and (model is Programme or _leads_to_programme(model))
        and not callable(getattr(model, "get_additional_data", None))
    ]
    assert untagged == [], (
        "These models belong to a programme but their audit entries would not show in the "
        "managers' trail: define get_additional_data() returning {'programme': <programme id>}."
    )
