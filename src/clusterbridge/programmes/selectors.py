"""Who may see which programme data, and the reads the pages need.

Visibility is decided here, once: views fetch objects through these querysets, so an object of
another programme is simply not found (404) rather than forbidden (403).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import LISTED_VISIBILITIES, Organisation, Person, Visibility
from clusterbridge.programmes.models import (
    ACTIVE_STATUSES,
    OTHER_SIDE,
    OperatorStaff,
    Pair,
    Participation,
    ParticipationStatus,
    Programme,
    ProgrammeStatus,
    Role,
    other_side_error,
)

AnyUser = User | AnonymousUser


def user_id(user: AnyUser) -> int:
    """The user's id, 0 for a visitor: no row matches it."""
    return int(user.pk) if user.is_authenticated else 0


def person_of(user: AnyUser) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_site_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def managed_programmes(user: AnyUser) -> QuerySet[Programme]:
    if is_site_admin(user):
        return Programme.objects.all()
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(
        participations__person__user_id=user_id(user),
        participations__role=Role.MANAGER,
        participations__status=ParticipationStatus.ACCEPTED,
    ).distinct()


def operators_of(user: AnyUser) -> QuerySet[Organisation]:
    """The operators the user works for, whose programmes they may create; all for a site admin."""
    if is_site_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(staff__person__user_id=user_id(user)).distinct()


def is_staff_of(user: AnyUser, operator: Organisation) -> bool:
    return operators_of(user).filter(pk=operator.pk).exists()


def staff_candidates() -> QuerySet[Person]:
    """Who may be made an operator's staff member: people who can sign in."""
    return Person.objects.filter(user__isnull=False, erased_at__isnull=True).order_by("full_name")


def operator_staff() -> QuerySet[OperatorStaff]:
    """Every staff member of every operator, for the site admins' page."""
    return OperatorStaff.objects.select_related("operator", "person").order_by(
        "operator__name", "person__full_name"
    )


def visible_programmes(user: AnyUser) -> QuerySet[Programme]:
    if is_site_admin(user):
        return Programme.objects.all()
    if not user.is_authenticated:
        return Programme.objects.none()
    # Accepted only: anyone may apply through the public form, and an application must not
    # open the programme's pages or its participants' profiles.
    return Programme.objects.filter(
        participations__person__user_id=user_id(user),
        participations__status=ParticipationStatus.ACCEPTED,
    ).distinct()


def demo_programme_exists() -> bool:
    return Programme.objects.filter(is_demo=True).exists()


def can_manage(user: AnyUser, programme: Programme) -> bool:
    # Site admins manage every programme: no query, as Django's has_perm answers them.
    if is_site_admin(user):
        return True
    return managed_programmes(user).filter(pk=programme.pk).exists()


def get_visible_programme(*, user: AnyUser, slug: str) -> Programme:
    """The programme the user takes part in or manages; Http404 for any other (or none)."""
    return get_object_or_404(
        visible_programmes(user).select_related("operator__country", "initiator", "track"),
        slug=slug,
    )


def get_managed_programme(*, user: AnyUser, slug: str) -> Programme:
    """The programme if the user manages it; Http404 otherwise, even to its participants,
    who know the programme but not its management pages."""
    programme = get_visible_programme(user=user, slug=slug)
    if not can_manage(user, programme):
        raise Http404
    return programme


def participants(programme: Programme) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(programme=programme)
        .select_related("person__country", "person__organisation")
        .order_by("role", "person__full_name")
    )


def pairs_visible_to(user: AnyUser, programme: Programme) -> QuerySet[Pair]:
    pairs = Pair.objects.filter(programme=programme).select_related(
        "mentor__person__country",
        "mentor__person__organisation",
        "mentee__person__country",
        "mentee__person__organisation",
    )
    if can_manage(user, programme):
        return pairs
    return _pairs_of_user(pairs, user)


def get_visible_pair(*, user: AnyUser, programme: Programme, pk: int) -> Pair:
    """One of the programme's pairs the user may see (see pairs_visible_to); Http404 otherwise."""
    return get_object_or_404(pairs_visible_to(user, programme).select_related("programme"), pk=pk)


