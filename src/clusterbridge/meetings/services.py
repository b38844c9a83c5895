"""Write services for meetings, invitations, reminders, feeds, availability and proposals.

One transaction each. Mail goes through ``outbox.services.mail_with_change``: into the outbox
with the change (a change that rolls back notifies nobody), and a failing mail server never
undoes a saved change.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import Person
from clusterbridge.meetings import mail, plan, selectors, video
from clusterbridge.meetings.models import (
    Absence,
    Attendance,
    CalendarFeed,
    ChangeKind,
    GeneratedName,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingKind,
    MeetingStatus,
    ProposalStatus,
    ReminderKind,
    SentReminder,
    SessionProposal,
    WeeklyWindow,
    generated_title,
)
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes.models import Pair, PairStatus, Participation, Programme

logger = logging.getLogger(__name__)

REMINDER_LEAD = timedelta(hours=24)


def _check_invitees(programme: Programme, invitees: list[Person]) -> None:
    enrolled = set(
        Participation.objects.filter(programme=programme, person__in=invitees).values_list(
            "person_id", flat=True
        )
    )
    outsiders = [person for person in invitees if person.pk not in enrolled]
    if outsiders:
        raise ValidationError(
            {
                "invitees": ValidationError(
                    _("Not in this programme: %(names)s."),
                    code="outsider",
                    params={"names": ", ".join(sorted(p.full_name for p in outsiders))},
                )
            }
        )


def _check_future(starts_at: datetime, *, allow_past: bool) -> None:
    if timezone.is_naive(starts_at):
        raise ValueError("meeting times must be aware datetimes")
    if not allow_past and starts_at < timezone.now():
        raise ValidationError(
            {"starts_at": ValidationError(_("This time is in the past."), code="past")}
        )


def _notify(meeting: Meeting, kind: str, people: Sequence[Person] | None = None) -> None:
    """Queue the e-mails with the change (``mail_with_change``); the meeting is re-read so mail
    shows what is saved."""
    pk = meeting.pk
    person_ids = None if people is None else [person.pk for person in people]

    def send() -> None:
        fresh = Meeting.objects.select_related("programme").get(pk=pk)
        recipients = selectors.invitees_of(fresh)
        if person_ids is not None:
            recipients = recipients.filter(pk__in=person_ids)
        try:
            mail.send_meeting_mail(fresh, recipients, kind)
        except OSError:
            # The change is saved; the history shows it. A dead mail server must not turn a
            # saved change into an error page.
            logger.exception("could not send %s mail for meeting %s", kind, pk)

    mail_with_change(send)


def _record(
    meeting: Meeting, kind: str, by: User | None, note: str = "", **previous: object
) -> None:
    MeetingChange.objects.create(
        meeting=meeting,
        kind=kind,
        changed_by=by if by is not None and by.is_authenticated else None,
        sequence=meeting.sequence,
        note=note,
        **previous,
    )


@transaction.atomic
def create_meeting(
    *,
    programme: Programme,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    invitees: Iterable[Person] = (),
    online_url: str = "",
    venue: str = "",
    description: str = "",
    pair: Pair | None = None,
    status: str = MeetingStatus.SCHEDULED,
    allow_past: bool = False,
    notify: bool = True,
    by: User | None = None,
    generated_name: str = "",
    title_number: int | None = None,
) -> Meeting:
    """Schedule a meeting and invite people of its programme. Times are stored in UTC.

    An online meeting (no venue) without a pasted link gets a room of the video provider
    (``video.link_for``); a pasted link must be https.

    With ``generated_name`` (a ``GeneratedName``) the title is the application's, rendered in
    each reader's language; ``title`` may then be empty and gets the English wording.

    Side effects: a ``created`` history line; invitation e-mails with an .ics (REQUEST) to every
    invitee after the commit unless ``notify`` is False or the meeting is a draft.
    """
    _check_future(starts_at, allow_past=allow_past)
    invitee_list = list(dict.fromkeys(invitees))
    _check_invitees(programme, invitee_list)
    if pair is not None and pair.programme_id != programme.pk:
        raise ValidationError(
            {"pair": ValidationError(_("This pair belongs to another programme."))}
        )
    meeting = Meeting(
        programme=programme,
        kind=kind,
        title=title,
        generated_name=generated_name,
        title_number=title_number,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        online_url=video.link_for(pasted=online_url, venue=venue),
        venue=venue,
        description=description,
        pair=pair,
        status=status,
    )
    if generated_name and not title:
        with translation.override(settings.LANGUAGE_CODE):
            meeting.title = meeting.display_title[: Meeting._meta.get_field("title").max_length]
    meeting.full_clean()
    meeting.save()
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, person=person) for person in invitee_list
    )
    _record(meeting, ChangeKind.CREATED, by)
    if notify and status == MeetingStatus.SCHEDULED:
        _notify(meeting, mail.INVITATION)
    return meeting


@transaction.atomic
def change_meeting(
    *,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    online_url: str = "",
    venue: str = "",
    description: str = "",
    note: str = "",
    by: User | None = None,
) -> Meeting:
    """Reschedule a meeting or change its details, keeping the previous values in its history.

    A generated title given back as shown (``display_title`` in the active language) stays
    generated, so every reader still sees it in their own language; any other title is the
    manager's and is kept as typed.

    Side effects: SEQUENCE rises by one; a ``rescheduled`` (time or duration changed) or
    ``updated`` history line; sent-reminder records are dropped when the time changes so the
    new time is reminded; published meetings e-mail every invitee an updated .ics.
    A blank link on a meeting without a venue keeps its generated room, or gets one.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."), code="cancelled")
    moved = (starts_at, duration_minutes) != (meeting.starts_at, meeting.duration_minutes)
    if moved:
        _check_future(starts_at, allow_past=False)
    previous = {
        "previous_starts_at": meeting.starts_at,
        "previous_duration_minutes": meeting.duration_minutes,
    }
    if meeting.generated_name and title.strip() != meeting.display_title:
        meeting.generated_name, meeting.title_number = "", None
    if not meeting.generated_name:
        meeting.title = title
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.online_url = video.link_for(
        pasted=online_url, venue=venue, current=video.generated_or_blank(meeting.online_url)
    )
    meeting.venue = venue
    meeting.description = description
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    _record(meeting, ChangeKind.RESCHEDULED if moved else ChangeKind.UPDATED, by, note, **previous)
    if moved:
        SentReminder.objects.filter(meeting=meeting).delete()
    if meeting.status == MeetingStatus.SCHEDULED:
        _notify(meeting, mail.UPDATE)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, note: str = "", by: User | None = None) -> Meeting:
    """Cancel a meeting; it stays listed, marked cancelled, with its history.

    Side effects: SEQUENCE rises; a ``cancelled`` history line; a published meeting's invitees
    get an e-mail with an .ics METHOD:CANCEL.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."), code="cancelled")
    was_published = meeting.status == MeetingStatus.SCHEDULED
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    _record(meeting, ChangeKind.CANCELLED, by, note)
    if was_published:
        _notify(meeting, mail.CANCELLATION)
    return meeting


def record_attendance(*, meeting: Meeting, person: Person, attendance: str) -> Invitation:
    """Record whether one invitee attended (the impact report reads it for joint meetings).

    Refused for a cancelled meeting or a draft, for someone not invited, and ``attended``
    before the meeting has started (``absent`` may be noted in advance: apologies).
    Runs in the caller's transaction when there is one, so a form is saved whole or not at all.
    """
    with transaction.atomic():
        if attendance not in Attendance.values:
            raise ValidationError(_("Unknown attendance value."))
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(
                _("Attendance is recorded for published meetings only."), code="not_scheduled"
            )
        if attendance == Attendance.ATTENDED and meeting.starts_at > timezone.now():
            raise ValidationError(
                _("%(name)s cannot have attended a meeting that has not started yet."),
                code="future",
                params={"name": person.full_name},
            )
        invitation = (
            Invitation.objects.select_for_update().filter(meeting=meeting, person=person).first()
        )
        if invitation is None:
            raise ValidationError(
                _("%(name)s is not invited to this meeting."),
                code="not_invited",
                params={"name": person.full_name},
            )
        invitation.attendance = attendance
        invitation.save(update_fields=["attendance"])
        return invitation


@transaction.atomic
def record_attendances(*, meeting: Meeting, attendance: Mapping[Person, str]) -> int:
    """Record the attendance of several invitees at once (the attendance form).

    One transaction: if any value is refused, nothing of the form is saved. Side effects: the
    invitations' attendance. Returns how many invitations were recorded.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for person, value in attendance.items():
        record_attendance(meeting=meeting, person=person, attendance=value)
    return len(attendance)


