"""The digest's own sections, registered by `NoticesConfig.ready()`: upcoming meetings, what is
due, new opportunities in the reader's sectors, announcements kept for the digest and, for
managers, pairs needing attention and applications waiting. Other apps add theirs through
`registry.register_digest_section` (unread messages, for one)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterbridge.applications.models import Application
from clusterbridge.community.models import Opportunity
from clusterbridge.conversations.notifications import MESSAGES
from clusterbridge.conversations.selectors import unread_conversations_for, unread_counts_for
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.journeys import selectors as journey_selectors
from clusterbridge.journeys.models import Agreement, HealthFlag, Survey, SurveyParticipation
from clusterbridge.meetings.models import Meeting, MeetingStatus
from clusterbridge.meetings.selectors import TITLE_NAMES
from clusterbridge.notices import mail, registry, selectors
from clusterbridge.notices.models import AnnouncementRecipient, Delivery
from clusterbridge.notices.registry import DigestItem, DigestSection
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    ParticipationStatus,
    Programme,
    Role,
)

# How far ahead the meetings section looks: the period the digest covers, within these bounds.
SHORTEST_LOOKAHEAD = timedelta(days=1)
LONGEST_LOOKAHEAD = timedelta(days=7)


def upcoming_meetings(person: Person, since: datetime, until: datetime) -> DigestSection:
    lookahead = min(max(until - since, SHORTEST_LOOKAHEAD), LONGEST_LOOKAHEAD)
    meetings = (
        Meeting.objects.filter(
            invitations__person=person,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=until,
            starts_at__lt=until + lookahead,
        )
        .select_related("programme", *TITLE_NAMES)
        .order_by("starts_at")
    )
    return DigestSection(
        _("Your upcoming meetings"),
        [
            DigestItem(
                meeting.display_title,
                reverse("programmes:meeting_detail", args=[meeting.programme.slug, meeting.pk]),
                when=meeting.starts_at,
            )
            for meeting in meetings
        ],
    )


def _own_pairs(person: Person) -> list[Pair]:
    return list(
        Pair.objects.filter(Q(mentor__person=person) | Q(mentee__person=person))
        .filter(status=PairStatus.CONFIRMED)
        .select_related("programme", "mentor__person", "mentee__person")
    )


def _agreement_items(person: Person, pairs: list[Pair]) -> list[DigestItem]:
    waiting = Agreement.objects.filter(pair__in=pairs).filter(
        Q(pair__mentor__person=person, mentor_accepted_at__isnull=True)
        | Q(pair__mentee__person=person, mentee_accepted_at__isnull=True)
    )
    return [
        DigestItem(
            _("Accept your mentoring agreement"),
            reverse(
                "programmes:agreement", args=[agreement.pair.programme.slug, agreement.pair_id]
            ),
        )
        for agreement in waiting.select_related("pair__programme")
    ]


def _assessment_items(person: Person, pairs: list[Pair], now: datetime) -> list[DigestItem]:
    pair_ids = [pair.pk for pair in pairs]
    fetched = journey_selectors.pairs_with_health_data(Pair.objects.filter(pk__in=pair_ids))
    items = []
    for health in journey_selectors.health_of_pairs(fetched, now=now).values():
        for flag in health.flags:
            if flag.kind == HealthFlag.ASSESSMENT_OVERDUE and person in flag.responsible:
                url = reverse(
                    "programmes:assessment",
                    args=[health.pair.programme.slug, health.pair.pk, flag.stage, flag.rater],
                )
                items.append(DigestItem(flag.message, url))
    return items


def _survey_items(person: Person) -> list[DigestItem]:
    answered = SurveyParticipation.objects.filter(person=person).values("survey_id")
    surveys = (
        Survey.objects.filter(
            programme__participations__person=person,
            programme__participations__status=ParticipationStatus.ACCEPTED,
            programme__participations__role__in=[Role.MENTEE, Role.MENTOR, Role.FACILITATOR],
        )
        .exclude(pk__in=answered)
        .select_related("programme")
        .distinct()
    )
    return [
        DigestItem(
            _("Answer the survey: %(title)s") % {"title": survey.title},
            reverse("programmes:survey_answer", args=[survey.programme.slug, survey.pk]),
        )
        for survey in surveys
    ]


def things_due(person: Person, since: datetime, until: datetime) -> DigestSection:
    pairs = _own_pairs(person)
    items = [
        *_assessment_items(person, pairs, until),
        *_survey_items(person),
        *_agreement_items(person, pairs),
    ]
    return DigestSection(_("Waiting for you"), items)


def new_opportunities(person: Person, since: datetime, until: datetime) -> DigestSection:
    sectors = person.sectors.values("pk")
    posts = (
        Opportunity.objects.filter(
            created_at__gt=since,
            created_at__lte=until,
            hidden_at__isnull=True,
            sector__in=sectors,
        )
        .exclude(author=person)
        .order_by("-created_at")
    )
    return DigestSection(
        _("New opportunities in your sectors"),
        [DigestItem(post.title, post.get_absolute_url()) for post in posts],
    )


def unread_messages(person: Person, since: datetime, until: datetime) -> DigestSection | None:
    """The conversations with messages the person has not read, when they chose the digest for
    messages; the content stays in the application."""
    if selectors.deliveries([person], MESSAGES)[person.pk] != Delivery.DIGEST:
        return None
    unread = unread_counts_for(person)
    conversations = unread_conversations_for(person).filter(pk__in=list(unread))
    return DigestSection(
        _("Unread messages"),
        [
            DigestItem(
                ngettext(
                    "%(conversation)s: %(count)d unread message",
                    "%(conversation)s: %(count)d unread messages",
                    unread[conversation.pk],
                )
                % {"conversation": conversation, "count": unread[conversation.pk]},
                conversation.get_absolute_url(),
            )
            for conversation in conversations.order_by("-last_message_at")
        ],
    )


def kept_announcements(person: Person, since: datetime, until: datetime) -> DigestSection | None:
    if selectors.deliveries([person], mail.ANNOUNCEMENTS)[person.pk] != Delivery.DIGEST:
        return None
    received = (
        AnnouncementRecipient.objects.filter(
            person=person,
            announcement__sent_at__gt=since,
            announcement__sent_at__lte=until,
        )
        .select_related("announcement__programme")
        .prefetch_related("announcement__versions")
        .order_by("announcement__sent_at")
    )
    language = mailing.language_of(person)
    return DigestSection(
        _("Announcements"),
        [
            DigestItem(
                selectors.text_for(row.announcement, language)[1],
                mail.announcement_path(row.announcement),
                when=row.announcement.sent_at,
            )
            for row in received
        ],
    )


def pairs_needing_attention(person: Person, since: datetime, until: datetime) -> DigestSection:
    items = []
    for programme in selectors.manager_programmes(person).order_by("name"):
        pairs = Pair.objects.filter(programme=programme, status=PairStatus.CONFIRMED)
        count = len(journey_selectors.flagged_pair_ids(pairs, now=until))
        if count:
            items.append(_programme_item(programme, count, "programmes:journeys"))
    return DigestSection(_("Pairs needing attention"), items)


def applications_waiting(person: Person, since: datetime, until: datetime) -> DigestSection:
    items = []
    for programme in selectors.manager_programmes(person).order_by("name"):
        count = Application.objects.filter(
            participation__programme=programme,
            participation__status=ParticipationStatus.APPLIED,
        ).count()
        if count:
            items.append(_programme_item(programme, count, "programmes:applications:review"))
    return DigestSection(_("Applications waiting for a decision"), items)


def _programme_item(programme: Programme, count: int, url_name: str) -> DigestItem:
    return DigestItem(f"{programme.name}: {count}", reverse(url_name, args=[programme.slug]))


def register() -> None:
    registry.register_digest_section("meetings", upcoming_meetings)
    registry.register_digest_section("due", things_due)
    registry.register_digest_section("announcements", kept_announcements)
    registry.register_digest_section("messages", unread_messages)
    registry.register_digest_section("opportunities", new_opportunities)
    registry.register_digest_section("attention", pairs_needing_attention)
    registry.register_digest_section("applications", applications_waiting)
