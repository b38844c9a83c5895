"""Personal data of the call: each application's answers (name, address, motivation...)."""

from __future__ import annotations

from django.db.models import QuerySet

from clusterbridge.applications.models import Application
from clusterbridge.common import privacy


def _clear_answers(rows: QuerySet[Application], erasure: privacy.Erasure) -> None:
    rows.update(answers={}, decision_message="", profile_pending=False)


privacy.register(
    Application,
    rows=lambda person: Application.objects.filter(participation__person=person),
    anonymise=_clear_answers,
)
privacy.not_personal("applications.Call", reason="a programme's deadline, roles and countries")
