from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from clusterbridge.certificates.selectors import certificates_of
from clusterbridge.common import figures
from clusterbridge.directory.models import Person
from clusterbridge.invitations.selectors import home_onboarding
from clusterbridge.journeys import selectors as journey_selectors
from clusterbridge.journeys.next_step import mentee_next_step
from clusterbridge.journeys.selectors import FlagSummary
from clusterbridge.meetings import selectors as meeting_selectors
from clusterbridge.programmes import selectors
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import AnyUser, ProgrammeOverview
from clusterbridge.reports.dashboard import pair_dashboards, programme_dashboards


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: managers get their programmes, pair members their pair."""
    user = request.user
    now = timezone.now()
    managed = list(selectors.managed_programmes(user).order_by("-starts_on")[:10])
    ids = [programme.pk for programme in managed]
    # Whole-programme figures, the same for each of its managers, are kept a few minutes
    # (common/figures.py); which programmes this user sees is decided above, uncached.
    counted = figures.by_id("overview", ids, partial(_overviews, managed))
    overviews = [counted[pk] for pk in ids]
    health = figures.by_id("pair-health", ids, partial(_flag_summaries, now=now))
    upcoming = meeting_selectors.upcoming_meetings_by_programme(ids, now=now) if ids else {}
    person = selectors.person_of(user)
    # The viewer's own part, in their language, is kept until something changes (see
    # common/figures.py): keyed by the user, so nobody else is ever shown it.
    me = selectors.user_id(user)
    language = translation.get_language()
    own = figures.by_id(f"home:{language}", [me], partial(_own_part, user, person, now=now))
    context = {
        "overviews": overviews,
        "cards": [
            (overview, health.get(overview.programme.pk), upcoming.get(overview.programme.pk, []))
            for overview in overviews
        ],
        "programme_dashboards": programme_dashboards(
            [overview.programme for overview in overviews], health, now=now
        ),
        "person": person,
        **own[me],
    }
    return render(request, "home/home.html", context)


def _own_part(
    user: AnyUser, person: Person | None, ids: Sequence[int], *, now: datetime
) -> dict[int, dict[str, object]]:
    (me,) = ids
    my_pairs = list(selectors.my_pairs(user))
    return {
        me: {
            "my_pairs": my_pairs,
            "pair_dashboards": pair_dashboards(my_pairs, now=now),
            "next_meetings": meeting_selectors.my_next_meetings(user, now=now),
            "roles": selectors.roles_of(user),
            "certificates": list(certificates_of(user)),
            "next_step": mentee_next_step(user, person, now=now),
            **home_onboarding(person),
        }
    }


def _overviews(managed: list[Programme], ids: Sequence[int]) -> dict[int, ProgrammeOverview]:
    return {
        overview.programme.pk: overview
        for overview in selectors.programme_overviews([p for p in managed if p.pk in ids])
    }


def _flag_summaries(ids: Sequence[int], *, now: datetime) -> dict[int, FlagSummary | None]:
    found = journey_selectors.flag_summaries(ids, now=now)
    return {pk: found.get(pk) for pk in ids}
