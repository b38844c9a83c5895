"""A programme's next edition: its settings copied from the previous one, its people invited back.

Why here, in `applications`: the copy reads the call for applications (this app), the matching
settings (`matching`), the meeting plan (`meetings`) and the surveys (`journeys`), and inviting
the returning people goes through `invitations`. `applications` is the lowest app that may
import all of them, so one function copies everything in one transaction, in an order that can
be read top to bottom; a registry of copiers in `programmes`, filled from five `ready()` hooks,
would spread that one business action over five apps and make its order implicit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.applications import services as call_services
from clusterbridge.applications.models import Call
from clusterbridge.directory.models import Organisation
from clusterbridge.invitations.services import invite_participants
from clusterbridge.journeys.models import Survey
from clusterbridge.matching.models import MatchingSettings
from clusterbridge.meetings.models import Meeting, MeetingStatus
from clusterbridge.programmes import selectors as programmes
from clusterbridge.programmes import services as programme_services
from clusterbridge.programmes.models import (
    Participation,
    ParticipationStatus,
    Programme,
    Role,
)

# The meetings of the whole programme, which make its plan; pair sessions belong to a pair.
PLAN_KINDS = ("joint_meeting", "group_session", "training")


@transaction.atomic
def new_edition(
    *,
    source: Programme,
    slug: str,
    name: str,
    starts_on: date,
    ends_on: date,
    by: User | None,
    operator: Organisation | None = None,
) -> Programme:
    """Create the next edition of ``source``, in the draft state, with its settings and none of
    its people.

    Copied: the kind, track, operator, initiator, modality, description and funders; the
    matching weights and rules; the call for applications (roles, countries, places; its
    deadline moved by as much as the start date); the programme-wide meetings (joint meetings,
    group sessions, trainings) as unpublished drafts without invitees, moved the same way; the
    feedback surveys. The competence areas and the assessment stages (baseline, mid-term,
    end) belong to the shared framework, not to a programme, so the new edition has them
    already; missions are one-off events with their own people and are not copied.
    ``by`` must manage ``source`` (None: the operator at the command line)
    and becomes the new edition's manager. ``operator`` hands the next edition over to another
    operator (a second edition run by a new agency); by default the source's runs it.
    Side effects: the new programme and the rows above; no e-mail.
    """
    if by is not None and not programmes.can_manage(by, source):
        raise ValidationError(_("Only a manager of a programme can start its next edition."))
    programme = programme_services.create_programme(
        name=name,
        slug=slug,
        operator=operator or source.operator,
        starts_on=starts_on,
        ends_on=ends_on,
        track=source.track,
        kind=source.kind,
        initiator=source.initiator,
        description=source.description,
        modality=source.modality,
        funders=[(f.organisation, f.share_percent) for f in source.funders.all()],
        previous_edition=source,
    )
    shift = starts_on - source.starts_on
    _appoint_creator(programme, by)
    _copy_matching_settings(source, programme)
    _copy_call(source, programme, shift)
    meetings = _copy_plan(source, programme, shift)
    _copy_surveys(source, programme, meetings)
    return programme


def _appoint_creator(programme: Programme, by: User | None) -> None:
    creator = programmes.person_of(by) if by is not None else None
    if creator is not None:
        programme_services.add_participant(
            programme=programme,
            person=creator,
            role=Role.MANAGER,
            status=ParticipationStatus.ACCEPTED,
        )


def _copy_matching_settings(source: Programme, programme: Programme) -> None:
    settings = MatchingSettings.objects.filter(programme=source).first()
    if settings is None:
        return  # the source runs on the documented defaults, and so will its next edition
    settings.pk = None
    settings.programme = programme
    settings.save(force_insert=True)


def _copy_call(source: Programme, programme: Programme, shift: timedelta) -> None:
    call = Call.objects.filter(programme=source).prefetch_related(
        "mentee_countries", "mentor_countries"
    )
    found = call.first()
    if found is None:
        return
    call_services.save_call(
        programme=programme,
        deadline=found.deadline + shift,
        seeks_mentees=found.seeks_mentees,
        seeks_mentors=found.seeks_mentors,
        mentee_countries=found.mentee_countries.all(),
        mentor_countries=found.mentor_countries.all(),
        mentee_places=found.mentee_places,
        mentor_places=found.mentor_places,
        now=timezone.now(),
    )


def _copy_plan(source: Programme, programme: Programme, shift: timedelta) -> dict[int, Meeting]:
    """The programme-wide meetings as drafts, by the id of the meeting each copies."""
    copies: dict[int, Meeting] = {}
    plan = Meeting.objects.filter(programme=source, pair__isnull=True, kind__in=PLAN_KINDS)
    for meeting in plan.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"):
        copies[meeting.pk] = Meeting.objects.create(
            programme=programme,
            kind=meeting.kind,
            title=meeting.title,
            generated_name=meeting.generated_name,
            title_number=meeting.title_number,
            description=meeting.description,
            starts_at=meeting.starts_at + shift,
            duration_minutes=meeting.duration_minutes,
            venue=meeting.venue,
            # Drafts notify nobody: the managers review the dates, then publish the plan.
            status=MeetingStatus.DRAFT,
        )
    return copies


def _copy_surveys(source: Programme, programme: Programme, meetings: dict[int, Meeting]) -> None:
    for survey in Survey.objects.filter(programme=source).order_by("created_at", "pk"):
        meeting = meetings.get(survey.meeting_id) if survey.meeting_id else None
        if survey.meeting_id and meeting is None:
            continue  # its meeting was a cancelled one or a pair's: nothing to ask about
        Survey.objects.create(
            programme=programme, kind=survey.kind, title=survey.title, meeting=meeting
        )


@transaction.atomic
def invite_returning(
    *,
    programme: Programme,
    returning: Iterable[Participation],
    by: User | None,
) -> list[Participation]:
    """Enrol people of the previous edition in ``programme``, accepted, in the role they held,
    and invite those without a login.

    Accepted rather than applied: the managers pick each returning person by name, which is
    the decision a review would take, and an application they must then accept again would
    only add a step. ``returning`` are participations of the previous edition (from
    ``selectors.returning_participations``); someone already enrolled is left as they are.
    Side effects: one accepted participation per new person; invitation e-mails after the
    commit (``invite_participants``); people with a login see the programme at once.
    """
    chosen = list(returning)
    if any(p.programme_id != programme.previous_edition_id for p in chosen):
        raise ValidationError(_("Only people of the previous edition can be invited back."))
    if by is not None and not programmes.can_manage(by, programme):
        raise ValidationError(_("Only a manager of this programme can invite people."))
    enrolled = set(
        Participation.objects.filter(programme=programme).values_list("person_id", flat=True)
    )
    added = [
        programme_services.add_participant(
            programme=programme,
            person=participation.person,
            role=participation.role,
            status=ParticipationStatus.ACCEPTED,
            by=by,
        )
        for participation in chosen
        if participation.person_id not in enrolled
    ]
    invite_participants(programme=programme, participations=added, invited_by=by)
    return added
