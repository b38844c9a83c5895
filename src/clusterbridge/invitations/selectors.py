"""Reads of invitations and of the onboarding checklist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterbridge.competences.models import CompetenceKind, PersonCompetence
from clusterbridge.directory.models import ConsentRecord, Person, PersonLanguage
from clusterbridge.invitations import onboarding_facts
from clusterbridge.invitations.models import Invitation
from clusterbridge.programmes.models import (
    Participation,
    ParticipationQuerySet,
    ParticipationStatus,
    Programme,
    ProgrammeStatus,
    Role,
)


def invitation_by_token(digest: str) -> Invitation | None:
    return (
        Invitation.objects.select_related(
            "programme__operator", "participation__person", "invited_by__person"
        )
        .filter(token_digest=digest)
        .first()
    )


def inviter_name(invitation: Invitation) -> str:
    """Who invites: the manager's name, or the programme's operator for the command line."""
    inviter = invitation.invited_by
    person = getattr(inviter, "person", None) if inviter is not None else None
    return person.full_name if person is not None else invitation.programme.operator.name


def get_invitation(*, programme: Programme, pk: int) -> Invitation | None:
    return Invitation.objects.filter(programme=programme, pk=pk).first()


def _accepted(programme: Programme) -> ParticipationQuerySet:
    return Participation.objects.accepted().filter(programme=programme)


def participants_with_invitations(programme: Programme) -> QuerySet[Participation]:
    """The accepted participants, each with their invitations newest first (``sent``)."""
    return (
        _accepted(programme)
        .select_related("person", "programme")
        .prefetch_related(
            Prefetch(
                "login_invitations",
                queryset=Invitation.objects.order_by("-created_at", "-pk"),
                to_attr="sent",
            )
        )
        .order_by("role", "person__full_name", "pk")
    )


def working_invitations(now: datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        replaced_at__isnull=True,
        expires_at__gt=now,
    )


def pending_participations(
    programme: Programme, *, now: datetime, role: str | None = None
) -> QuerySet[Participation]:
    """Accepted participants without a login and without a link that still works."""
    # One subquery, so that the four conditions hold for the same invitation (an exclude()
    # across the relation would not tie them together).
    working = working_invitations(now).filter(participation=OuterRef("pk"))
    chosen = _accepted(programme).filter(
        ~Exists(working), person__user__isnull=True, person__erased_at__isnull=True
    )
    if role:
        chosen = chosen.filter(role=role)
    return chosen.exclude(person__email="").select_related("person")


def participations_by_ids(programme: Programme, ids: Collection[int]) -> list[Participation]:
    """Only this programme's participants: another programme's id is simply not found."""
    return list(_accepted(programme).filter(pk__in=ids).select_related("person"))


def participations_by_emails(
    programme: Programme, emails: Sequence[str], *, role: str | None = None
) -> tuple[list[Participation], list[str]]:
    """The accepted participations of these addresses, and the addresses not found."""
    chosen = _accepted(programme).select_related("person")
    if role:
        chosen = chosen.filter(role=role)
    found: list[Participation] = []
    missing: list[str] = []
    for email in emails:
        matches = list(chosen.filter(person__email__iexact=email.strip()))
        if matches:
            found.extend(matches)
        else:
            missing.append(email)
    return found, missing


def managers_of(programme: Programme) -> list[Person]:
    return [
        participation.person
        for participation in _accepted(programme)
        .managers()
        .select_related("person__user")
        .order_by("person__full_name")
    ]


@dataclass(frozen=True)
class ChecklistItem:
    """One step of a new participant's onboarding, and the page where it is done."""

    key: str
    label: str
    done: bool
    url: str


ONBOARDED_ROLES = (Role.MENTEE, Role.MENTOR)
PROFILE_URL = "directory:my_profile"


@dataclass(frozen=True)
class _Facts:
    with_languages: set[int]
    with_consents: set[int]
    competence_kinds: dict[int, set[str]]
    upper: onboarding_facts.UpperFacts


def _competence_kinds(person_ids: Collection[int]) -> dict[int, set[str]]:
    kinds: dict[int, set[str]] = defaultdict(set)
    for person_id, kind in (
        PersonCompetence.objects.filter(person_id__in=person_ids)
        .values_list("person_id", "kind")
        .distinct()
    ):
        kinds[person_id].add(kind)
    return dict(kinds)


