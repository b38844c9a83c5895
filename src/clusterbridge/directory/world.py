"""Every country of ISO 3166-1, with its names and usual facts, from CLDR (babel) and tzdata.

The 18 countries of the reference list (`reference.py`) carry facts written by hand (the
clustering framework, the programme's region); the others get theirs from here: their name in
each language and in their own languages ("Italia", "مصر"), their first time zone in tzdata's
zone table, the weekend CLDR gives for the territory, and their official languages.
"""

from __future__ import annotations

import functools
from importlib import resources

import babel
from babel import localedata
from babel.languages import get_official_languages

# Members of the European Union; the programme's "South Mediterranean" is the EU's southern
# neighbourhood. Every other country is in the "other" region.
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
SOUTH_MED = frozenset(["DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"])

# CLDR territories that are not ISO 3166-1 countries: groupings, pseudo-locales, and the
# exceptionally reserved or user-assigned codes.
_NOT_COUNTRIES = frozenset(
    ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"]
)
_SAT_SUN = [5, 6]
_NO_ZONE = "UTC"


@functools.cache
def iso_codes() -> tuple[str, ...]:
    """The two-letter codes of the 249 ISO 3166-1 countries, sorted."""
    territories = babel.Locale("en").territories
    return tuple(
        sorted(
            code
            for code in map(str, territories)
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        )
    )


@functools.cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(babel.Locale.parse(language).territories)
    except (ValueError, babel.UnknownLocaleError):
        return {}


def territory_name(code: str, language: str) -> str | None:
    """The name of a country in a language (a Django language code such as "fr" or "ar")."""
    return _territories(language.replace("-", "_").split("_")[0]).get(code)


@functools.cache
def _known_locales() -> frozenset[str]:
    return frozenset(localedata.locale_identifiers())


def official_languages(code: str) -> list[str]:
    """The country's official and de facto languages, most spoken first."""
    return list(get_official_languages(code, de_facto=True))


@functools.cache
def native_names(code: str) -> tuple[str, ...]:
    """The country's name in its own languages: "Italia", "España", "مصر", "Deutschland"."""
    known = _known_locales()
    names = (
        territory_name(code, language) for language in official_languages(code) if language in known
    )
    return tuple(dict.fromkeys(name for name in names if name))


@functools.cache
def _first_zones() -> dict[str, str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone = line.split("\t")[:3]
            zones.setdefault(code, zone)
    return zones


def default_time_zone(code: str) -> str:
    """The first zone tzdata lists for the country (its capital's, mostly); UTC if none."""
    return _first_zones().get(code, _NO_ZONE)


def weekend_days(code: str) -> list[int]:
    """Python weekday numbers of the country's weekend in CLDR; Saturday–Sunday when unknown."""
    locale = next(
        (identifier for identifier in sorted(_known_locales()) if identifier.endswith(f"_{code}")),
        None,
    )
    if locale is None:
        return list(_SAT_SUN)
    data = babel.Locale.parse(locale)
    start, end = data.weekend_start, data.weekend_end
    return sorted({(start + offset) % 7 for offset in range((end - start) % 7 + 1)})


def region(code: str) -> str:
    if code in EU_MEMBERS:
        return "eu"
    return "south_med" if code in SOUTH_MED else "other"


def country_facts(code: str) -> dict[str, object]:
    """The row a country gets when nobody wrote its facts by hand."""
    return {
        "name": territory_name(code, "en") or code,
        "region": region(code),
        "default_time_zone": default_time_zone(code),
        "weekend_days": weekend_days(code),
        "languages": official_languages(code),
    }
