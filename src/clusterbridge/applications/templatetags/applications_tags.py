from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from clusterbridge.applications import selectors, services
from clusterbridge.applications.competences import CompetenceArea
from clusterbridge.programmes.models import Programme

register = template.Library()


@register.inclusion_tag("applications/call_box.html")
def call_box(programme: Programme) -> dict[str, Any]:
    """The programme's call for applications, if it has one, with the link to apply."""
    call = selectors.call_of(programme)
    closed = services.closed_reason(call, now=timezone.now()) if call else None
    return {"call": call, "closed": closed}


@register.filter
def area_name(areas: dict[str, CompetenceArea], code: str) -> str:
    area = areas.get(code)
    return str(area) if area is not None else code
