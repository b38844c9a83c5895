"""Reads of the i-Community: who sees which post, who moderates, and the network's data."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from clusterbridge.community.models import (
    Collaboration,
    Interest,
    ModerationAction,
    ModerationLog,
    Notification,
    Opportunity,
)
from clusterbridge.community.network import Link, Node
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.journeys.models import CollaborationOutcome
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Pair, Participation, Programme


def can_moderate(user: programme_selectors.AnyUser) -> bool:
    """Site admins and programme managers moderate the community's posts."""
    return programme_selectors.is_site_admin(user) or (
        user.is_authenticated and programme_selectors.managed_programmes(user).exists()
    )


def opportunities_visible_to(user: programme_selectors.AnyUser) -> QuerySet[Opportunity]:
    """Members see posts that are not hidden and their own; moderators see every post."""
    posts = (
        Opportunity.objects.select_related("author__organisation", "author__country", "sector")
        .prefetch_related("countries")
        .annotate(interest_count=Count("interests", distinct=True))
        .order_by("-created_at", "-pk")
    )
    if not user.is_authenticated:
        return posts.none()
    if can_moderate(user):
        return posts
    return posts.filter(Q(hidden_at__isnull=True) | Q(author__user_id=user.pk))


def get_own_opportunity(user: programme_selectors.AnyUser, pk: int) -> Opportunity:
    """One of the signed-in member's own posts, hidden or not; Http404 for any other."""
    return get_object_or_404(
        Opportunity.objects.prefetch_related("countries"), pk=pk, author__user_id=user.pk
    )


def get_closable_opportunity(user: programme_selectors.AnyUser, pk: int) -> Opportunity:
    """A post the user may close: their own, or any post for a moderator; Http404 otherwise."""
    if can_moderate(user):
        return get_object_or_404(Opportunity, pk=pk)
    return get_own_opportunity(user, pk)


def opportunity_interests(opportunity: Opportunity) -> QuerySet[Interest]:
    return opportunity.interests.select_related("person__organisation", "person__country")


def get_interest_in_own_post(*, author: Person, pk: int) -> Interest:
    """An interest expressed in one of the author's opportunities; Http404 for any other."""
    return get_object_or_404(
        Interest.objects.select_related("opportunity", "person"), pk=pk, opportunity__author=author
    )


def reported_opportunities() -> QuerySet[Opportunity]:
    """Posts with at least one report, most reported first, for the moderators' queue."""
    return (
        Opportunity.objects.select_related("author")
        .annotate(
            report_count=Count(
                "moderation_log", filter=Q(moderation_log__action=ModerationAction.REPORTED)
            )
        )
        .filter(report_count__gt=0)
        .order_by("hidden_at", "-report_count", "-created_at")
    )


def moderation_log() -> QuerySet[ModerationLog]:
    return ModerationLog.objects.select_related("opportunity", "actor")


def notifications_of(person: Person) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=person)


# The navigation shows this count on every page: it is kept for a minute and forgotten when a
# notification arrives or is read (services.create_notification, mark_notifications_read).
UNREAD_SECONDS = 60


def _unread_key(person_id: int) -> str:
    return f"community:unread:{person_id}"


def unread_count(person: Person | None) -> int:
    if person is None:
        return 0
    key = _unread_key(person.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=person, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return int(count)


def forget_unread_count(person_id: int) -> None:
    cache.delete(_unread_key(person_id))


def collaborations() -> QuerySet[Collaboration]:
    return Collaboration.objects.select_related(
        "organisation_a__country", "organisation_b__country", "programme"
    )


def _links(organisation_ids: set[int] | None) -> list[Link]:
    links = []
    pairs = Pair.objects.values_list(
        "mentor__person__organisation_id", "mentee__person__organisation_id", "programme__starts_on"
    )
    # A pair's tie starts with its programme: pairs are often recorded before or after the day.
    for mentor_org, mentee_org, starts_on in pairs:
        if mentor_org and mentee_org:
            links.append(Link(mentor_org, mentee_org, "pair", starts_on))
    for a, b, started_on in Collaboration.objects.values_list(
        "organisation_a_id", "organisation_b_id", "started_on"
    ):
        links.append(Link(a, b, "collaboration", started_on))
    # Collaborations a mentee reported as an outcome of their journey are ties too.
    reported = CollaborationOutcome.partners.through.objects.values_list(
        "collaborationoutcome__mentee__person__organisation_id",
        "organisation_id",
        "collaborationoutcome__started_on",
    )
    for mentee_org, partner, started_on in reported:
        if mentee_org and mentee_org != partner:
            links.append(Link(mentee_org, partner, "collaboration", started_on))
    for a, b, created_at in Interest.objects.values_list(
        "person__organisation_id", "opportunity__author__organisation_id", "created_at"
    ):
        if a and b:
            links.append(Link(a, b, "interest", created_at.date()))
    if organisation_ids is None:
        return links
    return [
        link
        for link in links
        if link.source in organisation_ids and link.target in organisation_ids
    ]


def _nodes(ids: set[int]) -> list[Node]:
    return [
        Node(
            organisation.pk,
            str(organisation),
            organisation.country.code,
            organisation.country.region,
        )
        for organisation in Organisation.objects.filter(pk__in=ids).select_related("country")
    ]


def community_network() -> tuple[list[Node], list[Link]]:
    """Every organisation with at least one tie, and every tie."""
    links = _links(None)
    ids = {link.source for link in links} | {link.target for link in links}
    return _nodes(ids), links


def programme_network(programme: Programme) -> tuple[list[Node], list[Link]]:
    """The organisations of the programme's participants and every tie among them."""
    ids = set(
        Participation.objects.filter(programme=programme, person__organisation__isnull=False)
        .exclude(role="manager")
        .values_list("person__organisation_id", flat=True)
    )
    return _nodes(ids), _links(ids)


def opportunity_with_details(opportunities: QuerySet[Opportunity], pk: int) -> Opportunity:
    return opportunities.prefetch_related(
        Prefetch("interests", queryset=Interest.objects.select_related("person__organisation"))
    ).get(pk=pk)
