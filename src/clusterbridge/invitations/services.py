"""Writes of invitations: invite, revoke, accept (set a password), ask for a new link, link a
self-made login to its person, remind a participant of their onboarding.

Every e-mail leaves after the commit: a rolled-back invitation sends nothing. The raw token
exists only in memory, between its creation and that e-mail.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import Person
from clusterbridge.directory.services import create_login
from clusterbridge.invitations import mail
from clusterbridge.invitations.models import Invitation, InvitationState
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes.models import Participation, ParticipationStatus, Programme


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_be_invited(participation: Participation) -> bool:
    """Accepted, without a login, with an address that may be written to."""
    person = participation.person
    return (
        participation.status == ParticipationStatus.ACCEPTED
        and person.user_id is None
        and person.erased_at is None
        and bool(person.email)
    )


@transaction.atomic
def invite_participants(
    *,
    programme: Programme,
    participations: Iterable[Participation],
    invited_by: User | None,
    languages: Mapping[int, str] | None = None,
) -> list[Invitation]:
    """Send each accepted participant without a login a new link, one per person.

    ``languages`` gives, by participation id, the language someone wrote to us in (their
    application), which their e-mail is written in while they have no login.

    Called after an acceptance, after a bulk import and from the managers' page and the
    ``invite`` command. Participants who cannot be invited (not accepted, already a login, no
    address) are left out of the result. Someone whose address a login has already verified
    is linked to that login instead of being invited.
    Side effects: the person's earlier pending link is replaced (it stops working), one
    Invitation per person, one e-mail per invitation after the commit.
    Raises ValidationError for a participation of another programme.
    """
    chosen = list(participations)
    if any(participation.programme_id != programme.pk for participation in chosen):
        raise ValidationError(_("Only participants of this programme can be invited."))
    # Two managers inviting the same person at once: the second waits, then replaces the
    # first's link, so a person never holds two working links.
    list(Participation.objects.select_for_update().filter(pk__in=[p.pk for p in chosen]))
    now = timezone.now()
    created: list[tuple[Invitation, str]] = []
    seen: set[int] = set()
    for participation in chosen:
        person = participation.person
        if person.pk in seen or not can_be_invited(participation):
            continue
        seen.add(person.pk)
        if _link_to_verified_login(person) is not None:
            continue
        language = (languages or {}).get(participation.pk, "")
        created.append(_issue(participation, invited_by=invited_by, language=language, now=now))
    sent = [(invitation.pk, token) for invitation, token in created]
    if sent:
        mail_with_change(lambda: mail.send_invitations(sent))
    return [invitation for invitation, _token in created]


def _issue(
    participation: Participation, *, invited_by: User | None, language: str, now: datetime
) -> tuple[Invitation, str]:
    Invitation.objects.filter(
        participation__person_id=participation.person_id,
        participation__programme_id=participation.programme_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        replaced_at__isnull=True,
    ).update(replaced_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        programme_id=participation.programme_id,
        participation=participation,
        invited_by=invited_by,
        token_digest=token_digest(token),
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return invitation, token


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> Invitation:
    """The link stops working at once. Side effects: stamps revoked_at (once; a used link
    stays used)."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, password: str, language: str, now: datetime
) -> User:
    """Create the invitee's login with ``password``; the address counts as verified.

    Side effects: a User with a verified primary EmailAddress, linked to the person; the
    invitation marked used. An unverified login someone opened with the same address is
    deleted first: it could never sign in (verification is mandatory) and the invitee has just
    proved the mailbox is theirs.
    Raises ValidationError when the link is no longer valid, the participation was withdrawn
    or declined since, or the person has a login.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("participation__person")
        .get(pk=invitation.pk)
    )
    if invitation.state(now) is not InvitationState.PENDING:
        raise ValidationError(_("This invitation link is no longer valid."))
    if invitation.participation.status != ParticipationStatus.ACCEPTED:
        raise ValidationError(
            _("You no longer take part in this programme: ask its managers if this is a mistake.")
        )
    person = Person.objects.select_for_update().get(pk=invitation.participation.person_id)
    if person.user_id is not None:
        raise ValidationError(_("You already have a login: sign in instead."))
    _release_unverified_address(person.email)
    user = create_login(person=person, password=password, verified=True, language=language)
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    return user


def _release_unverified_address(email: str) -> None:
    squatter = User.objects.filter(email__iexact=email, person__isnull=True).first()
    if squatter is None:
        return
    if EmailAddress.objects.filter(user=squatter, verified=True).exists():
        raise ValidationError(
            _("A login with this address already exists: sign in with it instead.")
        )
    squatter.delete()


class Renewal(StrEnum):
    """What asking for a new link did."""

    SENT = "sent"  # the link had expired: a new one went to the invitee's own address
    MANAGERS_TOLD = "managers_told"  # it was revoked or replaced: the managers decide
    ALREADY_ASKED = "already_asked"
    HAS_LOGIN = "has_login"
    NOT_NEEDED = "not_needed"  # the link still works, or the person is no longer accepted


@transaction.atomic
def request_new_invitation(*, invitation: Invitation, now: datetime) -> Renewal:
    """What the holder of a dead link may ask for, once per link.

    An expired link sends a new one to the invitee's own address: only its owner can read it,
    whoever clicked. A link a manager revoked or replaced e-mails the programme's managers,
    who decide. Nothing is sent for a link that still works, was used, or was already renewed.
    Side effects: stamps renewal_requested_at; a new Invitation (expired) or the managers'
    e-mail (revoked, replaced) after the commit.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("participation__person", "programme")
        .get(pk=invitation.pk)
    )
    state = invitation.state(now)
    participation = invitation.participation
    if participation.person.user_id is not None or state is InvitationState.ACCEPTED:
        return Renewal.HAS_LOGIN
    if invitation.renewal_requested_at is not None:
        return Renewal.ALREADY_ASKED
    if state is InvitationState.PENDING or not can_be_invited(participation):
        return Renewal.NOT_NEEDED
    invitation.renewal_requested_at = now
    invitation.save(update_fields=["renewal_requested_at"])
    if state is InvitationState.EXPIRED:
        invite_participants(
            programme=invitation.programme,
            participations=[participation],
            invited_by=invitation.invited_by,
        )
        return Renewal.SENT
    mail_with_change(lambda: mail.send_renewal_request(invitation.pk))
    return Renewal.MANAGERS_TOLD


