"""E-mails to both people of a newly confirmed pair, each in the recipient's own language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.matching import texts
from clusterbridge.programmes.models import Pair

# How many criteria the summary names: the strongest reasons, not the whole table.
SUMMARY_CRITERIA = 3


def send_pair_confirmations(pair_ids: Iterable[int]) -> int:
    """Send the two e-mails of each pair; returns how many messages were sent."""
    pairs = list(
        Pair.objects.filter(pk__in=list(pair_ids)).select_related(
            "programme",
            "mentor__person__user",
            "mentor__person__organisation",
            "mentor__person__country",
            "mentee__person__user",
            "mentee__person__organisation",
            "mentee__person__country",
        )
    )
    # The pairing is what the person joined the programme for: sent whatever the e-mails consent.
    allowed = {
        person.pk
        for person in mailing.recipients(
            [person for pair in pairs for person in (pair.mentee.person, pair.mentor.person)],
            mailing.MailCategory.SERVICE,
        )
    }
    messages = []
    for pair in pairs:
        mentee, mentor = pair.mentee.person, pair.mentor.person
        if mentee.pk in allowed:
            messages.append(
                _message(pair, recipient=mentee, partner=mentor, partner_is_mentor=True)
            )
        if mentor.pk in allowed:
            messages.append(
                _message(pair, recipient=mentor, partner=mentee, partner_is_mentor=False)
            )
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)


def _message(
    pair: Pair, *, recipient: Person, partner: Person, partner_is_mentor: bool
) -> EmailMessage:
    with translation.override(mailing.language_of(recipient)):
        context: dict[str, Any] = {
            "recipient": recipient,
            "partner": partner,
            "partner_is_mentor": partner_is_mentor,
            "programme": pair.programme,
            "country": str(partner.country),
            "score": pair.score,
            "reasons": summary(pair.explanation),
        }
        subject = gettext("Your pair in %(programme)s: %(partner)s") % {
            "programme": pair.programme.name,
            "partner": partner.full_name,
        }
        body = render_to_string("matching/email/pair_confirmed.txt", context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def summary(explanation: dict[str, Any]) -> list[str]:
    """The strongest criteria of a pair, as "label (share of the score)" phrases."""
    contributions = explanation.get("contributions") or {}
    total = sum(contributions.values())
    strongest = sorted(contributions.items(), key=lambda item: -item[1])[:SUMMARY_CRITERIA]
    return [
        f"{texts.criterion_label(name)} ({value / total:.0%})"
        for name, value in strongest
        if value > 0 and total > 0
    ]
