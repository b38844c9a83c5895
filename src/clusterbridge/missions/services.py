"""Write services for missions: the event, participants, meeting requests and the schedule."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clusterbridge.directory.models import Person
from clusterbridge.meetings import mission_scheduler
from clusterbridge.missions import mail
from clusterbridge.missions.models import (
    MeetingRequest,
    Mission,
    MissionMeeting,
    MissionParticipant,
    RequestStatus,
)
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes.models import Participation, Programme

logger = logging.getLogger(__name__)


def _after_commit(send: Callable[[int], int], pk: int) -> None:
    """Mail with the change (``mail_with_change``): a rollback mails nobody, and a dead mail
    server never undoes a saved change."""

    def run() -> None:
        try:
            send(pk)
        except OSError:
            logger.exception("mission mail %s for %s failed", send.__name__, pk)

    mail_with_change(run)


@transaction.atomic
def create_mission(
    *,
    programme: Programme,
    title: str,
    starts_at: datetime,
    slot_minutes: int,
    slot_count: int,
    table_count: int,
    time_zone: str,
    venue: str = "",
    description: str = "",
) -> Mission:
    """Create a matchmaking event of ``slot_count`` consecutive slots; no side effects."""
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware")
    mission = Mission(
        programme=programme,
        title=title,
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        slot_count=slot_count,
        table_count=table_count,
        time_zone=time_zone,
        venue=venue,
        description=description,
    )
    mission.full_clean()
    mission.save()
    return mission


def _clean_slots(mission: Mission, slots: Iterable[int]) -> list[int]:
    chosen = sorted(set(slots))
    if any(not 0 <= slot < mission.slot_count for slot in chosen):
        raise ValidationError(
            {"absent_slots": ValidationError(_("Unknown slot."), code="unknown_slot")}
        )
    return chosen


@transaction.atomic
def join_mission(
    *,
    mission: Mission,
    person: Person,
    offer: str = "",
    seek: str = "",
    absent_slots: Iterable[int] = (),
) -> MissionParticipant:
    """Join a mission (or update what one offers, seeks and which slots one misses).

    Only people of the mission's programme may join. Changing one's absences after the
    schedule was made does not move meetings: the manager reschedules.
    """
    if not Participation.objects.filter(programme_id=mission.programme_id, person=person).exists():
        raise ValidationError(_("Only participants of this programme can join its missions."))
    participant, _created = MissionParticipant.objects.update_or_create(
        mission=mission,
        person=person,
        defaults={
            "offer": offer,
            "seek": seek,
            "absent_slots": _clean_slots(mission, absent_slots),
        },
    )
    return participant


@transaction.atomic
def request_meeting(
    *,
    requester: MissionParticipant,
    requested: MissionParticipant,
    message: str = "",
    notify: bool = True,
) -> MeetingRequest:
    """Ask another participant for a B2B meeting; one request per two people, either way.

    Side effects: unless ``notify`` is False, the requested participant is e-mailed (in their
    language, with a link to the mission page) after the commit.
    """
    if requester.mission_id != requested.mission_id:
        raise ValidationError(_("Both people must take part in the same mission."))
    if requester.pk == requested.pk:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    already = MeetingRequest.objects.filter(
        requester__in=[requester, requested], requested__in=[requester, requested]
    ).exists()
    if already:
        raise ValidationError(_("A request between you two already exists."))
    request = MeetingRequest.objects.create(
        mission_id=requester.mission_id, requester=requester, requested=requested, message=message
    )
    if notify:
        _after_commit(mail.send_request_mail, request.pk)
    return request


@transaction.atomic
def answer_request(
    *, request: MeetingRequest, by: MissionParticipant, accept: bool, notify: bool = True
) -> MeetingRequest:
    """The requested participant accepts or declines (a placed meeting is dropped on decline).

    Side effects: unless ``notify`` is False, the requester is e-mailed the answer after the
    commit.
    """
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if by.pk != request.requested_id:
        raise ValidationError(_("Only the person asked can answer this request."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.save(update_fields=["status"])
    if not accept:
        MissionMeeting.objects.filter(request=request).delete()
    if notify:
        _after_commit(mail.send_answer_mail, request.pk)
    return request


@dataclass(frozen=True)
class ScheduleResult:
    placed: int
    requests: int
    bound: int
    bound_method: str
    idle_gaps: int


ScheduleProgress = Callable[[int, int, str], None]
SCHEDULE_STEPS = 3


def _no_progress(done: int, total: int, label: str) -> None:
    pass


@transaction.atomic
def schedule(
    *,
    mission: Mission,
    time_limit_seconds: float = 20.0,
    notify: bool = True,
    progress: ScheduleProgress = _no_progress,
) -> ScheduleResult:
    """Place the mission's accepted requests into slots and tables (replacing any earlier
    schedule): nobody double-booked or placed in a slot they miss, at most one meeting per
    table; as many meetings as possible, then fewest idle gaps.

    Reads with two flat queries and writes with one bulk insert, so a 3,000-person event
    stays fast. Side effects: the previous placements are deleted; the mission's summary
    (placed, bound, gaps, time) is updated; unless ``notify`` is False, every participant is
    e-mailed their agenda with an agenda .ics after the commit. `progress(done, total, label)`
    hears of each of the SCHEDULE_STEPS steps.
    """
    progress(0, SCHEDULE_STEPS, str(_("Reading the accepted requests")))
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    absent = dict(
        MissionParticipant.objects.filter(mission=mission).values_list("pk", "absent_slots")
    )
    rows = list(
        MeetingRequest.objects.filter(mission=mission, status=RequestStatus.ACCEPTED)
        .order_by("pk")
        .values_list("pk", "requester_id", "requested_id")
    )
    problem = mission_scheduler.MissionProblem(
        participants=list(absent),
        requests=[mission_scheduler.MeetingRequest(first, second) for _pk, first, second in rows],
        slot_count=mission.slot_count,
        table_count=mission.table_count,
        absent_slots={pk: slots for pk, slots in absent.items() if slots},
    )
    progress(
        1,
        SCHEDULE_STEPS,
        str(
            ngettext_lazy(
                "Placing %(count)d accepted request", "Placing %(count)d accepted requests", "count"
            )
            % {"count": len(rows)}
        ),
    )
    result = mission_scheduler.schedule_mission(problem, time_limit_seconds=time_limit_seconds)
    progress(2, SCHEDULE_STEPS, str(_("Saving the agendas")))
    MissionMeeting.objects.filter(mission=mission).delete()
    MissionMeeting.objects.bulk_create(
        (
            MissionMeeting(
                mission=mission,
                request_id=rows[placed.request_index][0],
                slot=placed.slot,
                table=placed.table + 1,
                first_id=placed.first,
                second_id=placed.second,
            )
            for placed in result.meetings
        ),
        batch_size=2000,
    )
    mission.scheduled_at = timezone.now()
    mission.placed_count = result.placed_count
    mission.bound_value = result.bound.value
    mission.bound_method = result.bound.method
    mission.idle_gaps = result.idle_gaps
    mission.save(
        update_fields=["scheduled_at", "placed_count", "bound_value", "bound_method", "idle_gaps"]
    )
    if notify:
        _after_commit(mail.send_agenda_mails, mission.pk)
    return ScheduleResult(
        placed=result.placed_count,
        requests=len(rows),
        bound=result.bound.value,
        bound_method=result.bound.method,
        idle_gaps=result.idle_gaps,
    )
