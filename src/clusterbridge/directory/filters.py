"""Directory filters: free-text search plus country, region, sector, kind, label, expertise and
language. Multi-valued filters use subqueries so a person or organisation is listed once."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterbridge.competences import selectors as competences
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.directory import selectors
from clusterbridge.directory.choices import ReferenceChoiceFilter
from clusterbridge.directory.models import (
    Country,
    LabelKind,
    Organisation,
    OrganisationKind,
    OrganisationLabel,
    Person,
    PersonLanguage,
    Region,
    Sector,
)

LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("ca", _("Catalan")),
    ("de", _("German")),
]


def _speakers(language: str) -> QuerySet[PersonLanguage, Any]:
    return PersonLanguage.objects.filter(language=language).values("person_id")


class _DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = ReferenceChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All"),
        method="by_country",
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, label=_("Region"), empty_label=_("All"), method="by_region"
    )
    sector = ReferenceChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="code",
        label=_("Sector"),
        empty_label=_("All"),
        method="by_sector",
    )
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices,
        label=_("Organisation kind"),
        empty_label=_("All"),
        method="by_kind",
    )
    label = django_filters.ChoiceFilter(
        choices=LabelKind.choices, label=_("Label"), empty_label=_("All"), method="by_label"
    )
    expertise = ReferenceChoiceFilter(
        sort_by_label=False,
        queryset=CompetenceArea.objects.all(),
        to_field_name="code",
        label=_("Expertise"),
        empty_label=_("All"),
        method="by_expertise",
    )
    language = django_filters.ChoiceFilter(
        choices=LANGUAGE_CHOICES, label=_("Language"), empty_label=_("All"), method="by_language"
    )


class PersonFilter(_DirectoryFilter):
    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return selectors.search_people(queryset, value)

    def by_country(self, queryset: QuerySet[Person], name: str, value: Country) -> QuerySet[Person]:
        return queryset.filter(country=value)

    def by_region(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(country__region=value)

    def by_sector(self, queryset: QuerySet[Person], name: str, value: Sector) -> QuerySet[Person]:
        return queryset.filter(
            organisation_id__in=Organisation.sectors.through.objects.filter(sector=value).values(
                "organisation_id"
            )
        )

    def by_kind(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(organisation__kind=value)

    def by_label(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(
            organisation_id__in=OrganisationLabel.objects.filter(kind=value).values(
                "organisation_id"
            )
        )

    def by_expertise(
        self, queryset: QuerySet[Person], name: str, value: CompetenceArea
    ) -> QuerySet[Person]:
        return queryset.filter(pk__in=competences.expert_ids(value))

    def by_language(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(pk__in=_speakers(value))


class OrganisationFilter(_DirectoryFilter):
    """Filters organisations; expertise and language look only at people the viewer may see,
    so a filter never reveals that a hidden member exists."""

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, *args: Any, visible_people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visible_people = visible_people

    def search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return selectors.search_organisations(queryset, value)

    def by_country(
        self, queryset: QuerySet[Organisation], name: str, value: Country
    ) -> QuerySet[Organisation]:
        return queryset.filter(country=value)

    def by_region(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(country__region=value)

    def by_sector(
        self, queryset: QuerySet[Organisation], name: str, value: Sector
    ) -> QuerySet[Organisation]:
        return queryset.filter(
            pk__in=Organisation.sectors.through.objects.filter(sector=value).values(
                "organisation_id"
            )
        )

    def by_kind(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(kind=value)

    def by_label(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(
            pk__in=OrganisationLabel.objects.filter(kind=value).values("organisation_id")
        )

    def by_expertise(
        self, queryset: QuerySet[Organisation], name: str, value: CompetenceArea
    ) -> QuerySet[Organisation]:
        experts = self.visible_people.filter(pk__in=competences.expert_ids(value))
        return queryset.filter(pk__in=experts.values("organisation_id"))

    def by_language(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        speakers = self.visible_people.filter(pk__in=_speakers(value))
        return queryset.filter(pk__in=speakers.values("organisation_id"))