def _link_to_verified_login(person: Person) -> User | None:
    """The login whose verified address is the person's, now linked to them; None if none."""
    address = (
        EmailAddress.objects.filter(
            email__iexact=person.email, verified=True, user__person__isnull=True
        )
        .select_related("user")
        .first()
    )
    if address is None:
        return None
    user: User = address.user
    person.user = user
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def link_verified_address(*, email_address: EmailAddress) -> Person | None:
    """Link a login to the person who has its address, once allauth has verified it.

    Never before: typing someone's address at sign-up proves nothing, opening the mail does.
    Returns the person linked, or None when the address is unverified, the login already has a
    profile, or no unlinked, unerased person has the address.
    Side effects: Person.user. A pending invitation of the person then only says they have a
    login: accepting it is refused, so nobody gets a second one.
    """
    if not email_address.verified:
        return None
    user = email_address.user
    if Person.objects.filter(user=user).exists():
        return None
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=email_address.email, user__isnull=True, erased_at__isnull=True)
        .first()
    )
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user"])
    return person


def remind_onboarding(*, programme: Programme, participations: Iterable[Participation]) -> int:
    """E-mail each participant with a login the onboarding steps still open for them.

    Returns how many were reminded (nobody whose checklist is complete). Raises
    ValidationError for a participation of another programme.
    """
    chosen = list(participations)
    if any(participation.programme_id != programme.pk for participation in chosen):
        raise ValidationError(_("Only participants of this programme can be reminded."))
    ids = [p.pk for p in chosen if p.person.user_id is not None]
    return mail.send_onboarding_reminders(ids) if ids else 0
