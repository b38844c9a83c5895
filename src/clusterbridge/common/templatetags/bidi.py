"""Bidirectional isolation of user text and interpolated values.

A name, a title or a date dropped into a sentence of the other direction takes its neighbours'
direction unless isolated: an English goal title in an Arabic page shows its full stop at the
start, a date splits around the words next to it. `|bdi` wraps a value in <bdi> (escaped), for
HTML; `|isolate` wraps it in the Unicode isolates FSI…PDI, for places markup cannot go (a <title>,
an attribute, an SVG <title>).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


@register.filter
def bdi(value: Any) -> SafeString:
    """`{{ goal.title|bdi }}`, or inside `{% blocktranslate with title=goal.title|bdi %}`."""
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value: Any) -> str:
    """The value between FSI and PDI; escaped later by the template unless it was safe already."""
    if value is None or value == "":
        return ""
    isolated = f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"
    return SafeString(isolated) if isinstance(value, SafeString) else isolated
