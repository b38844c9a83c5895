"""Personal data in programmes: participations (with free-text motivation) and pairs."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusterbridge.common import privacy
from clusterbridge.programmes.models import OperatorStaff, Pair, Participation


def _end_staff_roles(rows: QuerySet[OperatorStaff], erasure: privacy.Erasure) -> None:
    # An erased person works for nobody any more: the role would let their login act.
    rows.delete()


def _clear_free_text(rows: QuerySet[Participation], erasure: privacy.Erasure) -> None:
    rows.update(motivation="", needs_or_offer="")


privacy.register(
    Participation,
    rows=lambda person: Participation.objects.filter(person=person),
    anonymise=_clear_free_text,
)
privacy.register(
    OperatorStaff,
    rows=lambda person: OperatorStaff.objects.filter(person=person),
    anonymise=_end_staff_roles,
)
privacy.register(
    Pair,
    rows=lambda person: Pair.objects.filter(Q(mentor__person=person) | Q(mentee__person=person)),
    kept_because="pairs are counted in the programme's statistics; they point to the "
    "anonymised person",
)
for label in ("Track", "Programme", "ProgrammeFunder"):
    privacy.not_personal(f"programmes.{label}", reason="programme data, about no one person")
