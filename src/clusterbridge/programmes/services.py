"""Write services for programmes, participations and pairs. One transaction each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.programmes import selectors
from clusterbridge.programmes.models import (
    CLOSED_PAIR_STATUSES,
    OperatorStaff,
    Pair,
    PairStatus,
    Participation,
    ParticipationStatus,
    Programme,
    ProgrammeFunder,
    ProgrammeStatus,
    Role,
    Track,
)
from clusterbridge.programmes.signals import participants_imported

# Where a programme may go next from each state. Stepping back one stage is allowed while
# nothing irreversible happened (e.g. reopening recruitment during matching); closed is final.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgrammeStatus.DRAFT: frozenset({ProgrammeStatus.RECRUITING}),
    ProgrammeStatus.RECRUITING: frozenset({ProgrammeStatus.DRAFT, ProgrammeStatus.MATCHING}),
    ProgrammeStatus.MATCHING: frozenset({ProgrammeStatus.RECRUITING, ProgrammeStatus.RUNNING}),
    ProgrammeStatus.RUNNING: frozenset({ProgrammeStatus.CLOSED}),
    ProgrammeStatus.CLOSED: frozenset(),
}


def archived_error() -> ValidationError:
    """The refusal of any change to a closed programme, which is kept as it ended."""
    return ValidationError(
        _(
            "This programme is closed and archived: it can be read but no longer changed. "
            "Its participants keep their profiles and the community."
        ),
        code="archived",
    )


def ensure_writable(programme: Programme) -> None:
    """Refuse a change to a closed programme: the services of every app call this first."""
    if programme.status == ProgrammeStatus.CLOSED:
        raise archived_error()


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The end date must not be before the start date."))}
        )


@transaction.atomic
def create_track(
    *, name: str, slug: str, community: Organisation | None = None, description: str = ""
) -> Track:
    track = Track(name=name, slug=slug, community=community, description=description)
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def create_programme(
    *,
    name: str,
    slug: str,
    operator: Organisation,
    starts_on: date,
    ends_on: date,
    track: Track | None = None,
    kind: str = "mentoring",
    edition: str = "",
    initiator: Organisation | None = None,
    description: str = "",
    modality: str = "online",
    funders: Iterable[tuple[Organisation, Decimal | None]] = (),
    is_demo: bool = False,
    previous_edition: Programme | None = None,
    by: User | None = None,
) -> Programme:
    """Create a programme in the draft state, with its funders and their shares.

    ``by`` is who creates it: a site admin, or a staff member of ``operator`` (anyone else is
    refused), who becomes its manager; None is the operator at the command line.
    Side effects: the creator's accepted manager participation.
    """
    if by is not None and not selectors.is_staff_of(by, operator):
        raise ValidationError(
            {"operator": ValidationError(_("You can create programmes only for your operator."))}
        )
    _check_dates(starts_on, ends_on)
    programme = Programme(
        name=name,
        slug=slug,
        operator=operator,
        starts_on=starts_on,
        ends_on=ends_on,
        track=track,
        kind=kind,
        edition=edition,
        initiator=initiator,
        description=description,
        modality=modality,
        is_demo=is_demo,
        previous_edition=previous_edition,
    )
    programme.full_clean()
    programme.save()
    for organisation, share in funders:
        funder = ProgrammeFunder(
            programme=programme, organisation=organisation, share_percent=share
        )
        funder.full_clean()
        funder.save()
    creator = selectors.person_of(by) if by is not None else None
    if creator is not None:
        add_participant(
            programme=programme,
            person=creator,
            role=Role.MANAGER,
            status=ParticipationStatus.ACCEPTED,
            # The creator's right was checked above; nobody manages the programme yet.
            by=None,
        )
    return programme


@transaction.atomic
def add_staff_member(*, operator: Organisation, person: Person) -> OperatorStaff:
    """Make ``person`` a staff member of ``operator`` (site admins only: the callers check).

    Side effects: none beyond the row; the person may now create the operator's programmes.
    """
    check_staff_member(operator=operator, person=person)
    return OperatorStaff.objects.create(operator=operator, person=person)


def check_staff_member(*, operator: Organisation, person: Person) -> None:
    """The refusals of add_staff_member, which the admin's form runs too."""
    if person.erased_at is not None or person.user_id is None:
        raise ValidationError(
            {
                "person": ValidationError(
                    _("Only a person who can sign in can work for an operator.")
                )
            }
        )
    if OperatorStaff.objects.filter(operator=operator, person=person).exists():
        raise ValidationError(
            _("%(person)s already works for %(operator)s."),
            code="duplicate",
            params={"person": person, "operator": operator},
        )