def _read_facts(participations: Sequence[Participation]) -> _Facts:
    person_ids = {participation.person_id for participation in participations}
    return _Facts(
        with_languages=set(
            PersonLanguage.objects.filter(person_id__in=person_ids).values_list(
                "person_id", flat=True
            )
        ),
        with_consents=set(
            ConsentRecord.objects.filter(person_id__in=person_ids).values_list(
                "person_id", flat=True
            )
        ),
        competence_kinds=_competence_kinds(person_ids),
        upper=onboarding_facts.read_facts(
            person_ids=person_ids, participation_ids=[p.pk for p in participations]
        ),
    )


def _person_items(person: Person, facts: _Facts) -> list[ChecklistItem]:
    profile = reverse(PROFILE_URL)
    return [
        ChecklistItem(
            "profile",
            _("Complete your profile: organisation, position and a short bio"),
            bool(person.organisation_id and person.position and person.bio),
            profile,
        ),
        ChecklistItem(
            "languages",
            _("Give your working languages with their levels"),
            person.pk in facts.with_languages,
            profile,
        ),
        ChecklistItem("time_zone", _("Check your time zone"), bool(person.time_zone), profile),
        ChecklistItem(
            "availability",
            _("Give your weekly availability"),
            person.pk in facts.upper.with_availability,
            onboarding_facts.availability_url(),
        ),
        ChecklistItem(
            "consents",
            _("Choose what you share: directory, portfolio, e-mails"),
            person.pk in facts.with_consents,
            profile,
        ),
    ]


def _programme_items(participation: Participation, facts: _Facts) -> list[ChecklistItem]:
    programme = participation.programme
    kinds = facts.competence_kinds.get(participation.person_id, set())
    if participation.role == Role.MENTEE:
        competence = ChecklistItem(
            "needs",
            _("Fill in your needs diagnosis for %(programme)s") % {"programme": programme.name},
            CompetenceKind.NEED in kinds,
            onboarding_facts.diagnosis_url(programme.slug),
        )
    else:
        competence = ChecklistItem(
            "expertise",
            _("Describe your expertise for %(programme)s") % {"programme": programme.name},
            CompetenceKind.EXPERTISE in kinds,
            onboarding_facts.diagnosis_url(programme.slug),
        )
    items = [competence]
    if onboarding_facts.wishes_count(programme.status):
        items.append(
            ChecklistItem(
                "wishes",
                _("Tell us your matching wishes for %(programme)s") % {"programme": programme.name},
                participation.pk in facts.upper.with_wishes,
                onboarding_facts.wishes_url(programme.slug),
            )
        )
    return items


def _onboarding_participations(person: Person) -> list[Participation]:
    return list(
        Participation.objects.filter(
            person=person,
            role__in=ONBOARDED_ROLES,
            status=ParticipationStatus.ACCEPTED,
        )
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .select_related("programme", "person")
        .order_by("programme__starts_on", "pk")
    )


def onboarding_checklist(person: Person) -> list[ChecklistItem]:
    """The steps of a new mentee or mentor: their profile once, then each running programme's.

    Empty for someone who is no accepted mentee or mentor of a programme that is not closed.
    """
    return _checklist(person, _onboarding_participations(person))


def _checklist(person: Person, participations: Sequence[Participation]) -> list[ChecklistItem]:
    if not participations:
        return []
    facts = _read_facts(participations)
    items = _person_items(person, facts)
    for participation in participations:
        items.extend(_programme_items(participation, facts))
    return items


def onboarding_checklists(
    participations: Sequence[Participation],
) -> dict[int, list[ChecklistItem]]:
    """Each mentee's or mentor's checklist in one programme, by participation id, in five
    queries whatever their number (the managers' page). ``programme`` and ``person`` must be
    loaded with the participations."""
    onboarded = [p for p in participations if p.role in ONBOARDED_ROLES]
    if not onboarded:
        return {}
    facts = _read_facts(onboarded)
    return {
        participation.pk: _person_items(participation.person, facts)
        + _programme_items(participation, facts)
        for participation in onboarded
    }


def participation_for_reminder(pk: int) -> Participation | None:
    return Participation.objects.select_related("programme", "person__user").filter(pk=pk).first()


def existing_programme(slug: str) -> Programme | None:
    """For the command line, which acts as the operator: any programme."""
    return Programme.objects.filter(slug=slug).first()


def home_onboarding(person: Person | None) -> dict[str, object]:
    """The home page's part: the programmes the person takes part in as mentee or mentor
    (``my_participations``) and the checklist (``onboarding``, ``onboarding_done``), which is
    empty once every step is done, so only new participants see it."""
    participations = _onboarding_participations(person) if person is not None else []
    items = _checklist(person, participations) if person is not None else []
    done = sum(item.done for item in items)
    return {
        "my_participations": participations,
        "onboarding": items if done < len(items) else [],
        "onboarding_done": done,
    }
