"""The programme portfolio: the consenting participants' profiles, cluster by cluster.

One HTML document serves both the web version and the print-ready PDF (WeasyPrint renders it
with Pango, which shapes Arabic right to left). Only people who consented to the portfolio
appear, and a pair only when both its members did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from clusterbridge.competences.selectors import profile_competences
from clusterbridge.directory.models import Country, Organisation, Person, PersonLanguage
from clusterbridge.programmes.models import (
    Pair,
    Participation,
    Programme,
    Role,
)

LANGUAGES = ("en", "fr", "ar")
PORTFOLIO_ROLES = (Role.MENTEE, Role.MENTOR, Role.FACILITATOR)
Progress = Callable[[str], None]


@dataclass
class Profile:
    person: Person
    role: str
    role_label: str


@dataclass
class ClusterSection:
    organisation: Organisation | None
    country: Country
    profiles: list[Profile] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        key = self.organisation.pk if self.organisation else f"none-{self.country.code}"
        return f"cluster-{key}"


@dataclass
class Portfolio:
    programme: Programme
    sections: list[ClusterSection]
    pairs: list[Pair]
    countries: list[Country]

    @property
    def people_count(self) -> int:
        return sum(len(section.profiles) for section in self.sections)


def build_portfolio(programme: Programme) -> Portfolio:
    """Gather the consenting participants with everything their profiles show (5 queries)."""
    participations = (
        Participation.objects.accepted()
        .filter(
            programme=programme,
            role__in=PORTFOLIO_ROLES,
            person__portfolio_consent_at__isnull=False,
        )
        .select_related("person__organisation__country", "person__country")
        .prefetch_related(
            Prefetch("person__languages", queryset=PersonLanguage.objects.order_by("language")),
            Prefetch("person__competences", queryset=profile_competences()),
        )
        .order_by("person__full_name")
    )
    sections: dict[object, ClusterSection] = {}
    consented: set[int] = set()
    for participation in participations:
        person = participation.person
        organisation = person.organisation
        country = organisation.country if organisation else person.country
        key = organisation.pk if organisation else f"none-{country.code}"
        section = sections.setdefault(key, ClusterSection(organisation, country))
        section.profiles.append(
            Profile(person, participation.role, str(participation.get_role_display()))
        )
        consented.add(participation.pk)
    ordered = sorted(
        sections.values(),
        key=lambda section: (
            section.country.region != "south_med",
            str(section.country),
            section.organisation.name if section.organisation else "",
        ),
    )
    pairs = [
        pair
        for pair in Pair.objects.filter(programme=programme)
        .exclude(status="proposed")
        .select_related("mentor__person__organisation", "mentee__person__organisation")
        .order_by("mentee__person__full_name")
        if pair.mentor_id in consented and pair.mentee_id in consented
    ]
    countries = sorted(
        {section.country.code: section.country for section in ordered}.values(), key=str
    )
    return Portfolio(programme=programme, sections=ordered, pairs=pairs, countries=countries)


def render_html(
    portfolio: Portfolio,
    *,
    language: str,
    for_pdf: bool = False,
    request: HttpRequest | None = None,
) -> str:
    """The portfolio as a document (for_pdf) or as a page of the site (needs the request)."""
    with translation.override(language):
        return render_to_string(
            "community/portfolio_pdf.html" if for_pdf else "community/portfolio_page.html",
            {
                "portfolio": portfolio,
                "programme": portfolio.programme,
                "language": language,
                "rtl": language == "ar",
                "for_pdf": for_pdf,
                "generated_on": timezone.now(),
            },
            request=request,
        )


def render_pdf(
    portfolio: Portfolio, *, language: str, progress: Progress = lambda message: None
) -> bytes:
    """The print-ready PDF; fonts come from the system (Noto Sans and Noto Sans Arabic)."""
    # Imported here: WeasyPrint loads Pango at import, which only the PDF needs.
    from weasyprint import HTML  # noqa: PLC0415

    progress("Rendering HTML")
    html = render_html(portfolio, language=language, for_pdf=True)
    progress("Laying out pages")
    document = HTML(string=html).render()
    progress(f"Writing the pages ({len(document.pages)})")
    pdf: bytes = document.write_pdf()
    return pdf
