"""Personal data in journeys: what a pair writes, assessments, surveys and reminders."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusterbridge.common import privacy
from clusterbridge.journeys.models import (
    AgreedAction,
    Agreement,
    Assessment,
    GroupSession,
    HealthReminder,
    PrivateNote,
    ServiceOutcome,
    SessionLog,
    SurveyParticipation,
)


def _pair_of(person: object) -> Q:
    return Q(pair__mentor__person=person) | Q(pair__mentee__person=person)


def _clear_own_notes(rows: QuerySet[SessionLog], erasure: privacy.Erasure) -> None:
    rows.filter(author=erasure.person).update(shared_notes="")


privacy.register(
    Agreement,
    rows=lambda person: Agreement.objects.filter(_pair_of(person)),
    kept_because="the pair's agreement; the scrub replaces the name in its text",
)
privacy.register(
    SessionLog,
    rows=lambda person: SessionLog.objects.filter(Q(author=person) | _pair_of(person)),
    anonymise=_clear_own_notes,
    kept_because="sessions held stay counted in the impact report; notes the person wrote are "
    "cleared",
)
privacy.register(
    PrivateNote,
    rows=lambda person: PrivateNote.objects.filter(author=person),
    anonymise=privacy.delete_rows,
)
privacy.register(
    AgreedAction,
    rows=lambda person: AgreedAction.objects.filter(owner=person),
    kept_because="actions agreed in a session; they point to the anonymised person",
)
privacy.register(
    Assessment,
    rows=lambda person: Assessment.objects.filter(Q(mentee__person=person) | Q(rated_by=person)),
    kept_because="ratings feed the impact statistics and identify nobody once the name is gone",
)
privacy.register(
    SurveyParticipation,
    rows=lambda person: SurveyParticipation.objects.filter(person=person),
    kept_because="only records that the person answered (answers are stored apart)",
)
privacy.not_personal(
    "journeys.SurveyResponse", reason="anonymous answers, stored without any link to a person"
)
privacy.register(
    ServiceOutcome,
    rows=lambda person: ServiceOutcome.objects.filter(mentee__person=person),
    kept_because="outcomes of the programme, counted in the impact report",
)
privacy.register(
    HealthReminder,
    rows=lambda person: HealthReminder.objects.filter(recipient=person),
    kept_because="the guard against a second reminder; it points to the anonymised person",
)
privacy.register(
    GroupSession,
    rows=lambda person: GroupSession.objects.filter(author=person),
    kept_because="a session held by several pairs; it points to the anonymised person",
)
