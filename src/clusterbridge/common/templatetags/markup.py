from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from clusterbridge.common.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    # render_markdown sanitises with nh3, so its output is safe by construction.
    return mark_safe(render_markdown(text or ""))