@dataclass(frozen=True)
class InviteeChange:
    added: tuple[Person, ...]
    removed: tuple[Person, ...]


def _invitee_note(added: Sequence[Person], removed: Sequence[Person], note: str) -> str:
    """A language-neutral summary for the history (+ added, − removed), then the manager's note."""
    parts = [f"+ {person.full_name}" for person in added]
    parts += [f"− {person.full_name}" for person in removed]
    return "\n".join([", ".join(parts), note] if note else [", ".join(parts)])


@transaction.atomic
def change_invitees(
    *,
    meeting: Meeting,
    invitees: Iterable[Person],
    note: str = "",
    by: User | None = None,
) -> InviteeChange:
    """Make the meeting's invitees exactly ``invitees``: invite the new ones, remove the others.

    Only people of the meeting's programme can be invited; a cancelled meeting cannot change.
    Side effects when anything changes: SEQUENCE rises; an ``invitees`` history line naming who
    was added and removed; the removed people's invitations (and reminder records) are
    deleted; for a published meeting, after the commit, each new invitee gets the invitation
    with its .ics (REQUEST) and each removed person an e-mail with an .ics METHOD:CANCEL.
    """
    meeting = Meeting.objects.select_for_update().select_related("programme").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."), code="cancelled")
    wanted = list(dict.fromkeys(invitees))
    _check_invitees(meeting.programme, wanted)
    current = {
        invitation.person_id: invitation.person
        for invitation in meeting.invitations.select_related("person")
    }
    wanted_ids = {person.pk for person in wanted}
    added = tuple(person for person in wanted if person.pk not in current)
    removed = tuple(
        sorted(
            (person for pk, person in current.items() if pk not in wanted_ids),
            key=lambda person: person.full_name,
        )
    )
    if not added and not removed:
        return InviteeChange(added=(), removed=())
    removed_ids = [person.pk for person in removed]
    Invitation.objects.filter(meeting=meeting, person_id__in=removed_ids).delete()
    SentReminder.objects.filter(meeting=meeting, person_id__in=removed_ids).delete()
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=person) for person in added)
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    _record(meeting, ChangeKind.INVITEES, by, _invitee_note(added, removed, note))
    if meeting.status == MeetingStatus.SCHEDULED:
        if added:
            _notify(meeting, mail.INVITATION, added)
        if removed:
            _notify_removed(meeting, removed)
    return InviteeChange(added=added, removed=removed)


