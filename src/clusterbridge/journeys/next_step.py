"""A mentee's next thing to do, for their home page.

The first of: accept the mentoring agreement the mentor recorded, complete the needs diagnosis,
go to the next meeting, give a self-assessment whose time has come, answer an open survey.
Each programme the person is an accepted mentee of (and which is not closed) is looked at in
the order the programmes start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from clusterbridge.directory.models import Person
from clusterbridge.journeys import health
from clusterbridge.journeys.models import Assessment, Rater, Stage, Survey, SurveyParticipation
from clusterbridge.meetings import selectors as meetings
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    ProgrammeStatus,
    Role,
)
from clusterbridge.programmes.selectors import AnyUser


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    starts_at: datetime | None = None  # a meeting's start, shown in the viewer's zone


def _mentee_participations(person: Person) -> list[Participation]:
    return list(
        Participation.objects.accepted()
        .filter(person=person, role=Role.MENTEE)
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .select_related("programme")
        .order_by("programme__starts_on", "pk")
    )


def _agreement_to_accept(participations: list[Participation]) -> NextStep | None:
    pair = (
        Pair.objects.filter(
            mentee__in=participations,
            status=PairStatus.CONFIRMED,
            agreement__isnull=False,
            agreement__mentee_accepted_at__isnull=True,
        )
        .select_related("programme", "mentor__person")
        .order_by("programme__starts_on", "pk")
        .first()
    )
    if pair is None:
        return None
    return NextStep(
        _("Read and accept your mentoring agreement with %(mentor)s")
        % {"mentor": pair.mentor.person.full_name},
        reverse("programmes:pair_journey", args=[pair.programme.slug, pair.pk]),
    )


def _self_assessments(participations: list[Participation]) -> set[tuple[int, str]]:
    return set(
        Assessment.objects.filter(mentee__in=participations, rater=Rater.SELF).values_list(
            "mentee_id", "stage"
        )
    )


def _diagnosis_to_complete(
    participations: list[Participation], done: set[tuple[int, str]]
) -> NextStep | None:
    for participation in participations:
        if (participation.pk, Stage.BASELINE) not in done:
            return NextStep(
                _("Complete your needs diagnosis for %(programme)s")
                % {"programme": participation.programme.name},
                reverse("programmes:diagnosis", args=[participation.programme.slug]),
            )
    return None


def _opens_on(participation: Participation) -> dict[str, date]:
    """When each self-assessment may be given: its due date less its grace period."""
    programme = participation.programme
    due = health.due_dates(programme.starts_on, programme.ends_on)
    return {
        stage: day - timedelta(days=health.ASSESSMENT_GRACE_DAYS[stage])
        for stage, day in due.items()
    }


def _assessment_labels() -> dict[str, str]:
    return {
        Stage.MIDTERM: _("Give your mid-term self-assessment"),
        Stage.END: _("Give your end-of-programme self-assessment"),
    }


def _assessment_due(
    participations: list[Participation], done: set[tuple[int, str]], today: date
) -> NextStep | None:
    """The first self-assessment after the diagnosis whose time has come and not yet given."""
    pairs = {
        pair.mentee_id: pair
        for pair in Pair.objects.filter(
            mentee__in=participations, status=PairStatus.CONFIRMED
        ).select_related("programme")
    }
    labels = _assessment_labels()
    for participation in participations:
        pair = pairs.get(participation.pk)
        opens = _opens_on(participation)
        due = [
            stage
            for stage in labels
            if pair is not None and opens[stage] <= today and (participation.pk, stage) not in done
        ]
        if pair is not None and due:
            return NextStep(
                labels[due[0]],
                reverse(
                    "programmes:assessment",
                    args=[pair.programme.slug, pair.pk, due[0], Rater.SELF],
                ),
            )
    return None


def _survey_to_answer(participations: list[Participation], person: Person) -> NextStep | None:
    survey = (
        Survey.objects.filter(programme__in=[p.programme_id for p in participations])
        .exclude(pk__in=SurveyParticipation.objects.filter(person=person).values("survey_id"))
        .select_related("programme")
        .order_by("created_at", "pk")
        .first()
    )
    if survey is None:
        return None
    return NextStep(
        _("Answer the survey “%(title)s”") % {"title": survey.title},
        reverse("programmes:survey_answer", args=[survey.programme.slug, survey.pk]),
    )


def mentee_next_step(user: AnyUser, person: Person | None, *, now: datetime) -> NextStep | None:
    """The first undone step of the signed-in mentee (``person`` is theirs), see the module's
    docstring; None for anyone else or when nothing is left to do."""
    if person is None:
        return None
    participations = _mentee_participations(person)
    if not participations:
        return None
    done = _self_assessments(participations)
    step = _agreement_to_accept(participations) or _diagnosis_to_complete(participations, done)
    if step is not None:
        return step
    upcoming = meetings.my_next_meetings(user, now=now, limit=1)
    if upcoming:
        meeting = upcoming[0]
        return NextStep(
            _("Go to your next meeting: %(title)s") % {"title": meeting.display_title},
            reverse("programmes:meeting_detail", args=[meeting.programme.slug, meeting.pk]),
            starts_at=meeting.starts_at,
        )
    return _assessment_due(participations, done, now.date()) or _survey_to_answer(
        participations, person
    )
