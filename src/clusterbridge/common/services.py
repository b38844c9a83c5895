"""Helpers shared by every app's write services."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str, *, field: str = "time_zone") -> None:
    if value not in known_time_zones():
        message = _("“%(zone)s” is not a known time zone, e.g. Africa/Cairo.")
        raise ValidationError({field: ValidationError(message, params={"zone": value})})


def time_zone_validator(value: str) -> None:
    """Model-field form of validate_time_zone, so the admin refuses unknown zones too."""
    if value not in known_time_zones():
        raise ValidationError(
            _("“%(zone)s” is not a known time zone, e.g. Africa/Cairo."), params={"zone": value}
        )
