"""The directory's lists as tables for common.exports (CSV and Excel)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusterbridge.common.exports import Table
from clusterbridge.directory.models import Organisation, Person


def people_table(people: QuerySet[Person]) -> Table:
    """What the directory page shows; contact details stay on the profile pages."""
    return Table(
        headers=[
            _("Name"),
            _("Name in another script"),
            _("Position"),
            _("Organisation"),
            _("Country"),
            _("Working languages"),
        ],
        rows=(
            [
                person.full_name,
                person.alternate_name,
                person.position,
                person.organisation.name if person.organisation else "",
                person.country.code,
                ", ".join(f"{lang.language} ({lang.level})" for lang in person.languages.all()),
            ]
            for person in people
        ),
        title="people",
    )


def organisations_table(organisations: QuerySet[Organisation]) -> Table:
    return Table(
        headers=[
            _("Name"),
            _("Acronym"),
            _("Kind"),
            _("Country"),
            _("City"),
            _("Sectors"),
            _("Labels"),
            _("Year founded"),
            _("Members"),
            _("Website"),
        ],
        rows=(
            [
                organisation.name,
                organisation.acronym,
                organisation.kind,
                organisation.country.code,
                organisation.city,
                ", ".join(sector.code for sector in organisation.sectors.all()),
                ", ".join(str(label) for label in organisation.labels.all()),
                organisation.year_founded,
                organisation.member_count,
                organisation.website,
            ]
            for organisation in organisations
        ),
        title="organisations",
    )
