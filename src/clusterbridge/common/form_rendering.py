"""The form renderer: Django's, with drop-down lists written out in Python.

Django renders every ``<option>`` of a ``<select>`` through its own template include. With the
249 countries, the sectors and the organisations on the directory's and the programme lists'
filter forms, that was about half of those pages' time under load (benchmarks/profile_pages.py,
docs/performance.md). This renderer writes the same markup, byte for byte (a test compares it
with Django's for grouped, multiple, selected and escaped options), straight from the widget's
context. A select whose options use another template goes through Django's templates as before.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FastSelectRenderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget is not None and _plain_options(widget):
            return render_select(widget)
        return super().render(template_name, context, request=request)


def _plain_options(widget: Mapping[str, Any]) -> bool:
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def render_select(widget: Mapping[str, Any]) -> SafeString:
    """Django's select.html and select_option.html for this widget context, as they render."""
    parts = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def _option(option: Mapping[str, Any]) -> str:
    label = option["label"]
    if not isinstance(label, str | Promise):
        label = localize(label)
    value = _text(str(option["value"]))
    return f'<option value="{value}"{_attributes(option["attrs"])}>{_text(label)}</option>'


def _attributes(attrs: Mapping[str, Any]) -> str:
    return "".join(_attribute(name, value) for name, value in _items(attrs))


def _items(attrs: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    return ((name, value) for name, value in attrs.items() if value is not False)


def _attribute(name: str, value: Any) -> str:
    if value is True:
        return f" {_text(name)}"
    return f' {_text(name)}="{_text(str(value))}"'


def _text(value: Any) -> str:
    """Django's conditional_escape without its SafeString wrapping: this runs per option."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))
