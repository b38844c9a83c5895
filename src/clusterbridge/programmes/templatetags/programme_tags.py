from __future__ import annotations

from typing import Any

from django import template

from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.tabs import programme_tabs

register = template.Library()


@register.inclusion_tag("programmes/tab_list.html", takes_context=True)
def programme_tab_list(context: template.Context, programme: Programme) -> dict[str, Any]:
    request = context["request"]
    return {
        "tabs": programme_tabs(user=request.user, programme=programme, path=request.path),
    }