@transaction.atomic
def remove_staff_member(*, staff: OperatorStaff) -> None:
    """The person creates no more programmes for the operator; those they manage stay theirs."""
    staff.delete()


UPDATABLE_PROGRAMME_FIELDS = frozenset(
    {"name", "edition", "description", "starts_on", "ends_on", "modality", "initiator", "track"}
)


@transaction.atomic
def update_programme(*, programme: Programme, **changes: Any) -> Programme:
    """Change a programme's descriptive fields; its status changes through change_status()."""
    unknown = set(changes) - UPDATABLE_PROGRAMME_FIELDS
    if unknown:
        raise TypeError(f"update_programme() cannot change {sorted(unknown)}")
    ensure_writable(programme)
    for field, value in changes.items():
        setattr(programme, field, value)
    _check_dates(programme.starts_on, programme.ends_on)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def change_status(*, programme: Programme, status: str) -> Programme:
    """Move a programme along its lifecycle, refusing jumps ALLOWED_TRANSITIONS does not list.

    Closing is refused here: it goes through ``certificates.services.close_programme``, which
    first checks that no pair is still open and sends the exit survey.
    """
    if status == ProgrammeStatus.CLOSED:
        raise ValidationError(
            {
                "status": ValidationError(
                    _(
                        "A programme is closed from its closing page, which checks that every "
                        "pair is closed out and sends the exit survey."
                    ),
                    code="close_from_closing_page",
                )
            }
        )
    return _move(programme, status)


@transaction.atomic
def mark_closed(*, programme: Programme) -> Programme:
    """Set a running programme's status to closed, with no other check or side effect.

    Only ``certificates.services.close_programme`` calls this, once its own checks passed.
    """
    return _move(programme, ProgrammeStatus.CLOSED)


def _move(programme: Programme, status: str) -> Programme:
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if status not in ALLOWED_TRANSITIONS.get(current.status, frozenset()):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A programme cannot go from “%(current)s” to “%(target)s”."),
                    code="illegal_transition",
                    params={
                        "current": ProgrammeStatus(current.status).label,
                        "target": ProgrammeStatus(status).label
                        if status in ProgrammeStatus.values
                        else status,
                    },
                )
            }
        )
    current.status = status
    current.save(update_fields=["status"])
    programme.status = status
    return current


@transaction.atomic
def add_participant(
    *,
    programme: Programme,
    person: Person,
    role: str,
    status: str = ParticipationStatus.APPLIED,
    motivation: str = "",
    needs_or_offer: str = "",
    by: User | None = None,
) -> Participation:
    """Enrol a person in a programme in a role.

    A person holds each role at most once, and is never both mentee and mentor of one
    programme. The manager role is granted by a site admin or by a manager of this programme
    (a co-manager); ``by`` is None for the operator (command line, demo), who may.
    """
    if role == Role.MANAGER and by is not None and not selectors.can_manage(by, programme):
        raise ValidationError(
            {
                "role": ValidationError(
                    _("Only a manager of this programme can make someone its manager.")
                )
            }
        )
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("The programme is closed: nobody can join it any more."))
    if Participation.objects.filter(programme=programme, person=person, role=role).exists():
        raise ValidationError(
            _("%(person)s already takes part in this programme as %(role)s."),
            code="duplicate",
            params={"person": person, "role": Role(role).label},
        )
    participation = Participation(
        programme=programme,
        person=person,
        role=role,
        status=status,
        motivation=motivation,
        needs_or_offer=needs_or_offer,
    )
    participation.full_clean()
    participation.save()
    return participation


class Enrolment:
    """The ``on_person`` callback of a directory import (the page and the command alike).

    Each imported person is accepted into ``programme`` in ``role`` unless they already hold
    that role there (a re-import enrols nobody twice); ``announce`` then tells the apps above
    (signal ``participants_imported``) whom the import enrolled.
    """

    def __init__(self, *, programme: Programme, role: str, by: User | None) -> None:
        self.programme, self.role, self.by = programme, role, by
        self.enrolled: list[Participation] = []

    def __call__(self, person: Person) -> None:
        held = Participation.objects.filter(programme=self.programme, person=person, role=self.role)
        if not held.exists():
            self.enrolled.append(
                add_participant(
                    programme=self.programme,
                    person=person,
                    role=self.role,
                    status=ParticipationStatus.ACCEPTED,
                    by=self.by,
                )
            )

    def announce(self) -> None:
        """Call once the import has committed. Side effects: whatever the receivers do (the
        invitations app e-mails a link to each new participant without a login)."""
        if self.enrolled:
            participants_imported.send(
                sender=Programme, programme=self.programme, participations=self.enrolled, by=self.by
            )


