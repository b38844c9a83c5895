"""Importing people and organisations from CSV or Excel: preview, then commit.

`preview_people` / `preview_organisations` check every row against the database without writing
and list each rejected row with its row number, column and reason. `commit_people` /
`commit_organisations` write all valid rows in one transaction. `rejected_rows_csv` gives the
rejected rows back as a file, with the reason beside each, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from clusterbridge.common import exports
from clusterbridge.common.services import known_time_zones
from clusterbridge.directory import services, world
from clusterbridge.directory.models import (
    Country,
    Gender,
    LanguageLevel,
    Organisation,
    OrganisationKind,
    Person,
    Sector,
)
from clusterbridge.directory.search import normalise
from clusterbridge.directory.tabular import Row, Table, UnreadableFile

PEOPLE_COLUMNS = [
    "name",
    "email",
    "organisation",
    "country",
    "city",
    "position",
    "time_zone",
    "languages",
    "gender",
    "bio",
]
ORGANISATION_COLUMNS = [
    "name",
    "acronym",
    "kind",
    "country",
    "city",
    "sectors",
    "website",
    "year_founded",
    "member_count",
    "alternate_name",
    "description",
]
# Other spellings people give these columns (after header_key normalisation).
ALIASES = {
    "full_name": "name",
    "e_mail": "email",
    "mail": "email",
    "timezone": "time_zone",
    "organization": "organisation",
    "language": "languages",
    "website_url": "website",
    "url": "website",
}
REQUIRED = {"people": ("name", "email", "country"), "organisations": ("name", "country")}
# A language given without a level ("ar, fr") is taken as a good working level.
DEFAULT_LANGUAGE_LEVEL = LanguageLevel.B2
Progress = Callable[[int, int], None]
# Given the existing people a file names, why each one must be left alone (by person id). The
# caller decides: the directory does not know who manages whom.
Refusals = Callable[[Sequence[Person]], dict[int, str]]


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    reason: str
    values: dict[str, str]


@dataclass
class Preview:
    kind: str
    columns: list[str]
    ignored_columns: list[str]
    valid: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    new_organisations: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.rejected)


class _Rejected(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def country_lookup() -> dict[str, Country]:
    """Countries by ISO code, by their name in English, French and Arabic, and by their name in
    their own languages ("Italia", "مصر"), all normalised."""
    lookup: dict[str, Country] = {}
    for country in Country.objects.all():
        names = [country.name, *world.native_names(country.code)]
        for language in ("en", "fr", "ar"):
            with translation.override(language):
                names.append(str(country))
            names.append(world.territory_name(country.code, language) or "")
        for name in names:
            if name:
                lookup.setdefault(normalise(name), country)
        lookup[country.code.lower()] = country
    return lookup


def _columns(table: Table, kind: str, known: list[str]) -> tuple[list[str], list[str]]:
    renamed = [ALIASES.get(name, name) for name in table.headers]
    table.rows[:] = [
        Row(
            row.number,
            {ALIASES.get(key, key): value for key, value in row.values.items()},
            row.extra_values,
        )
        for row in table.rows
    ]
    missing = [name for name in REQUIRED[kind] if name not in renamed]
    if missing:
        raise UnreadableFile(
            _("Required columns are missing: %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(known)}
        )
    columns = [name for name in renamed if name in known]
    ignored = [name for name in renamed if name and name not in known]
    return columns, ignored


def _country(value: str, countries: dict[str, Country]) -> Country:
    if not value:
        raise _Rejected("country", _("missing country"))
    country = countries.get(value.strip().lower()) or countries.get(normalise(value))
    if country is None:
        raise _Rejected("country", _("unknown country “%(value)s”") % {"value": value})
    return country


def _email(value: str) -> str:
    if not value:
        raise _Rejected("email", _("missing e-mail"))
    try:
        validate_email(value.strip())
    except ValidationError:
        raise _Rejected(
            "email", _("“%(value)s” is not an e-mail address") % {"value": value}
        ) from None
    return value.strip().lower()


def _languages(value: str, existing: dict[str, str]) -> dict[str, str]:
    levels = {level.lower(): level for level in LanguageLevel.values}
    languages: dict[str, str] = {}
    for item in value.replace(";", ",").split(","):
        code, _sep, level = item.strip().partition(":")
        code = code.strip().lower()
        if not code:
            continue
        if not code.isalpha() or not 2 <= len(code) <= 3:
            raise _Rejected(
                "languages", _("“%(value)s” is not a language code such as ar") % {"value": code}
            )
        chosen = levels.get(level.strip().lower()) if level.strip() else None
        if level.strip() and chosen is None:
            raise _Rejected(
                "languages",
                _("“%(value)s” is not a language level (A1–C2 or native)") % {"value": level},
            )
        languages[code] = chosen or existing.get(code, DEFAULT_LANGUAGE_LEVEL)
    return languages


def parse_languages(value: str) -> dict[str, str]:
    """Working languages in the import's syntax, e.g. "ar:native, fr:C1, en:B2", as
    {code: level}; a code without a level is taken as B2. ValueError says what is wrong."""
    try:
        return _languages(value, {})
    except _Rejected as error:
        raise ValueError(error.reason) from None


def _gender(value: str) -> str:
    if not value:
        return ""
    wanted = value.strip().lower().replace(" ", "_")
    if wanted not in Gender.values:
        raise _Rejected("gender", _("“%(value)s” is not a gender we record") % {"value": value})
    return wanted


def _time_zone(value: str) -> str:
    if value and value not in known_time_zones():
        raise _Rejected("time_zone", _("“%(value)s” is not a known time zone") % {"value": value})
    return value


def _reject_ragged(row: Row) -> None:
    if row.extra_values:
        raise _Rejected(
            "",
            _("%(count)d more value(s) than there are columns (a separator inside a value?)")
            % {"count": row.extra_values},
        )


def preview_people(table: Table, *, refusals: Refusals | None = None) -> Preview:
    """Check every row; nothing is written.

    A row naming an existing person that ``refusals`` gives a reason for is rejected with it.
    """
    columns, ignored = _columns(table, "people", PEOPLE_COLUMNS)
    preview = Preview(kind="people", columns=columns, ignored_columns=ignored)
    countries = country_lookup()
    emails = [normalise_email(row.values.get("email", "")) for row in table.rows]
    existing = {
        person.email: person
        for person in Person.objects.filter(
            email__in=[email for email in emails if email]
        ).prefetch_related("languages")
    }
    refused = _refused_emails(existing, refusals)
    seen: dict[str, int] = {}
    for row in table.rows:
        try:
            preview.valid.append(_person_row(row, countries, existing, refused, seen))
        except _Rejected as rejection:
            preview.rejected.append(
                Rejection(row.number, rejection.column, rejection.reason, row.values)
            )
    known = {
        (name.lower(), country)
        for name, country in Organisation.objects.values_list("name", "country_id")
    }
    for values in preview.valid:
        organisation = str(values["organisation"])
        country = values["country"]
        assert isinstance(country, Country)
        if organisation and (organisation.lower(), country.pk) not in known:
            preview.new_organisations.add(organisation)
    return preview


def normalise_email(value: str) -> str:
    return value.strip().lower()


def _refused_emails(existing: dict[str, Person], refusals: Refusals | None) -> dict[str, str]:
    if refusals is None or not existing:
        return {}
    reasons = refusals(list(existing.values()))
    return {email: reasons[person.pk] for email, person in existing.items() if person.pk in reasons}


def _person_row(
    row: Row,
    countries: dict[str, Country],
    existing: dict[str, Person],
    refused: dict[str, str],
    seen: dict[str, int],
) -> dict[str, Any]:
    _reject_ragged(row)
    values = row.values
    name = values.get("name", "")
    email = _email(values.get("email", ""))
    if email in seen:
        raise _Rejected(
            "email", _("duplicate: the same e-mail is on row %(row)d") % {"row": seen[email]}
        )
    if email in refused:
        raise _Rejected("email", refused[email])
    if not name:
        raise _Rejected("name", _("missing name"))
    country = _country(values.get("country", ""), countries)
    person = existing.get(email)
    current = {lang.language: lang.level for lang in person.languages.all()} if person else {}
    prepared = {
        "name": name,
        "email": email,
        "country": country,
        "organisation": values.get("organisation", ""),
        "city": values.get("city", ""),
        "position": values.get("position", ""),
        "time_zone": _time_zone(values.get("time_zone", "")),
        "languages": _languages(values.get("languages", ""), current),
        "gender": _gender(values.get("gender", "")),
        "bio": values.get("bio", ""),
        "existing": person,
    }
    seen[email] = row.number
    return prepared


def preview_organisations(table: Table) -> Preview:
    columns, ignored = _columns(table, "organisations", ORGANISATION_COLUMNS)
    preview = Preview(kind="organisations", columns=columns, ignored_columns=ignored)
    countries = country_lookup()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    seen: dict[tuple[str, int], int] = {}
    for row in table.rows:
        try:
            preview.valid.append(_organisation_row(row, countries, sectors, seen))
        except _Rejected as rejection:
            preview.rejected.append(
                Rejection(row.number, rejection.column, rejection.reason, row.values)
            )
    return preview


def _whole_number(values: dict[str, str], column: str) -> int | None:
    value = values.get(column, "")
    if not value:
        return None
    if not value.isdigit():
        raise _Rejected(column, _("“%(value)s” is not a whole number") % {"value": value})
    return int(value)


def _organisation_row(
    row: Row,
    countries: dict[str, Country],
    sectors: dict[str, Sector],
    seen: dict[tuple[str, int], int],
) -> dict[str, Any]:
    _reject_ragged(row)
    values = row.values
    name = values.get("name", "")
    if not name:
        raise _Rejected("name", _("missing name"))
    country = _country(values.get("country", ""), countries)
    key = (name.lower(), country.pk)
    if key in seen:
        raise _Rejected(
            "name", _("duplicate: the same organisation is on row %(row)d") % {"row": seen[key]}
        )
    kind = values.get("kind", "").strip().lower() or OrganisationKind.CLUSTER
    if kind not in OrganisationKind.values:
        raise _Rejected("kind", _("“%(value)s” is not an organisation kind") % {"value": kind})
    website = values.get("website", "")
    if website:
        if "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise _Rejected(
                "website", _("“%(value)s” is not a web address") % {"value": values["website"]}
            ) from None
    codes = [code.strip() for code in values.get("sectors", "").split(",") if code.strip()]
    unknown = [code for code in codes if code not in sectors]
    if unknown:
        raise _Rejected("sectors", _("unknown sector “%(value)s”") % {"value": ", ".join(unknown)})
    seen[key] = row.number
    return {
        "name": name,
        "country": country,
        "kind": kind,
        "acronym": values.get("acronym", ""),
        "city": values.get("city", ""),
        "website": website,
        "sectors": [sectors[code] for code in codes],
        "year_founded": _whole_number(values, "year_founded"),
        "member_count": _whole_number(values, "member_count"),
        "alternate_name": values.get("alternate_name", ""),
        "description": values.get("description", ""),
    }


def _organisation_for(
    values: dict[str, Any], cache: dict[tuple[str, int], Organisation]
) -> Organisation | None:
    name = str(values["organisation"])
    country = values["country"]
    assert isinstance(country, Country)
    if not name:
        return None
    key = (name.lower(), country.pk)
    if key not in cache:
        found = Organisation.objects.filter(name__iexact=name, country=country).first()
        cache[key] = found or services.create_organisation(
            kind=OrganisationKind.OTHER, name=name, country=country, city=str(values["city"])
        )
    return cache[key]


@transaction.atomic
def commit_people(
    preview: Preview,
    *,
    on_person: Callable[[Person], None] | None = None,
    progress: Progress | None = None,
) -> list[Person]:
    """Create or update every valid person, in one transaction; matched by e-mail.

    Side effects: people created or updated (cells left empty keep the stored value),
    working languages replaced when the file gives them, unknown organisations created (kind
    "other"), and `on_person` called for each person (e.g. to enrol them in a programme).
    Any error rolls back the whole import.
    """
    organisations: dict[tuple[str, int], Organisation] = {}
    people = []
    for index, values in enumerate(preview.valid, start=1):
        organisation = _organisation_for(values, organisations)
        existing = values["existing"]
        if isinstance(existing, Person):
            person = _update_person(existing, values, organisation)
        else:
            person = services.create_person(
                full_name=str(values["name"]),
                email=str(values["email"]),
                country=values["country"],
                organisation=organisation,
                position=str(values["position"]),
                time_zone=str(values["time_zone"]),
                gender=str(values["gender"]),
                bio=str(values["bio"]),
                languages=values["languages"] or None,
            )
        if on_person is not None:
            on_person(person)
        people.append(person)
        if progress is not None:
            progress(index, len(preview.valid))
    return people


def _update_person(
    person: Person, values: dict[str, Any], organisation: Organisation | None
) -> Person:
    changes: dict[str, Any] = {"full_name": values["name"], "country": values["country"]}
    for column in ("position", "time_zone", "gender", "bio"):
        if values[column]:
            changes[column] = values[column]
    if organisation is not None:
        changes["organisation"] = organisation
    services.update_person(person=person, **changes)
    if values["languages"]:
        services.set_person_languages(person=person, languages=values["languages"])
    return person


@transaction.atomic
def commit_organisations(
    preview: Preview, *, progress: Progress | None = None
) -> list[Organisation]:
    """Create new organisations and update those already known (same name and country)."""
    saved = []
    for index, values in enumerate(preview.valid, start=1):
        existing = Organisation.objects.filter(
            name__iexact=str(values["name"]), country=values["country"]
        ).first()
        if existing is None:
            saved.append(services.create_organisation(**values))
        else:
            saved.append(services.update_organisation(organisation=existing, **values))
        if progress is not None:
            progress(index, len(preview.valid))
    return saved


def rejected_rows_csv(preview: Preview) -> bytes:
    """The rejected rows with their original values and, first, where and why they failed."""
    columns = preview.columns
    rows: list[list[exports.Cell]] = [
        [
            rejection.row,
            rejection.column,
            rejection.reason,
            *(rejection.values.get(column, "") for column in columns),
        ]
        for rejection in preview.rejected
    ]
    headers = ["row", "column", "reason", *columns]
    return exports.render_csv(exports.Table(headers=headers, rows=rows))


def template_csv(kind: str) -> bytes:
    """An empty import file with the expected headers and one example row."""
    if kind == "organisations":
        headers, example = (
            ORGANISATION_COLUMNS,
            [
                "Cluster Électronique, Mécatronique & Mécanique",
                "CE3M",
                "cluster",
                "MA",
                "Casablanca",
                "electronics-mechatronics",
                "https://ce3m.example",
                "2013",
                "70",
                "",
                "",
            ],
        )
    else:
        headers, example = (
            PEOPLE_COLUMNS,
            [
                "Salma Bennani",
                "salma.bennani@example.org",
                "Maroc Numeric Cluster",
                "Maroc",
                "Casablanca",
                "Cluster manager",
                "Africa/Casablanca",
                "ar:native, fr:C2, en",
                "female",
                "Ten years of cluster management.",
            ],
        )
    return exports.render_csv(exports.Table(headers=headers, rows=[example]))
