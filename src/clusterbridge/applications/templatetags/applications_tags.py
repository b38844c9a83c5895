from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils import timezone

from clusterbridge.applications import selectors, services
from clusterbridge.applications.forms import DECISION_LABELS
from clusterbridge.programmes.models import Programme

register = template.Library()


@register.inclusion_tag("applications/call_box.html")
def call_box(programme: Programme) -> dict[str, Any]:
    """The programme's call for applications, if it has one, with the link to apply."""
    call = selectors.call_of(programme)
    closed = services.closed_reason(call, now=timezone.now()) if call else None
    return {"call": call, "closed": closed}


@register.filter
def name_of(named: Mapping[str, object], code: str) -> str:
    """The name of a competence area or a country from its code; the code if it is gone."""
    found = named.get(code)
    return str(found) if found is not None else code


@register.filter
def decisions_from(status: str) -> list[tuple[str, str]]:
    """The decisions a participation in ``status`` may take, with their labels."""
    return [
        (decision.value, str(label))
        for decision, label in DECISION_LABELS.items()
        if status in services.ALLOWED_FROM[decision]
    ]