def enrolment(*, programme: Programme, role: str, by: User | None = None) -> Enrolment:
    """The import's ``on_person`` callback that enrols each person in ``programme``."""
    return Enrolment(programme=programme, role=role, by=by)


@transaction.atomic
def set_participation_status(*, participation: Participation, status: str) -> Participation:
    ensure_writable(participation.programme)
    participation.status = status
    participation.full_clean()
    participation.save(update_fields=["status"])
    return participation


def _validate_pair(programme: Programme, mentor: Participation, mentee: Participation) -> None:
    if mentor.programme_id != programme.pk or mentee.programme_id != programme.pk:
        raise ValidationError(
            _("Both people of a pair must take part in the same programme: %(programme)s."),
            code="other_programme",
            params={"programme": programme},
        )
    if mentor.role != Role.MENTOR:
        raise ValidationError(
            {
                "mentor": ValidationError(
                    _("%(person)s is not a mentor."), params={"person": mentor.person}
                )
            }
        )
    if mentee.role != Role.MENTEE:
        raise ValidationError(
            {
                "mentee": ValidationError(
                    _("%(person)s is not a mentee."), params={"person": mentee.person}
                )
            }
        )
    if mentor.person_id == mentee.person_id:
        raise ValidationError(_("Nobody can be paired with themself."), code="self_pair")
    if Pair.objects.filter(mentor=mentor, mentee=mentee).exists():
        raise ValidationError(_("These two people are already paired."), code="duplicate")


@transaction.atomic
def create_pair(
    *,
    programme: Programme,
    mentor: Participation,
    mentee: Participation,
    created_by: User | None,
    status: str = PairStatus.PROPOSED,
    score: float | None = None,
    explanation: dict[str, Any] | None = None,
) -> Pair:
    """Pair a mentor and a mentee of one programme."""
    ensure_writable(programme)
    _validate_pair(programme, mentor, mentee)
    pair = Pair(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        status=status,
        score=score,
        explanation=explanation or {},
        created_by=created_by,
    )
    pair.full_clean()
    pair.save()
    return pair


PAIR_TRANSITIONS: dict[str, frozenset[str]] = {
    # A proposed pair that never started can only end early.
    PairStatus.PROPOSED: frozenset({PairStatus.CONFIRMED, PairStatus.ENDED}),
    PairStatus.CONFIRMED: frozenset({PairStatus.COMPLETED, PairStatus.ENDED}),
    PairStatus.COMPLETED: frozenset(),
    PairStatus.ENDED: frozenset(),
}


def _check_pair_transition(pair: Pair, status: str) -> None:
    if status not in PAIR_TRANSITIONS[pair.status]:
        raise ValidationError(
            _("A pair cannot go from “%(current)s” to “%(target)s”: %(pair)s."),
            code="illegal_transition",
            params={
                "current": PairStatus(pair.status).label,
                "target": PairStatus(status).label if status in PairStatus.values else status,
                "pair": pair,
            },
        )


@transaction.atomic
def change_pair_status(*, pair: Pair, status: str) -> Pair:
    ensure_writable(pair.programme)
    _check_pair_transition(pair, status)
    pair.status = status
    pair.save(update_fields=["status"])
    return pair


@transaction.atomic
def close_pairs(
    *, programme: Programme, pairs: Sequence[Pair], outcome: str, reason: str = ""
) -> list[Pair]:
    """Mark pairs of ``programme`` completed or ended early, all of them or none.

    Ending early needs the reason, which is kept on each pair. Side effects: the pairs' status
    and reason change (each change in the audit trail).
    """
    ensure_writable(programme)
    if outcome not in CLOSED_PAIR_STATUSES:
        raise ValidationError(
            {"outcome": ValidationError(_("Choose completed or ended early."), code="invalid")}
        )
    reason = reason.strip()
    if outcome == PairStatus.ENDED and not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the pair ended early."), code="required")}
        )
    if not pairs:
        raise ValidationError(_("Choose at least one pair."), code="empty")
    closed = []
    for pair in pairs:
        if pair.programme_id != programme.pk:
            raise ValidationError(_("That pair is not in this programme."), code="other_programme")
        _check_pair_transition(pair, outcome)
        pair.status = outcome
        pair.end_reason = reason if outcome == PairStatus.ENDED else ""
        pair.save(update_fields=["status", "end_reason"])
        closed.append(pair)
    return closed