def _notify_removed(meeting: Meeting, people: Sequence[Person]) -> None:
    """After the commit, tell people who are no longer invited, with an .ics METHOD:CANCEL."""
    pk = meeting.pk
    person_ids = [person.pk for person in people]

    def send() -> None:
        fresh = Meeting.objects.select_related("programme").get(pk=pk)
        recipients = Person.objects.filter(pk__in=person_ids).select_related("user")
        try:
            mail.send_meeting_mail(fresh, recipients, mail.REMOVED)
        except OSError:
            logger.exception("could not send removal mail for meeting %s", pk)

    mail_with_change(send)


# Programme plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanResult:
    created: int
    unplaced: tuple[plan.UnplacedMeeting, ...]
    # (title in the active language with the pair's names, target date) of each unplaced one.
    unplaced_rows: tuple[tuple[str, date], ...] = ()


@transaction.atomic
def generate_plan(
    *,
    programme: Programme,
    bilateral_every_weeks: int = 2,
    joint_duration_minutes: int = 90,
    bilateral_duration_minutes: int = 60,
    group_duration_minutes: int = 60,
    trainings: Sequence[plan.TrainingRule] = (),
    days_after_joint: int = 1,
    today: date | None = None,
    by: User | None = None,
) -> PlanResult:
    """Draft the programme's calendar from its dates, people and confirmed pairs.

    Side effects: the programme's previous drafts are deleted and replaced by new draft
    meetings (nobody is notified until ``publish_plan``). Only dates from today on are planned.
    Generated titles are stored as names (kick-off, bilateral session N of a pair, …) that
    every reader sees in their own language; ``days_after_joint`` keeps other meetings that
    many days away from a joint meeting (0 allows the same day).
    """
    if bilateral_every_weeks < 1:
        raise ValidationError(
            {"bilateral_every_weeks": ValidationError(_("Give at least one week."))}
        )
    if days_after_joint < 0:
        raise ValidationError({"days_after_joint": ValidationError(_("Give 0 or more days."))})
    start = max(programme.starts_on, today or timezone.now().date())
    if start >= programme.ends_on:
        raise ValidationError(_("The programme has ended: there is nothing left to plan."))
    participations = list(
        Participation.objects.accepted()
        .in_pairs()
        .filter(programme=programme)
        .select_related("person")
    )
    people = [p.person for p in participations]
    if not people:
        raise ValidationError(_("The programme has no accepted mentors or mentees yet."))
    horizon_start = datetime.combine(start, time(0), tzinfo=UTC)
    horizon_end = datetime.combine(programme.ends_on, time(23, 59), tzinfo=UTC)
    availability = selectors.availability_of(people, start=horizon_start, end=horizon_end)
    pairs = {
        (pair.mentor.person_id, pair.mentee.person_id): pair
        for pair in Pair.objects.filter(
            programme=programme, status__in=[PairStatus.CONFIRMED, PairStatus.PROPOSED]
        ).select_related("mentor", "mentee")
    }
    rules = plan.PlanRules(
        joint_duration_minutes=joint_duration_minutes,
        bilateral_every_weeks=bilateral_every_weeks,
        bilateral_duration_minutes=bilateral_duration_minutes,
        group_duration_minutes=group_duration_minutes,
        trainings=tuple(trainings),
        days_after_joint=days_after_joint,
    )
    draft = plan.draft_plan(
        start=start,
        end=programme.ends_on,
        people=availability,
        pairs=[plan.Pair(mentor_id=m, mentee_id=e) for m, e in pairs],
        rules=rules,
    )
    Meeting.objects.filter(programme=programme, status=MeetingStatus.DRAFT).delete()
    by_id = {person.pk: person for person in people}
    for planned in draft.meetings:
        invitees = [by_id[int(str(pk))] for pk in planned.invitee_ids]
        pair = None
        if planned.kind == "bilateral_session" and len(invitees) == 2:
            pair = pairs.get((invitees[0].pk, invitees[1].pk)) or pairs.get(
                (invitees[1].pk, invitees[0].pk)
            )
        create_meeting(
            programme=programme,
            kind=planned.kind,
            title="" if planned.name else planned.title,
            generated_name=planned.name,
            title_number=planned.number,
            starts_at=planned.start_utc,
            duration_minutes=planned.duration_minutes,
            invitees=invitees,
            pair=pair,
            status=MeetingStatus.DRAFT,
            allow_past=True,
            by=by,
        )
    return PlanResult(
        created=len(draft.meetings),
        unplaced=draft.unplaced,
        unplaced_rows=tuple((_unplaced_title(item, by_id), item.target) for item in draft.unplaced),
    )


