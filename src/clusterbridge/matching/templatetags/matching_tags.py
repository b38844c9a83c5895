from __future__ import annotations

from typing import Any

from django import template

from clusterbridge.matching import selectors, services
from clusterbridge.programmes.models import Programme

register = template.Library()


@register.inclusion_tag("matching/tabs.html", takes_context=True)
def matching_tabs(context: template.Context, programme: Programme) -> dict[str, Any]:
    """The programme's matching tabs: "Matching" for its managers, "My wishes" for its mentees
    and mentors while wishes can be recorded."""
    request = context["request"]
    can_manage = context.get("can_manage")
    if can_manage is None:
        can_manage = request.user.has_perm("programmes.manage_programme", programme)
    wishes = (
        programme.status in services.WISH_STATES
        and selectors.own_participation(request.user, programme) is not None
    )
    return {"programme": programme, "can_manage": can_manage, "wishes": wishes}
