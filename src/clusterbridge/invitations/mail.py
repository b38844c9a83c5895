"""E-mails of invitations: the link itself, a dead link's request to the managers, and the
onboarding reminder. Each is written in its recipient's language and time zone; all are
service mail (what a person needs to take part in a programme they joined).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clusterbridge.directory import mailing
from clusterbridge.directory.models import LANGUAGE_LEVEL_RANK, Person
from clusterbridge.invitations import selectors
from clusterbridge.invitations.models import Invitation
from clusterbridge.programmes.models import Participation


def invitee_language(person: Person, *, written_in: str = "") -> str:
    """Their login's language; without a login yet, the language they wrote to us in (their
    application), else the best of their working languages that the site offers (an imported
    Moroccan cluster manager reads French before English)."""
    if person.user_id is not None:
        return mailing.language_of(person)
    offered = dict(settings.LANGUAGES)
    if written_in in offered:
        return written_in
    spoken = sorted(
        (language for language in person.languages.all() if language.language in offered),
        key=lambda language: -LANGUAGE_LEVEL_RANK.get(language.level, 0),
    )
    return spoken[0].language if spoken else settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def _render(template: str, person: Person, language: str, context: dict[str, Any]) -> EmailMessage:
    context = {**context, "person": person}
    with translation.override(language), timezone.override(ZoneInfo(person.time_zone)):
        subject = render_to_string(f"invitations/mail/{template}_subject.txt", context)
        body = render_to_string(f"invitations/mail/{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


def _send(messages: Sequence[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(list(messages)) or 0)


def send_invitations(sent: Sequence[tuple[int, str]]) -> int:
    """One message per (invitation id, raw token); returns how many were sent."""
    tokens = dict(sent)
    invitations = (
        Invitation.objects.filter(pk__in=tokens)
        .select_related("programme__operator", "participation__person", "invited_by__person")
        .prefetch_related("participation__person__languages")
    )
    by_person = {invitation.participation.person_id: invitation for invitation in invitations}
    allowed = mailing.recipients(
        [invitation.participation.person for invitation in by_person.values()],
        mailing.MailCategory.SERVICE,
    )
    messages = []
    for person in allowed:
        invitation = by_person[person.pk]
        path = reverse("invitations:accept", kwargs={"token": tokens[invitation.pk]})
        context = {
            "invitation": invitation,
            "programme": invitation.programme,
            "inviter": selectors.inviter_name(invitation),
            "url": _absolute(path),
        }
        language = invitee_language(person, written_in=invitation.language)
        messages.append(_render("invitation", person, language, context))
    return _send(messages)


def send_renewal_request(invitation_id: int) -> int:
    """Tell the programme's managers that the holder of a revoked or replaced link asks for a
    new one; the link to their invitations page is in the message."""
    invitation = Invitation.objects.select_related("programme", "participation__person").get(
        pk=invitation_id
    )
    managers = mailing.recipients(
        selectors.managers_of(invitation.programme), mailing.MailCategory.SERVICE
    )
    path = reverse("programme_invitations:list", kwargs={"slug": invitation.programme.slug})
    context = {
        "invitation": invitation,
        "programme": invitation.programme,
        "invitee": invitation.participation.person,
        "url": _absolute(path),
    }
    return _send(
        [
            _render("renewal_request", manager, mailing.language_of(manager), context)
            for manager in managers
        ]
    )


def send_onboarding_reminders(participation_ids: Sequence[int]) -> int:
    """Each participant's open onboarding steps, with links; nobody whose steps are all done."""
    participations = list(
        Participation.objects.filter(pk__in=participation_ids).select_related(
            "programme", "person__user"
        )
    )
    allowed = {
        person.pk
        for person in mailing.recipients(
            [participation.person for participation in participations],
            mailing.MailCategory.SERVICE,
        )
    }
    messages = []
    for participation in participations:
        person = participation.person
        if person.pk not in allowed:
            continue
        language = mailing.language_of(person)
        with translation.override(language):
            checklist = selectors.onboarding_checklists([participation]).get(participation.pk, [])
        missing = [item for item in checklist if not item.done]
        if not missing:
            continue
        context = {
            "programme": participation.programme,
            "missing": [(item.label, _absolute(item.url)) for item in missing],
            "home": _absolute(reverse("home")),
        }
        messages.append(_render("reminder", person, language, context))
    return _send(messages)