def _unplaced_title(item: plan.UnplacedMeeting, by_id: Mapping[int, Person]) -> str:
    if not item.name:
        return item.title
    names = None
    if item.name == "bilateral":
        mentor, mentee = (by_id[int(str(pk))].full_name for pk in item.invitee_ids)
        names = (mentee, mentor)
    return generated_title(item.name, item.number, names)


PublishProgress = Callable[[int, int], None]


def _reporter(progress: PublishProgress, done: int, total: int) -> Callable[[], None]:
    def report_progress() -> None:
        progress(done, total)

    return report_progress


@transaction.atomic
def publish_plan(
    *, programme: Programme, by: User | None = None, progress: PublishProgress | None = None
) -> int:
    """Publish every draft meeting of the programme.

    Side effects: drafts become scheduled (a ``published`` history line each), online drafts
    without a link get a room of the video provider, and every invitee gets an invitation
    e-mail with its .ics after the commit. Returns the count.
    `progress(done, total)` is called after each meeting's invitations went out, so after the
    commit too: a progress bar never shows a change that could still roll back.
    """
    drafts = list(
        Meeting.objects.select_for_update().filter(programme=programme, status=MeetingStatus.DRAFT)
    )
    for number, meeting in enumerate(drafts, start=1):
        meeting.status = MeetingStatus.SCHEDULED
        meeting.online_url = video.link_for(
            pasted="", venue=meeting.venue, current=meeting.online_url
        )
        meeting.save(update_fields=["status", "online_url"])
        _record(meeting, ChangeKind.PUBLISHED, by)
        _notify(meeting, mail.INVITATION)
        if progress is not None:
            # robust: a failing progress report must not stop the invitations that follow.
            transaction.on_commit(_reporter(progress, number, len(drafts)), robust=True)
    return len(drafts)


