"""Write services of notices: sending announcements, saving preferences, unsubscribing, and the
digest run. One transaction each; e-mails leave after the commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.notices import mail, registry, selectors
from clusterbridge.notices.models import (
    Announcement,
    AnnouncementRecipient,
    AnnouncementVersion,
    Audience,
    Delivery,
    DeliveryPreference,
    DigestSubscription,
    Frequency,
)
from clusterbridge.programmes.models import Pair, Programme
from clusterbridge.programmes.services import ensure_writable

logger = logging.getLogger(__name__)


@transaction.atomic
def send_announcement(
    *,
    programme: Programme,
    author: Person | None,
    audience: str,
    language: str,
    subject: str,
    body: str,
    pairs: Iterable[Pair] = (),
    versions: Mapping[str, tuple[str, str]] | None = None,
    notify: bool = True,
) -> Announcement:
    """Send an announcement to the programme's people of ``audience`` (for ``pairs``: the
    mentors and mentees of the pairs picked), written in ``language``; ``versions`` maps other
    languages to their (subject, body).

    Side effects: the announcement, its versions and one recipient row per person (it shows in
    their list); after the commit, an e-mail to each recipient whose announcements delivery is
    "at once" and whose e-mails consent is open, in their language's version when there is one
    (none with ``notify=False``, as in the demo).
    """
    ensure_writable(programme)
    pair_list = list(pairs)
    if audience not in Audience.values:
        raise ValidationError({"audience": ValidationError(_("Choose an audience."))})
    if audience == Audience.PAIRS and not pair_list:
        raise ValidationError({"pairs": ValidationError(_("Pick at least one pair."))})
    if any(pair.programme_id != programme.pk for pair in pair_list):
        raise ValidationError(
            {"pairs": ValidationError(_("This pair belongs to another programme."))}
        )
    other = {key: value for key, value in (versions or {}).items() if key != language}
    announcement = Announcement(
        programme=programme,
        author=author,
        audience=audience,
        language=language,
        subject=subject,
        body=body,
    )
    announcement.full_clean()
    announcement.save()
    if audience == Audience.PAIRS:
        announcement.pairs.set(pair_list)
    AnnouncementVersion.objects.bulk_create(
        AnnouncementVersion(announcement=announcement, language=code, subject=s, body=b)
        for code, (s, b) in other.items()
    )
    people = selectors.audience_people(programme, audience, pair_list)
    if not people:
        raise ValidationError(_("Nobody in this programme is in that audience yet."))
    AnnouncementRecipient.objects.bulk_create(
        AnnouncementRecipient(announcement=announcement, person=person) for person in people
    )
    if notify:
        _mail_after_commit(announcement.pk, people)
    return announcement


def _mail_after_commit(announcement_id: int, people: list[Person]) -> None:
    def send() -> None:
        announcement = (
            Announcement.objects.select_related("programme")
            .prefetch_related("versions")
            .get(pk=announcement_id)
        )
        wanted = selectors.deliveries(people, mail.ANNOUNCEMENTS)
        now = [person for person in people if wanted[person.pk] == Delivery.IMMEDIATE]
        readers = mailing.recipients(now, mailing.MailCategory.NEWS)
        try:
            mail.send([mail.announcement_message(announcement, person) for person in readers])
        except OSError:
            # The announcement is saved and shown in the application; the mail can be resent.
            logger.exception("could not e-mail announcement %s", announcement_id)
            return
        AnnouncementRecipient.objects.filter(
            announcement_id=announcement_id, person__in=readers
        ).update(emailed=True)

    transaction.on_commit(send)


@transaction.atomic
def save_preferences(*, person: Person, frequency: str, deliveries: Mapping[str, str]) -> None:
    """Keep the person's digest frequency and their delivery for each known category.

    Side effects: their digest subscription and one preference row per category given."""
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": ValidationError(_("Choose a frequency."))})
    for key, delivery in deliveries.items():
        if registry.category(key) is None or delivery not in Delivery.values:
            raise ValidationError(_("Unknown notice category or delivery."))
        DeliveryPreference.objects.update_or_create(
            person=person, category=key, defaults={"delivery": delivery}
        )
    DigestSubscription.objects.update_or_create(person=person, defaults={"frequency": frequency})


@transaction.atomic
def unsubscribe(*, person: Person, category: str) -> None:
    """One-click unsubscribe: ``category`` becomes "never", or the digest stops.

    Side effects: the person's preference row or digest subscription."""
    if category == mail.DIGEST:
        DigestSubscription.objects.update_or_create(
            person=person, defaults={"frequency": Frequency.NEVER}
        )
        return
    if registry.category(category) is None:
        raise ValidationError(_("This link is not valid."), code="unknown_category")
    DeliveryPreference.objects.update_or_create(
        person=person, category=category, defaults={"delivery": Delivery.NEVER}
    )


