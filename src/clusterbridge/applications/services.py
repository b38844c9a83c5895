"""Write services of the call for applications. One transaction each.

E-mails leave through ``outbox.services.mail_with_change`` (mail.py): a refused or rolled-back
write mails nobody, and a mail server that is down never undoes a saved application or decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.applications import mail
from clusterbridge.applications.competences import (
    CompetenceArea,
    replace_needs,
    save_expertise,
)
from clusterbridge.applications.models import Application, Call
from clusterbridge.common import dates
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Country, Organisation, Person
from clusterbridge.invitations.services import invite_participants
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import (
    Participation,
    ParticipationStatus,
    Programme,
    ProgrammeStatus,
    Role,
)

# The roles a call recruits; managers and facilitators are appointed, not recruited.
CALL_ROLES = (Role.MENTEE, Role.MENTOR)


# --- The call ----------------------------------------------------------------------------------


@transaction.atomic
def save_call(
    *,
    programme: Programme,
    deadline: datetime,
    seeks_mentees: bool,
    seeks_mentors: bool,
    mentee_countries: Iterable[Country] = (),
    mentor_countries: Iterable[Country] = (),
    mentee_places: int | None = None,
    mentor_places: int | None = None,
    now: datetime,
) -> Call:
    """Open or change the programme's call.

    Side effects: more places than before move the first waitlisted applicants of that role
    up to accepted, each e-mailed.
    """
    if not seeks_mentees and not seeks_mentors:
        raise ValidationError(_("A call seeks mentees, mentors or both."), code="no_role")
    call = Call.objects.filter(programme=programme).first() or Call(programme=programme)
    call.deadline = deadline
    call.seeks_mentees, call.seeks_mentors = seeks_mentees, seeks_mentors
    call.mentee_places, call.mentor_places = mentee_places, mentor_places
    call.full_clean()
    call.save()
    call.mentee_countries.set(list(mentee_countries))
    call.mentor_countries.set(list(mentor_countries))
    promoted = [
        application
        for role in CALL_ROLES
        for application in _fill_free_places(call, role=role, now=now)
    ]
    mail.send_after_commit([(application.pk, Decision.ACCEPT) for application in promoted])
    _invite(programme, promoted, by=None)
    return call


def places(call: Call, role: str) -> int | None:
    """How many people of ``role`` the programme takes in; None for no limit."""
    return call.mentee_places if role == Role.MENTEE else call.mentor_places


def countries_for(call: Call, role: str) -> list[Country]:
    """The countries applicants of ``role`` may come from; empty for every country."""
    related = call.mentee_countries if role == Role.MENTEE else call.mentor_countries
    return list(related.all())


def roles_sought(call: Call) -> list[str]:
    sought = {Role.MENTEE: call.seeks_mentees, Role.MENTOR: call.seeks_mentors}
    return [role for role in CALL_ROLES if sought[role]]


def closed_reason(call: Call, *, now: datetime) -> str | None:
    """Why the call takes no application at ``now``, or None while it is open."""
    if call.programme.status == ProgrammeStatus.CLOSED:
        return str(_("This programme is closed: it takes no more applications."))
    if now > call.deadline:
        return str(
            _("The call for applications closed on %(deadline)s.")
            % {"deadline": dates.format_when(call.deadline)}
        )
    return None


# --- Applying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """What an applicant gave on the form, already checked field by field."""

    name: str
    email: str
    country: Country
    organisation: str
    position: str
    role: str
    languages: dict[str, str]
    time_zone: str
    motivation: str
    # Competence area code → level 1–5: a mentee's need for it, a mentor's expertise in it.
    competences: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "email": self.email,
            "country": self.country.code,
            "organisation": self.organisation,
            "position": self.position,
            "role": self.role,
            "languages": self.languages,
            "time_zone": self.time_zone,
            "motivation": self.motivation,
            "competences": self.competences,
        }


@transaction.atomic
def submit_application(
    *,
    programme: Programme,
    answers: Answers,
    language: str,
    now: datetime,
    applicant: User | None = None,
) -> Application:
    """Apply to the programme's call: an ``applied`` participation at once.

    A late, ineligible or duplicate application, or one to a closed call, is refused and
    stores nothing. A new address creates the person from the answers. An existing person's
    profile changes only when ``applicant`` is signed in with that address verified;
    otherwise the answers wait on the application (``profile_pending``) until the address is
    verified (signals.py). Side effect: a confirmation e-mail in ``language``.
    """
    call = Call.objects.select_related("programme").filter(programme=programme).first()
    if call is None:
        raise ValidationError(_("This programme has no call for applications."), code="no_call")
    _check_open(call, now=now)
    _check_eligible(call, role=answers.role, country=answers.country)
    person = Person.objects.filter(email__iexact=answers.email).first()
    if person is not None:
        _check_not_enrolled(programme, person)
    new = person is None
    try:
        # A savepoint: the same address sent twice at once fails on a unique constraint here,
        # and that is the duplicate refusal, not a server error.
        with transaction.atomic():
            person = person or _create_person(answers)
            participation = programmes.add_participant(
                programme=programme,
                person=person,
                role=answers.role,
                status=ParticipationStatus.APPLIED,
                motivation=answers.motivation,
            )
    except IntegrityError:
        raise _duplicate() from None
    verified = new or _is_verified(applicant, person)
    application = Application.objects.create(
        participation=participation,
        answers=answers.as_json(),
        language=language,
        profile_pending=not verified,
        submitted_at=now,
    )
    if verified:
        _write_profile(person, answers.as_json(), new=new)
    mail.send_after_commit([(application.pk, mail.RECEIVED)])
    return application


def _check_open(call: Call, *, now: datetime) -> None:
    reason = closed_reason(call, now=now)
    if reason is not None:
        raise ValidationError(reason, code="closed")


def _check_eligible(call: Call, *, role: str, country: Country) -> None:
    if role not in roles_sought(call):
        raise ValidationError(
            {
                "role": ValidationError(
                    _("This call does not seek %(role)s applicants."),
                    code="role_not_sought",
                    params={"role": Role(role).label.lower()},
                )
            }
        )
    allowed = countries_for(call, role)
    if allowed and country not in allowed:
        raise ValidationError(
            {
                "country": ValidationError(
                    _(
                        "This call takes %(role)s applicants from %(countries)s only, "
                        "not from %(country)s."
                    ),
                    code="ineligible_country",
                    params={
                        "role": Role(role).label.lower(),
                        "countries": ", ".join(sorted(str(each) for each in allowed)),
                        "country": country,
                    },
                )
            }
        )


def _check_not_enrolled(programme: Programme, person: Person) -> None:
    if Participation.objects.filter(programme=programme, person=person).exists():
        raise _duplicate()


def _duplicate() -> ValidationError:
    return ValidationError(
        {
            "email": ValidationError(
                _(
                    "An application or a participation with this e-mail address already "
                    "exists in this programme."
                ),
                code="duplicate",
            )
        }
    )


def _create_person(answers: Answers) -> Person:
    return directory.create_person(
        full_name=answers.name,
        email=answers.email,
        country=answers.country,
        time_zone=answers.time_zone,
        organisation=_known_organisation(answers.organisation),
        position=answers.position,
    )


def _known_organisation(name: str) -> Organisation | None:
    # Only an organisation already in the directory: a public form creates none of them,
    # the typed name stays in the answers for the managers.
    return Organisation.objects.filter(name__iexact=name.strip()).first() if name else None


def _is_verified(applicant: User | None, person: Person) -> bool:
    if applicant is None or not applicant.is_authenticated or person.user_id != applicant.pk:
        return False
    verified: bool = EmailAddress.objects.filter(
        user=applicant, email__iexact=person.email, verified=True
    ).exists()
    return verified


def _write_profile(person: Person, answers: Mapping[str, Any], *, new: bool) -> None:
    """Write the answers to the person's profile (a new one already has its basic fields)."""
    if not new:
        changes: dict[str, Any] = {
            "full_name": answers["name"],
            "country": Country.objects.get(code=answers["country"]),
            "time_zone": answers["time_zone"],
            "position": answers["position"],
        }
        organisation = _known_organisation(answers["organisation"])
        if organisation is not None:
            changes["organisation"] = organisation
        directory.update_person(person=person, **changes)
    if answers["languages"]:
        directory.set_person_languages(person=person, languages=answers["languages"])
    _write_competences(person, role=answers["role"], levels=answers["competences"])


