"""Who may be e-mailed what: the one place that reads the e-mails consent.

Every sender of clusterbridge passes its recipients through `recipients` with the category of
its message, so the lawful basis of each e-mail is written where it is sent:

- `MailCategory.SERVICE`: what a person needs to take part in a programme they joined
  (their pair, the meetings they are invited to and the reminders of them, their pair's
  health reminders, their mission requests and agendas). Sent on the contract or legitimate
  interest basis, whatever the e-mails consent. Account mail (address verification, password
  reset) is service mail too; allauth sends it to an address, not to a profile, so it does not
  pass through here.
- `MailCategory.NEWS`: news and community notifications (interest in an opportunity, answers,
  any announcement or newsletter). Sent only to people whose e-mails consent is open when the
  message leaves, so a withdrawal counts from the next message. Callers keep the in-app
  notification, so nobody loses the information, only the e-mail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from django.conf import settings

from clusterbridge.directory.models import ConsentPurpose, ConsentRecord, Person


class MailCategory(StrEnum):
    SERVICE = "service"
    NEWS = "news"


def language_of(person: Person) -> str:
    """The language to write to the person in: their login's interface language when the site
    offers it, else the site's default (people without a login, stale choices)."""
    language = person.user.language if person.user is not None else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipients(people: Iterable[Person], category: MailCategory) -> list[Person]:
    """The people who may be sent a message of `category`, in the order given.

    People without an address are left out, and so are erased people: their address is a
    placeholder that must not be written to. News mail reads the consents of all the people in
    one query; service mail needs none.
    """
    addressed = [person for person in people if person.email and person.erased_at is None]
    if category is MailCategory.SERVICE or not addressed:
        return addressed
    consenting = set(
        ConsentRecord.objects.filter(
            person__in=[person.pk for person in addressed],
            purpose=ConsentPurpose.EMAILS,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    return [person for person in addressed if person.pk in consenting]


# How each person wants a kind of notice: "immediate" (an e-mail per event or period), "digest"
# (in their daily or weekly digest) or "never". The choices live in `notices`, above the apps
# that send; it installs its lookup here from its AppConfig.ready(). Without it, everyone is
# told at once, as before preferences existed.
IMMEDIATE = "immediate"
DeliveryLookup = Callable[[Iterable[Person], str], dict[int, str]]
_delivery_lookup: list[DeliveryLookup] = []


def set_delivery_lookup(lookup: DeliveryLookup) -> None:
    _delivery_lookup[:] = [lookup]


def told_at_once(people: Iterable[Person], category: str) -> list[Person]:
    """The people who want an e-mail for each notice of ``category`` (one query at most)."""
    people = list(people)
    if not _delivery_lookup:
        return people
    chosen = _delivery_lookup[0](people, category)
    return [person for person in people if chosen.get(person.pk, IMMEDIATE) == IMMEDIATE]
