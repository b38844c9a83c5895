"""Reads of notices: who sees which announcement, who is in an audience, each person's choices,
and whose digest is due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from clusterbridge.directory.models import Person
from clusterbridge.notices import registry
from clusterbridge.notices.models import (
    Announcement,
    Audience,
    DeliveryPreference,
    DigestSubscription,
    Frequency,
)
from clusterbridge.notices.tokens import read_unsubscribe_token
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    ParticipationStatus,
    Programme,
    Role,
)

# Digests leave from this hour of the reader's morning; weekly ones on Mondays.
DIGEST_HOUR = time(7)
PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def announcements_for(
    user: programme_selectors.AnyUser, programme: Programme
) -> QuerySet[Announcement]:
    """Managers see every announcement of their programme; others those sent to them."""
    announcements = (
        Announcement.objects.filter(programme=programme)
        .select_related("author")
        .prefetch_related("versions")
        .order_by("-sent_at", "-pk")
    )
    if programme_selectors.can_manage(user, programme):
        return announcements
    return announcements.filter(recipients__person__user_id=programme_selectors.user_id(user))


def get_visible_announcement(
    *, user: programme_selectors.AnyUser, programme: Programme, pk: int
) -> Announcement:
    return get_object_or_404(announcements_for(user, programme), pk=pk)


def text_for(announcement: Announcement, language: str) -> tuple[str, str, str]:
    """(language, subject, body) a reader of ``language`` gets: their version, else the
    original. Reads the prefetched versions when there are."""
    for version in announcement.versions.all():
        if version.language == language:
            return version.language, version.subject, version.body
    return announcement.language, announcement.subject, announcement.body


def pickable_pairs(programme: Programme) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(
            programme=programme, status__in=[PairStatus.CONFIRMED, PairStatus.PROPOSED]
        )
        .select_related("mentor__person", "mentee__person")
        .order_by("mentee__person__full_name")
    )


def audience_people(programme: Programme, audience: str, pairs: Iterable[Pair]) -> list[Person]:
    """The accepted people an announcement to ``audience`` reaches, by name."""
    accepted = Participation.objects.accepted().filter(programme=programme)
    if audience == Audience.MENTORS:
        accepted = accepted.filter(role=Role.MENTOR)
    elif audience == Audience.MENTEES:
        accepted = accepted.filter(role=Role.MENTEE)
    elif audience == Audience.PAIRS:
        pair_ids = [pair.pk for pair in pairs]
        accepted = accepted.filter(
            Q(pairs_as_mentor__pk__in=pair_ids) | Q(pairs_as_mentee__pk__in=pair_ids)
        )
    return list(
        Person.objects.filter(pk__in=accepted.values("person_id"), erased_at__isnull=True)
        .select_related("user")
        .order_by("full_name", "pk")
    )


def deliveries(people: Iterable[Person], category: str) -> dict[int, str]:
    """Each person's delivery for ``category`` (the category's default where they chose none),
    in one query."""
    ids = [person.pk for person in people]
    default = registry.category(category)
    chosen = dict(
        DeliveryPreference.objects.filter(person_id__in=ids, category=category).values_list(
            "person_id", "delivery"
        )
    )
    fallback = default.default if default is not None else ""
    return {pk: chosen.get(pk, fallback) for pk in ids}


def frequency_of(person: Person) -> str:
    subscription = DigestSubscription.objects.filter(person=person).first()
    return subscription.frequency if subscription is not None else Frequency.WEEKLY


def last_slot(now: datetime, zone: str, frequency: str) -> datetime:
    """The latest moment at or before ``now`` when a digest of ``frequency`` was due in the
    reader's zone: 07:00 local each day, or on Mondays for the weekly one."""
    local = now.astimezone(ZoneInfo(zone))
    slot = datetime.combine(local.date(), DIGEST_HOUR, tzinfo=local.tzinfo)
    if slot > local:
        slot -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        slot -= timedelta(days=slot.weekday())
    # Re-read the wall time in the zone: a DST change in between shifts the offset.
    return slot.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone))


def is_due(slot: datetime, last_sent_at: datetime | None, *, now: datetime, zone: str) -> bool:
    """A digest is due once per slot: after the last one, the next slot (a run missed on a day
    is caught up); for a first digest, only on a slot's own day, so that joining on a Thursday
    does not bring a weekly digest before Monday."""
    if last_sent_at is not None:
        return last_sent_at < slot
    return slot.date() == now.astimezone(ZoneInfo(zone)).date()


def digest_readers() -> QuerySet[Person]:
    """People who could receive a digest: a login, an address, not erased."""
    return (
        Person.objects.filter(user__isnull=False, erased_at__isnull=True)
        .exclude(email="")
        .select_related("user", "digest_subscription")
        .order_by("pk")
    )


def manager_programmes(person: Person) -> QuerySet[Programme]:
    return Programme.objects.filter(
        participations__person=person,
        participations__role=Role.MANAGER,
        participations__status=ParticipationStatus.ACCEPTED,
    ).distinct()


def unsubscribe_target(token: str) -> tuple[Person, str] | None:
    """The person and category of a genuine unsubscribe token, None for a forged, damaged or
    erased person's link."""
    read = read_unsubscribe_token(token)
    if read is None:
        return None
    person = Person.objects.filter(pk=read[0], erased_at__isnull=True).first()
    return None if person is None else (person, read[1])


def delivery_choices(person: Person) -> dict[str, str]:
    """The preferences page's initial values: the frequency and each category's delivery."""
    initial = {"frequency": frequency_of(person)}
    for category in registry.categories():
        initial[f"delivery_{category.key}"] = deliveries([person], category.key)[person.pk]
    return initial