# Reminders ----------------------------------------------------------------------------------


def _claim_reminder(meeting_id: int, person_id: int) -> SentReminder | None:
    """Insert the sent-reminder row in its own transaction; None when another run has it."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                meeting_id=meeting_id, person_id=person_id, kind=ReminderKind.DAY_BEFORE
            )
    except IntegrityError:
        return None


def send_due_reminders(*, now: datetime | None = None) -> int:
    """E-mail every invitee of each published meeting that starts within 24 hours.

    Safe to run every few minutes and concurrently: each (meeting, person) row is claimed by
    inserting a ``SentReminder`` under a unique constraint BEFORE sending, so overlapping runs
    never send twice. If the mail server refuses, the claim is withdrawn and the next run
    retries. Not one transaction: each claim commits on its own. Returns how many were sent.
    """
    now = now or timezone.now()
    due = (
        Invitation.objects.filter(
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + REMINDER_LEAD,
        )
        .exclude(
            Exists(
                SentReminder.objects.filter(
                    meeting_id=OuterRef("meeting_id"),
                    person_id=OuterRef("person_id"),
                    kind=ReminderKind.DAY_BEFORE,
                )
            )
        )
        .values_list("meeting_id", "person_id")
        .order_by("meeting__starts_at", "pk")
    )
    sent = 0
    meetings: dict[int, Meeting] = {}
    for meeting_id, person_id in list(due):
        claim = _claim_reminder(meeting_id, person_id)
        if claim is None:
            continue
        meeting = meetings.get(meeting_id) or Meeting.objects.select_related("programme").get(
            pk=meeting_id
        )
        meetings[meeting_id] = meeting
        person = Person.objects.select_related("user").get(pk=person_id)
        try:
            mail.send_meeting_mail(meeting, [person], mail.REMINDER)
        except OSError:
            logger.exception("reminder for meeting %s to person %s failed", meeting_id, person_id)
            claim.delete()
            continue
        SentReminder.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


# Calendar feeds -----------------------------------------------------------------------------


@transaction.atomic
def create_calendar_feed(*, person: Person) -> str:
    """A new secret feed link for a person; returns the token (shown once, stored hashed).

    Side effects: any previous link of that person is revoked.
    """
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(person=person, token_digest=selectors.token_digest(token))
    return token


@transaction.atomic
def revoke_calendar_feeds(*, person: Person) -> int:
    """Revoke the person's feed links: their URLs answer 404 from now on."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# Availability -------------------------------------------------------------------------------