def _pairs_of_user(pairs: QuerySet[Pair], user: AnyUser) -> QuerySet[Pair]:
    # Through the user's participations, read first: an OR over two joins scans every pair, and
    # an OR over two subqueries leaves PostgreSQL guessing hundreds of rows where there are one
    # or two, so it joins every person to them (13 ms instead of 1 with 10,000 people).
    mine = list(
        Participation.objects.filter(person__user_id=user_id(user)).values_list("pk", flat=True)
    )
    return pairs.filter(Q(mentor_id__in=mine) | Q(mentee_id__in=mine))


def people_visible_to(user: AnyUser) -> QuerySet[Person]:
    """People whose profile page the viewer may open.

    Visitors who are not signed in see public profiles; everyone signed in also sees community
    profiles; participants also see their own cohorts (programme-only profiles included);
    managers see everyone in their programmes. A listed visibility counts only with the
    directory consent the services stamp alongside it.
    """
    people = Person.objects.select_related("country", "organisation")
    if is_site_admin(user):
        return people
    if not user.is_authenticated:
        return people.filter(visibility=Visibility.PUBLIC, directory_consent_at__isnull=False)
    cohort = Programme.objects.filter(
        participations__person__user_id=user_id(user),
        participations__status=ParticipationStatus.ACCEPTED,
    )
    # A subquery rather than a join: no duplicate rows, so callers may annotate and order freely.
    cohort_people = Participation.objects.filter(programme__in=cohort).values("person_id")
    return people.filter(
        Q(user_id=user_id(user))
        | Q(visibility__in=LISTED_VISIBILITIES, directory_consent_at__isnull=False)
        | Q(pk__in=cohort_people)
    )


def get_visible_person(*, user: AnyUser, pk: int) -> Person:
    """A person whose profile the user may open (see people_visible_to); Http404 otherwise."""
    return get_object_or_404(people_visible_to(user), pk=pk)


def can_see_private_data(user: AnyUser, person: Person) -> bool:
    """Contact details and needs: the person, their pair partners, their managers, site admins."""
    if is_site_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if person.user_id == user.pk:
        return True
    programmes = person.participations.values("programme")
    if managed_programmes(user).filter(pk__in=programmes).exists():
        return True
    return Pair.objects.filter(
        Q(mentor__person__user_id=user_id(user), mentee__person=person)
        | Q(mentee__person__user_id=user_id(user), mentor__person=person)
    ).exists()


def people_with_private_data_visible(user: AnyUser) -> QuerySet[Person]:
    """The people whose private data the viewer may see: can_see_private_data for a whole list
    in one query (the person, their pair partners, their managers, site admins)."""
    if is_site_admin(user):
        return Person.objects.all()
    if not user.is_authenticated:
        return Person.objects.none()
    uid = user_id(user)
    managed = Participation.objects.filter(
        programme__in=managed_programmes(user).values("pk")
    ).values("person_id")
    mentees = Pair.objects.filter(mentor__person__user_id=uid).values("mentee__person_id")
    mentors = Pair.objects.filter(mentee__person__user_id=uid).values("mentor__person_id")
    return Person.objects.filter(
        Q(user_id=uid) | Q(pk__in=managed) | Q(pk__in=mentees) | Q(pk__in=mentors)
    )


def people_updatable_by(user: AnyUser) -> QuerySet[Person]:
    """People whose profile an import run by the user may overwrite: anyone for a site admin,
    the people of their own programmes for a manager, nobody else."""
    if is_site_admin(user):
        return Person.objects.all()
    managed = Participation.objects.filter(programme__in=managed_programmes(user).values("pk"))
    return Person.objects.filter(pk__in=managed.values("person_id"))


def get_participant_for_manager(*, user: AnyUser, slug: str, pk: int) -> tuple[Programme, Person]:
    """The programme the user manages and one of its accepted participants; Http404 for a
    programme they do not manage or a person who is not accepted there."""
    programme = get_managed_programme(user=user, slug=slug)
    accepted = Participation.objects.accepted().filter(programme=programme, person_id=pk)
    person = Person.objects.filter(pk=pk, pk__in=accepted.values("person_id")).first()
    if person is None:
        raise Http404
    return programme, person


ImportRefusals = Callable[[Sequence[Person]], dict[int, str]]