def _write_competences(person: Person, *, role: str, levels: Mapping[str, int]) -> None:
    """A mentee's levels are her needs, a mentor's his expertise, as matching reads them."""
    if not levels:
        return
    areas = CompetenceArea.objects.filter(code__in=list(levels))
    if role == Role.MENTEE:
        replace_needs(person_id=person.pk, levels={area.pk: levels[area.code] for area in areas})
    else:
        save_expertise(person_id=person.pk, levels={area: levels[area.code] for area in areas})


@transaction.atomic
def apply_verified_answers(*, email: str) -> int:
    """The owner of ``email`` verified it: write their waiting answers to their profile.

    Returns how many applications were applied, the oldest first so the latest answers win.
    """
    waiting = list(
        Application.objects.filter(participation__person__email__iexact=email, profile_pending=True)
        .select_related("participation__person")
        .order_by("submitted_at", "pk")
    )
    for application in waiting:
        _write_profile(application.participation.person, application.answers, new=False)
        application.profile_pending = False
        application.save(update_fields=["profile_pending"])
    return len(waiting)


# --- Review ------------------------------------------------------------------------------------


class Decision(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    WAITLIST = "waitlist"
    WITHDRAW = "withdraw"


RESULT = {
    Decision.ACCEPT: ParticipationStatus.ACCEPTED,
    Decision.DECLINE: ParticipationStatus.DECLINED,
    Decision.WAITLIST: ParticipationStatus.WAITLISTED,
    Decision.WITHDRAW: ParticipationStatus.WITHDRAWN,
}
# From which statuses each decision may be taken.
ALLOWED_FROM: dict[Decision, frozenset[str]] = {
    Decision.ACCEPT: frozenset(
        {ParticipationStatus.APPLIED, ParticipationStatus.WAITLISTED, ParticipationStatus.DECLINED}
    ),
    Decision.DECLINE: frozenset(
        {ParticipationStatus.APPLIED, ParticipationStatus.WAITLISTED, ParticipationStatus.ACCEPTED}
    ),
    Decision.WAITLIST: frozenset({ParticipationStatus.APPLIED, ParticipationStatus.DECLINED}),
    Decision.WITHDRAW: frozenset(
        {ParticipationStatus.APPLIED, ParticipationStatus.WAITLISTED, ParticipationStatus.ACCEPTED}
    ),
}


@transaction.atomic
def decide(
    *,
    programme: Programme,
    applications: Sequence[Application],
    decision: Decision,
    message: str = "",
    now: datetime,
    decided_by: User | None = None,
) -> list[Application]:
    """Accept, decline, waitlist or record the withdrawal of applications, all or none.

    Accepting more people than a role has places left is refused. Side effects: each
    applicant is e-mailed the decision (with ``message``); a place freed by an accepted
    person who is declined or withdraws goes to the first waitlisted of that role, who is
    accepted and e-mailed; everyone accepted without a login gets an invitation link from
    ``decided_by`` (invitations.services.invite_participants).
    """
    call = Call.objects.select_for_update().filter(programme=programme).first()
    if call is None:
        raise ValidationError(_("This programme has no call for applications."), code="no_call")
    locked = _locked(programme, applications)
    for application in locked:
        _check_transition(application, decision)
    if decision is Decision.ACCEPT:
        _check_places(call, locked)
    freed = {
        application.participation.role
        for application in locked
        if application.participation.status == ParticipationStatus.ACCEPTED
    }
    for application in locked:
        _set_status(application, RESULT[decision], now=now, message=message)
    promoted = [
        promoted
        for role in sorted(freed)
        for promoted in _fill_free_places(call, role=role, now=now)
    ]
    mail.send_after_commit(
        [(application.pk, decision) for application in locked]
        + [(application.pk, Decision.ACCEPT) for application in promoted]
    )
    accepted = [*(locked if decision is Decision.ACCEPT else []), *promoted]
    _invite(programme, accepted, by=decided_by)
    return locked


def _invite(programme: Programme, accepted: Sequence[Application], *, by: User | None) -> None:
    """The accepted who have no login yet get their invitation link with the good news."""
    if accepted:
        invite_participants(
            programme=programme,
            participations=[application.participation for application in accepted],
            invited_by=by,
            languages={
                application.participation_id: application.language for application in accepted
            },
        )


def _locked(programme: Programme, applications: Sequence[Application]) -> list[Application]:
    if not applications:
        raise ValidationError(_("Choose at least one application."), code="none_chosen")
    ids = [application.pk for application in applications]
    locked = list(
        Application.objects.select_for_update(of=("self", "participation"))
        .select_related("participation__person")
        .filter(pk__in=ids, participation__programme=programme)
        .order_by("submitted_at", "pk")
    )
    if len(locked) != len(set(ids)):
        raise ValidationError(
            _("Some of these applications are not this programme's."), code="other_programme"
        )
    return locked


def _check_transition(application: Application, decision: Decision) -> None:
    status = application.participation.status
    if status not in ALLOWED_FROM[decision]:
        raise ValidationError(
            _("%(person)s's application is %(status)s: it cannot be changed that way."),
            code="illegal_transition",
            params={
                "person": application.participation.person,
                "status": ParticipationStatus(status).label.lower(),
            },
        )


def _check_places(call: Call, accepting: Sequence[Application]) -> None:
    for role in CALL_ROLES:
        wanted = sum(1 for each in accepting if each.participation.role == role)
        left = _places_left(call, role)
        if wanted and left is not None and wanted > left:
            raise ValidationError(
                _(
                    "Not enough places are left for %(role)s applicants (%(left)s left): "
                    "accept fewer, or waitlist the others."
                ),
                code="no_place",
                params={"left": left, "role": Role(role).label.lower()},
            )


def _places_left(call: Call, role: str) -> int | None:
    limit = places(call, role)
    if limit is None:
        return None
    taken = Participation.objects.filter(programme_id=call.programme_id, role=role).accepted()
    return max(0, limit - taken.count())


def _set_status(application: Application, status: str, *, now: datetime, message: str) -> None:
    programmes.set_participation_status(participation=application.participation, status=status)
    application.decided_at = now
    application.decision_message = message
    application.waitlisted_at = now if status == ParticipationStatus.WAITLISTED else None
    application.save(update_fields=["decided_at", "decision_message", "waitlisted_at"])


def _fill_free_places(call: Call, *, role: str, now: datetime) -> list[Application]:
    """Accept the first waitlisted applicants of ``role`` while the role has places left."""
    left = _places_left(call, role)
    if left is None or left == 0:
        return []
    first = list(
        Application.objects.select_related("participation__person")
        .filter(
            participation__programme_id=call.programme_id,
            participation__role=role,
            participation__status=ParticipationStatus.WAITLISTED,
        )
        .order_by("waitlisted_at", "submitted_at", "pk")[:left]
    )
    for application in first:
        _set_status(application, ParticipationStatus.ACCEPTED, now=now, message="")
    return first
