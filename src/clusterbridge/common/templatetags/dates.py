"""Date filters of every template (a builtin: settings.TEMPLATES): see ``common.dates``.

``date`` and ``time`` are Django's, plus our ``DAY_TIME_FORMAT`` and the reader's digits for
named formats. ``relative`` says "in 3 days"; ``venue_time`` shows an event in its venue's
zone with the viewer's time beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import date as date_type
from datetime import time as time_type
from zoneinfo import ZoneInfo

from django import template
from django.template import defaultfilters
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusterbridge.common import dates

register = template.Library()


def _pattern(format_name: str | None) -> str | None:
    return dates.format_string(format_name) if format_name in dates.EXTRA_FORMATS else format_name


@register.filter(expects_localtime=True, is_safe=False)
def date(value: date_type | datetime | None, arg: str | None = None) -> str:
    text = defaultfilters.date(value, _pattern(arg))
    return dates.localise_digits(text) if dates.is_named(arg) else text


@register.filter(expects_localtime=True, is_safe=False)
def time(value: time_type | datetime | None, arg: str | None = None) -> str:
    text = defaultfilters.time(value, _pattern(arg))
    return dates.localise_digits(text) if dates.is_named(arg) else text


@register.filter(is_safe=False)
def relative(value: datetime | None) -> str:
    """ "in 3 days", "2 hours ago": for pages where people plan."""
    return "" if value is None else dates.relative(value)


@register.filter(is_safe=False)
def zone_city(zone: str) -> str:
    """ "Casablanca" for Africa/Casablanca, in the reader's language."""
    return dates.zone_city(zone)


def _span(start: datetime, end: datetime | None, format_name: str) -> str:
    text = dates.format_when(start, format_name)
    if end is not None:
        text = f"{text}–{dates.format_when(end, 'TIME_FORMAT')}"
    return text


@register.simple_tag
def venue_time(
    value: datetime,
    zone: str,
    format_name: str = "DATETIME_FORMAT",
    end: datetime | None = None,
) -> SafeString:
    """An on-site event's time as the venue's clocks read it, named by the venue's city, and
    the viewer's own time beside it when their clock reads differently."""
    with timezone.override(ZoneInfo(zone)):
        at_venue = _span(value, end, format_name)
        venue_day = timezone.localtime(value).date()
    shown = format_html(
        '<time datetime="{}">{} ({})</time>',
        value.astimezone(UTC).isoformat(),
        at_venue,
        dates.zone_city(zone),
    )
    if not dates.differs_from_viewer(value, zone):
        return shown
    same_day = venue_day == timezone.localtime(value).date()
    yours = _span(value, end, "TIME_FORMAT" if same_day else "DAY_TIME_FORMAT")
    return format_html(
        '{} <span class="muted">({})</span>', shown, _("%(time)s your time") % {"time": yours}
    )