def import_refusals(
    user: AnyUser | None, *, programme: Programme | None = None, role: str | None = None
) -> ImportRefusals:
    """Why a people import must leave each of the existing people its file names alone.

    ``user`` None is the operator at the command line, who may update anyone. Enrolling as
    ``role`` in ``programme`` also refuses whoever takes part there on the other side.
    """

    def refuse(people: Sequence[Person]) -> dict[int, str]:
        ids = [person.pk for person in people]
        reasons = _other_side_reasons(people, programme, role)
        if user is not None:
            updatable = set(
                people_updatable_by(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
            outside = gettext("exists outside your programmes: invite them instead")
            reasons.update({pk: outside for pk in ids if pk not in updatable})
        return reasons

    return refuse


def _other_side_reasons(
    people: Sequence[Person], programme: Programme | None, role: str | None
) -> dict[int, str]:
    other = OTHER_SIDE.get(role)  # type: ignore[call-overload]
    if programme is None or other is None:
        return {}
    by_id = {person.pk: person for person in people}
    taken = Participation.objects.filter(
        programme=programme, person_id__in=by_id, role=other, status__in=ACTIVE_STATUSES
    ).values_list("person_id", flat=True)
    return {pk: other_side_error(by_id[pk], other).messages[0] for pk in taken}


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    by_role: dict[str, int]
    by_country: list[tuple[str, int]]
    pairs_by_status: dict[str, int]


def programme_overviews(programmes: list[Programme]) -> list[ProgrammeOverview]:
    """Counts by role, country and pair status: three queries in all (the next meetings come
    from meetings.selectors.upcoming_meetings_by_programme)."""
    ids = [programme.pk for programme in programmes]
    by_role: dict[int, Counter[str]] = defaultdict(Counter)
    by_country: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        Participation.objects.accepted()
        .filter(programme_id__in=ids)
        .values_list("programme_id", "role", "person__country__code")
    )
    for programme_id, role, country in rows:
        by_role[programme_id][role] += 1
        by_country[programme_id][country] += 1
    pair_counts: dict[int, dict[str, int]] = defaultdict(dict)
    for programme_id, status, count in (
        Pair.objects.filter(programme_id__in=ids)
        .values_list("programme_id", "status")
        .annotate(n=Count("id"))
        .values_list("programme_id", "status", "n")
    ):
        pair_counts[programme_id][status] = count
    return [
        ProgrammeOverview(
            programme=programme,
            by_role=dict(by_role[programme.pk]),
            by_country=sorted(by_country[programme.pk].items()),
            pairs_by_status=pair_counts[programme.pk],
        )
        for programme in programmes
    ]


def programme_overview(programme: Programme) -> ProgrammeOverview:
    return programme_overviews([programme])[0]


def my_pairs(user: AnyUser) -> QuerySet[Pair]:
    return (
        _pairs_of_user(Pair.objects.all(), user)
        .exclude(status="ended")
        .select_related(
            "programme",
            "mentor__person__country",
            "mentor__person__organisation",
            "mentee__person__country",
            "mentee__person__organisation",
        )
    )


def roles_of(user: AnyUser) -> set[str]:
    """The roles a user holds anywhere, for choosing their home page."""
    if not user.is_authenticated:
        return set()
    return set(
        Participation.objects.filter(
            person__user_id=user_id(user), status__in=ACTIVE_STATUSES
        ).values_list("role", flat=True)
    )


def programme_trail(programme: Programme) -> QuerySet[LogEntry]:
    """Audit entries of the programme's own objects, newest first.

    Models of a programme tag their entries through get_additional_data() (see models.py);
    that tag survives the object's deletion, so deletions stay in the trail.
    """
    trail: QuerySet[LogEntry] = (
        LogEntry.objects.filter(additional_data__programme=programme.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return trail


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def people_past_retention(*, years: int, today: date) -> QuerySet[Person]:
    """Participants whose every programme closed more than ``years`` ago.

    Someone who also takes part in a later or still open programme is kept, and so are site
    admins' own profiles and people already anonymised.
    """
    cutoff = years_before(today, years)
    expired = Q(status=ProgrammeStatus.CLOSED, ends_on__lt=cutoff)
    live = Programme.objects.exclude(expired)
    return (
        Person.objects.filter(
            erased_at__isnull=True, participations__programme__in=Programme.objects.filter(expired)
        )
        .exclude(participations__programme__in=live)
        .exclude(user__is_superuser=True)
        .distinct()
        .order_by("pk")
    )
