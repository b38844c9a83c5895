"""Dates and times as people read them: one place for every page, e-mail and export.

- Formats: the named formats of the active language (``common/formats/<language>``, Django's
  FORMAT_MODULE_PATH) plus ``DAY_TIME_FORMAT``. Templates keep writing ``|date:"DATE_FORMAT"``:
  the ``date`` and ``time`` filters of ``common.templatetags.dates`` (a template builtin) add
  the digits. A literal format (``"c"``, ``"Y-m-d"``, ``"H:i"``) is for machines: URLs,
  ``datetime`` attributes, form values; it is left in Latin digits.
- Digits: Arabic-Indic (٠١٢) or Latin (012). A person's own choice (``Person.digits``) wins;
  without one, the language's convention: Arabic-Indic for Arabic, Latin for the others.
  ``UserPreferencesMiddleware`` sets the viewer's for a request, ``override_digits`` a
  recipient's for an e-mail.
- Relative times ("in 3 days") where people plan, and an event's own zone (a mission's venue)
  with the viewer's beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta, get_timezone_location
from django.db import models
from django.utils import dateformat, formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.formats.en import formats as english

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Our own named formats, looked up in the language's format module like Django's.
EXTRA_FORMATS = frozenset({"DAY_TIME_FORMAT", "FULL_DATETIME_FORMAT"})


class Digits(models.TextChoices):
    AUTOMATIC = "", _("As usual in my language")
    LATIN = "latin", _("Latin digits: 0 1 2 3")
    ARABIC = "arabic", _("Arabic-Indic digits: ٠ ١ ٢ ٣")


_digits: ContextVar[str] = ContextVar("clusterbridge_digits", default=Digits.AUTOMATIC)


@contextmanager
def override_digits(choice: str) -> Iterator[None]:
    """Write digits as ``choice`` (a ``Digits`` value; empty: the language's convention)."""
    token = _digits.set(choice)
    try:
        yield
    finally:
        _digits.reset(token)


def uses_arabic_digits() -> bool:
    choice = _digits.get()
    if choice:
        return choice == Digits.ARABIC
    return (translation.get_language() or "").startswith("ar")


def localise_digits(text: str) -> str:
    return text.translate(ARABIC_INDIC) if uses_arabic_digits() else text


def is_named(format_name: str | None) -> bool:
    """Named formats are for people; literal ones for machines (kept in Latin digits)."""
    return format_name is None or format_name.endswith("_FORMAT")


def format_string(format_name: str) -> str:
    """The pattern behind a format name in the active language (a literal comes back as is)."""
    if format_name not in EXTRA_FORMATS:
        return str(formats.get_format(format_name))
    for module in formats.get_format_modules(translation.get_language()):
        if hasattr(module, format_name):
            return str(getattr(module, format_name))
    return str(getattr(english, format_name))


def format_when(value: date | datetime | time | None, format_name: str = "DATETIME_FORMAT") -> str:
    """``value`` in a named format of the active language, zone and digits ("" for None).

    For Python callers (e-mail subjects, exports, messages); templates use the filters.
    """
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    pattern = format_string(format_name)
    if isinstance(value, time):
        text = dateformat.time_format(value, pattern)
    else:
        text = dateformat.format(value, pattern)
    return localise_digits(text) if is_named(format_name) else text


def relative(value: datetime, *, now: datetime | None = None) -> str:
    """How far ``value`` is from now, in words of the active language: "in 3 days"."""
    delta = value - (now or timezone.now())
    locale = translation.to_locale(translation.get_language() or "en")
    return localise_digits(
        format_timedelta(delta, add_direction=True, granularity="minute", locale=locale)
    )


def zone_city(zone: str) -> str:
    """The city that names a time zone, in the active language ("Casablanca", "القاهرة")."""
    locale = translation.to_locale(translation.get_language() or "en")
    try:
        return str(get_timezone_location(ZoneInfo(zone), locale=locale, return_city=True))
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def differs_from_viewer(value: datetime, zone: str) -> bool:
    """True when the viewer's clock reads another time than the zone's at that instant."""
    current = timezone.get_current_timezone()
    return value.astimezone(ZoneInfo(zone)).utcoffset() != value.astimezone(current).utcoffset()


def in_zone(value: datetime, zone: str, format_name: str = "DATETIME_FORMAT") -> str:
    """``value`` as a clock in ``zone`` reads it (an event's venue), in a named format."""
    with timezone.override(ZoneInfo(zone)):
        return format_when(value, format_name)