@dataclass(frozen=True)
class DigestOutcome:
    person: Person
    sections: int
    sent: bool


def send_digests(*, now: datetime | None = None, dry_run: bool = False) -> list[DigestOutcome]:
    """Send each person whose digest is due their digest, in their language and time zone.

    Due: the last slot of their frequency (07:00 in their zone, Mondays for weekly) is after
    their last digest; someone who never had one gets their first on the day of a slot. Each
    person is claimed in its own transaction by moving ``last_sent_at`` from the value read to
    now; a concurrent run's claim then matches no row, so nobody gets two digests, and a second
    run finds nobody due. A digest with nothing to say
    is claimed but not sent. A refused send restores the previous value for the next run.
    ``dry_run`` claims and sends nothing and reports what would go.
    """
    now = now or timezone.now()
    outcomes = []
    readers = list(selectors.digest_readers())
    consenting = {p.pk for p in mailing.recipients(readers, mailing.MailCategory.NEWS)}
    for person in readers:
        if person.pk not in consenting:
            continue
        outcome = _digest_for(person, now=now, dry_run=dry_run)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _digest_for(person: Person, *, now: datetime, dry_run: bool) -> DigestOutcome | None:
    subscription = DigestSubscription.objects.filter(person=person).first()
    frequency = subscription.frequency if subscription is not None else Frequency.WEEKLY
    previous = subscription.last_sent_at if subscription is not None else None
    if frequency == Frequency.NEVER:
        return None
    slot = selectors.last_slot(now, person.time_zone, frequency)
    if not selectors.is_due(slot, previous, now=now, zone=person.time_zone):
        return None
    since = previous or (slot - selectors.PERIODS[Frequency(frequency)])
    with (
        translation.override(mailing.language_of(person)),
        timezone.override(ZoneInfo(person.time_zone)),
    ):
        sections = registry.digest_sections(person, since, now)
    if dry_run:
        return DigestOutcome(person, len(sections), sent=False)
    if not _claim(person, subscription, previous, now):
        return None
    if not sections:
        return DigestOutcome(person, 0, sent=False)
    try:
        mail.send([mail.digest_message(person, sections, since, now)])
    except OSError:
        logger.exception("could not send the digest of person %s", person.pk)
        DigestSubscription.objects.filter(person=person).update(last_sent_at=previous)
        return DigestOutcome(person, len(sections), sent=False)
    return DigestOutcome(person, len(sections), sent=True)


def _claim(
    person: Person,
    subscription: DigestSubscription | None,
    previous: datetime | None,
    now: datetime,
) -> bool:
    """Move the last digest from ``previous`` to ``now``; False when another run moved it
    first (its update matches no row, or its first row exists already)."""
    if subscription is None:
        try:
            with transaction.atomic():
                DigestSubscription.objects.create(person=person, last_sent_at=now)
        except IntegrityError:
            return False
        return True
    return bool(
        DigestSubscription.objects.filter(pk=subscription.pk, last_sent_at=previous).update(
            last_sent_at=now
        )
    )