@transaction.atomic
def add_weekly_window(*, person: Person, weekday: int, starts: time, ends: time) -> WeeklyWindow:
    if ends <= starts:
        raise ValidationError({"ends": ValidationError(_("The end is before the start."))})
    window = WeeklyWindow(person=person, weekday=weekday, starts=starts, ends=ends)
    window.full_clean()
    window.save()
    return window


@transaction.atomic
def add_absence(
    *, person: Person, starts_at: datetime, ends_at: datetime, note: str = ""
) -> Absence:
    if ends_at <= starts_at:
        raise ValidationError({"ends_on": ValidationError(_("The end is before the start."))})
    absence = Absence(person=person, starts_at=starts_at, ends_at=ends_at, note=note)
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def remove_availability_entry(*, person: Person, kind: str, pk: int) -> None:
    """Delete one of the person's own weekly windows or absences (others' are not found)."""
    model = WeeklyWindow if kind == "window" else Absence
    model.objects.filter(person=person, pk=pk).delete()


# Bilateral session proposals ------------------------------------------------------------------


def _pair_side(pair: Pair, person: Person) -> str:
    if person.pk == pair.mentor.person_id:
        return "mentor"
    if person.pk == pair.mentee.person_id:
        return "mentee"
    raise ValidationError(_("Only the mentor and the mentee of this pair can do this."))


@transaction.atomic
def propose_session(
    *, pair: Pair, by: Person, starts_at: datetime, duration_minutes: int = 60
) -> SessionProposal:
    """One side of a pair proposes a bilateral session time (no e-mail until accepted)."""
    _pair_side(pair, by)
    if pair.status != PairStatus.CONFIRMED:
        raise ValidationError(_("Sessions can be proposed once the pair is confirmed."))
    _check_future(starts_at, allow_past=False)
    proposal = SessionProposal(
        pair=pair, proposed_by=by, starts_at=starts_at, duration_minutes=duration_minutes
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def answer_proposal(*, proposal: SessionProposal, by: Person, accept: bool) -> SessionProposal:
    """The other side accepts (the session is scheduled) or declines; the proposer may
    withdraw.

    Side effects on acceptance: a bilateral session meeting for the pair with both invited and
    invitation e-mails with .ics after the commit.
    """
    proposal = (
        SessionProposal.objects.select_for_update()
        .select_related("pair__programme", "pair__mentor__person", "pair__mentee__person")
        .get(pk=proposal.pk)
    )
    pair = proposal.pair
    _pair_side(pair, by)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    if by.pk == proposal.proposed_by_id:
        if accept:
            raise ValidationError(_("The other side of the pair accepts a proposal."))
        proposal.status = ProposalStatus.WITHDRAWN
    elif accept:
        mentee, mentor = pair.mentee.person, pair.mentor.person
        proposal.meeting = create_meeting(
            programme=pair.programme,
            kind=MeetingKind.BILATERAL_SESSION,
            title="",
            generated_name=GeneratedName.BILATERAL,
            starts_at=proposal.starts_at,
            duration_minutes=proposal.duration_minutes,
            invitees=[mentee, mentor],
            pair=pair,
            by=by.user,
        )
        proposal.status = ProposalStatus.ACCEPTED
    else:
        proposal.status = ProposalStatus.DECLINED
    proposal.save(update_fields=["status", "meeting"])
    return proposal
