"""Reads of the call for applications; who may see what is decided here.

The call itself is public (anyone may read it and apply); the applications are shown only
to the programme's managers, through `programmes.selectors.get_managed_programme`, so a
manager of another programme, a participant or a visitor finds nothing (404).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clusterbridge.applications.competences import CompetenceArea
from clusterbridge.applications.models import Application, Call
from clusterbridge.directory.models import Country
from clusterbridge.programmes import selectors as programmes
from clusterbridge.programmes.models import Participation, Programme


def _calls() -> QuerySet[Call]:
    return Call.objects.select_related("programme").prefetch_related(
        "mentee_countries", "mentor_countries"
    )


def get_public_call(*, slug: str) -> Call:
    """The call of the programme ``slug``, for anyone; Http404 when it has none."""
    return get_object_or_404(_calls(), programme__slug=slug)


def call_of(programme: Programme) -> Call | None:
    return _calls().filter(programme=programme).first()


def get_managed_programme(*, user: programmes.AnyUser, slug: str) -> Programme:
    return programmes.get_managed_programme(user=user, slug=slug)


def applications_of(programme: Programme) -> QuerySet[Application]:
    """A programme's applications with what their page shows, oldest first.

    Call it only with a programme from `get_managed_programme`.
    """
    return (
        Application.objects.filter(participation__programme=programme)
        .select_related(
            "participation__person__country",
            "participation__person__organisation",
        )
        .order_by("submitted_at", "pk")
    )


def applications_by_email(programme: Programme, emails: Sequence[str]) -> dict[str, Application]:
    """The programme's applications by applicant address (lower case) among ``emails``."""
    wanted = {email.strip().lower() for email in emails}
    found = applications_of(programme).filter(participation__person__email__in=wanted)
    return {application.participation.person.email.lower(): application for application in found}


def competence_areas() -> list[CompetenceArea]:
    return list(CompetenceArea.objects.order_by("order", "code"))


def areas_by_code() -> dict[str, CompetenceArea]:
    return {area.code: area for area in competence_areas()}


def countries_by_code() -> dict[str, Country]:
    return {country.code: country for country in Country.objects.all()}


def returning_participations(programme: Programme) -> QuerySet[Participation]:
    """The mentors and alumni (accepted mentees) of the previous edition of ``programme``,
    who may be invited back; none when it has no previous edition."""
    if programme.previous_edition_id is None:
        return Participation.objects.none()
    return (
        Participation.objects.accepted()
        .in_pairs()
        .filter(programme_id=programme.previous_edition_id, person__erased_at__isnull=True)
        .exclude(person__participations__programme=programme)
        .select_related("person__country", "person__organisation")
        .order_by("role", "person__full_name")
    )
