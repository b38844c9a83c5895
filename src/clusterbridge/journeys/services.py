"""Write services of the learning journey. One transaction each; bad input is a ValidationError
with a translated message and leaves everything already saved as it was."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clusterbridge.competences import services as competences
from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.competences.services import check_rating
from clusterbridge.directory.models import Country, Organisation, Person
from clusterbridge.journeys import mail, selectors
from clusterbridge.journeys.models import (
    SURVEY_BATCH,
    AgreedAction,
    Agreement,
    Assessment,
    CollaborationOutcome,
    Goal,
    GoalStatus,
    GroupSession,
    HealthReminder,
    Milestone,
    PrivateNote,
    Rater,
    Rating,
    ServiceOutcome,
    SessionKind,
    SessionLog,
    Stage,
    Survey,
    SurveyKind,
    SurveyParticipation,
    SurveyResponse,
)
from clusterbridge.journeys.statistics import classify_collaboration
from clusterbridge.meetings.models import Meeting
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    ParticipationStatus,
    Programme,
    Role,
)

MAX_TOP_NEEDS = selectors.MAX_TOP_NEEDS
TOP_NEED = 5  # the need level of an area the mentee names among their top needs


def _check_member(pair: Pair, person: Person) -> str:
    """The person's side in the pair, or a refusal."""
    if pair.mentor.person_id == person.pk:
        return Role.MENTOR
    if pair.mentee.person_id == person.pk:
        return Role.MENTEE
    raise ValidationError(_("Only the mentor and the mentee of this pair can do this."))


def _check_within_programme(programme: Programme, day: date, *, field: str) -> None:
    if not programme.starts_on <= day <= programme.ends_on:
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date must fall within the programme (%(start)s to %(end)s)."),
                    params={"start": programme.starts_on, "end": programme.ends_on},
                )
            }
        )


# --- Needs diagnosis -------------------------------------------------------------------------


@transaction.atomic
def save_diagnosis(
    *,
    mentee: Participation,
    ratings: Mapping[CompetenceIndicator, int],
    top_needs: Sequence[CompetenceArea],
    now: datetime,
) -> Assessment:
    """The mentee's needs diagnosis at intake.

    Side effects: saves (or replaces) the baseline self-assessment, and sets the mentee's need
    per area (what matching reads): 6 minus the area's mean self-rating, at most 4, and 5 for
    the top needs only, so that the next diagnosis can tell which ones were named.
    """
    if not 1 <= len(set(top_needs)) <= MAX_TOP_NEEDS:
        raise ValidationError(
            {
                "top_needs": ValidationError(
                    ngettext_lazy(
                        "Name between one and %(count)s top need.",
                        "Name between one and %(count)s top needs.",
                        "count",
                    ),
                    params={"count": MAX_TOP_NEEDS},
                )
            }
        )
    assessment = submit_assessment(
        mentee=mentee,
        stage=Stage.BASELINE,
        rater=Rater.SELF,
        rated_by=mentee.person,
        ratings=ratings,
        now=now,
    )
    by_area: dict[int, list[int]] = {}
    for indicator, value in ratings.items():
        by_area.setdefault(indicator.area_id, []).append(value)
    top = {area.pk for area in top_needs}
    competences.replace_needs(
        person_id=mentee.person_id,
        levels={
            area_id: TOP_NEED
            if area_id in top
            else min(TOP_NEED - 1, max(1, round(6 - sum(values) / len(values))))
            for area_id, values in by_area.items()
        },
    )
    return assessment


# --- Assessments -------------------------------------------------------------------------------


@transaction.atomic
def submit_assessment(
    *,
    mentee: Participation,
    stage: str,
    rater: str,
    rated_by: Person,
    ratings: Mapping[CompetenceIndicator, int],
    now: datetime,
) -> Assessment:
    """Save one questionnaire on every indicator; a second submission replaces the first.

    Refuses: a person who is not an accepted mentee of the programme, a rater other than the
    mentee themself (self-rating) or their mentor (mentor's rating), a missing indicator or a
    rating outside 1–5. Side effects: the assessment and its ratings.
    """
    if mentee.role != Role.MENTEE or mentee.status != ParticipationStatus.ACCEPTED:
        raise ValidationError(_("This person is not a mentee of the programme."))
    if stage not in Stage.values or rater not in Rater.values:
        raise ValidationError(_("Unknown assessment stage or rater."))
    if rater == Rater.SELF and rated_by.pk != mentee.person_id:
        raise ValidationError(_("Only the mentee can give their self-rating."))
    if (
        rater == Rater.MENTOR
        and not Pair.objects.filter(mentee=mentee, mentor__person=rated_by).exists()
    ):
        raise ValidationError(_("Only the mentee's mentor can give the mentor's rating."))
    indicators = list(CompetenceIndicator.objects.all())
    missing = [indicator for indicator in indicators if indicator not in ratings]
    if missing:
        raise ValidationError(
            _("Rate every indicator; %(count)s are missing."), params={"count": len(missing)}
        )
    values = {
        indicator: check_rating(ratings[indicator], field=f"indicator_{indicator.pk}")
        for indicator in indicators
    }
    assessment, _created = Assessment.objects.update_or_create(
        mentee=mentee,
        stage=stage,
        rater=rater,
        defaults={"programme_id": mentee.programme_id, "rated_by": rated_by, "submitted_at": now},
    )
    assessment.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(assessment=assessment, indicator=indicator, value=value)
        for indicator, value in values.items()
    )
    return assessment


# --- Agreement and goals -----------------------------------------------------------------------


@transaction.atomic
def save_agreement(
    *,
    pair: Pair,
    author: Person,
    goals: str,
    rhythm: str,
    channel: str,
    confidentiality: str,
    now: datetime,
) -> Agreement:
    """Record or change the pair's agreement.

    Side effects: the author's acceptance is set and the other side's is cleared, so both have
    accepted the same text.
    """
    side = _check_member(pair, author)
    agreement = Agreement.objects.filter(pair=pair).first() or Agreement(pair=pair)
    agreement.goals, agreement.rhythm = goals, rhythm
    agreement.channel, agreement.confidentiality = channel, confidentiality
    agreement.mentor_accepted_at = now if side == Role.MENTOR else None
    agreement.mentee_accepted_at = now if side == Role.MENTEE else None
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def accept_agreement(*, pair: Pair, person: Person, now: datetime) -> Agreement:
    """Side effect: sets the person's acceptance time (kept if already accepted)."""
    side = _check_member(pair, person)
    agreement = Agreement.objects.select_for_update().filter(pair=pair).first()
    if agreement is None:
        raise ValidationError(_("There is no agreement to accept yet."))
    field = "mentor_accepted_at" if side == Role.MENTOR else "mentee_accepted_at"
    if getattr(agreement, field) is None:
        setattr(agreement, field, now)
        agreement.save(update_fields=[field, "updated_at"])
    return agreement


@transaction.atomic
def create_goal(
    *,
    pair: Pair,
    author: Person,
    area: CompetenceArea,
    title: str,
    measure: str,
    due_on: date,
    milestones: Sequence[tuple[str, date]] = (),
) -> Goal:
    """A SMART goal of the pair with its milestones, all due within the programme."""
    _check_member(pair, author)
    _check_within_programme(pair.programme, due_on, field="due_on")
    goal = Goal(pair=pair, area=area, title=title, measure=measure, due_on=due_on)
    goal.full_clean()
    goal.save()
    for milestone_title, milestone_due in milestones:
        add_milestone(goal=goal, person=author, title=milestone_title, due_on=milestone_due)
    return goal


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    person: Person,
    area: CompetenceArea,
    title: str,
    measure: str,
    due_on: date,
    status: str,
) -> Goal:
    """Change every SMART field of a goal and its status; either member of the pair may.

    Side effect: the goal is saved; its milestones are kept as they are.
    """
    _check_member(goal.pair, person)
    _check_within_programme(goal.pair.programme, due_on, field="due_on")
    if status not in GoalStatus.values:
        raise ValidationError({"status": ValidationError(_("Unknown goal status."))})
    goal.area, goal.title, goal.measure = area, title, measure
    goal.due_on, goal.status = due_on, status
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def set_goal_status(*, goal: Goal, person: Person, status: str) -> Goal:
    _check_member(goal.pair, person)
    if status not in GoalStatus.values:
        raise ValidationError({"status": ValidationError(_("Unknown goal status."))})
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


@transaction.atomic
def add_milestone(*, goal: Goal, person: Person, title: str, due_on: date) -> Milestone:
    _check_member(goal.pair, person)
    _check_within_programme(goal.pair.programme, due_on, field="due_on")
    milestone = Milestone(goal=goal, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def set_milestone_done(*, milestone: Milestone, person: Person, done: bool) -> Milestone:
    _check_member(milestone.goal.pair, person)
    milestone.done = done
    milestone.save(update_fields=["done"])
    return milestone


# --- Session logs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: Person
    due_on: date | None = None


@transaction.atomic
def log_session(
    *,
    pair: Pair,
    author: Person,
    kind: str,
    held_on: date,
    duration_minutes: int,
    topics: str,
    today: date,
    shared_notes: str = "",
    private_note: str = "",
    actions: Sequence[ActionInput] = (),
) -> SessionLog:
    """Log a bilateral or group session of the pair.

    Refuses a date outside the programme or in the future, and an action owner outside the
    pair. Side effects: the log, the author's private note (if any) and the agreed actions.
    """
    _check_member(pair, author)
    if kind not in SessionKind.values:
        raise ValidationError({"kind": ValidationError(_("Unknown kind of session."))})
    _check_within_programme(pair.programme, held_on, field="held_on")
    if held_on > today:
        raise ValidationError(
            {"held_on": ValidationError(_("A session can only be logged once it has happened."))}
        )
    log = SessionLog(
        pair=pair,
        author=author,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        topics=topics,
        shared_notes=shared_notes,
    )
    log.full_clean()
    log.save()
    if private_note.strip():
        PrivateNote.objects.create(log=log, author=author, text=private_note)
    members = {pair.mentor.person_id, pair.mentee.person_id}
    for action in actions:
        if action.owner.pk not in members:
            raise ValidationError(_("An agreed action belongs to the mentor or the mentee."))
        agreed = AgreedAction(
            log=log, description=action.description, owner=action.owner, due_on=action.due_on
        )
        agreed.full_clean()
        agreed.save()
    return log


MIN_GROUP_PAIRS = 2


@transaction.atomic
def log_group_session(
    *,
    programme: Programme,
    author: Person,
    pairs: Sequence[Pair],
    held_on: date,
    duration_minutes: int,
    topics: str,
    today: date,
    shared_notes: str = "",
    private_note: str = "",
) -> GroupSession:
    """Log one group session shared by several confirmed pairs of the programme.

    The author must belong to one of the pairs. Refuses fewer than two pairs, a pair of another
    programme or not confirmed, and a date outside the programme or in the future. Side effects:
    the ``GroupSession`` and one group ``SessionLog`` per pair (the same date, duration, topics
    and shared notes, which the members of every participating pair read); the author's
    private note, if any, on the logs of the author's own pairs, read by the author only.
    """
    chosen = {pair.pk: pair for pair in pairs}
    if len(chosen) < MIN_GROUP_PAIRS:
        raise ValidationError(
            {
                "pairs": ValidationError(
                    ngettext_lazy(
                        "A group session brings together at least %(count)s pair.",
                        "A group session brings together at least %(count)s pairs.",
                        "count",
                    ),
                    params={"count": MIN_GROUP_PAIRS},
                )
            }
        )
    if any(
        pair.programme_id != programme.pk or pair.status != PairStatus.CONFIRMED
        for pair in chosen.values()
    ):
        raise ValidationError(
            {"pairs": ValidationError(_("Choose confirmed pairs of this programme."))}
        )
    own = [pair for pair in chosen.values() if selectors.side_of(pair, author) is not None]
    if not own:
        raise ValidationError(_("You can only log a group session your own pair took part in."))
    _check_within_programme(programme, held_on, field="held_on")
    if held_on > today:
        raise ValidationError(
            {"held_on": ValidationError(_("A session can only be logged once it has happened."))}
        )
    group = GroupSession.objects.create(programme=programme, author=author)
    for pair in sorted(chosen.values(), key=lambda pair: pair.pk):
        log = SessionLog(
            pair=pair,
            author=author,
            kind=SessionKind.GROUP,
            held_on=held_on,
            duration_minutes=duration_minutes,
            topics=topics,
            shared_notes=shared_notes,
            group_session=group,
        )
        log.full_clean()
        log.save()
        if private_note.strip() and pair in own:
            PrivateNote.objects.create(log=log, author=author, text=private_note)
    return group


# --- Feedback surveys --------------------------------------------------------------------------


@transaction.atomic
def create_survey(
    *, programme: Programme, kind: str, title: str, meeting: Meeting | None = None
) -> Survey:
    if meeting is not None and meeting.programme_id != programme.pk:
        raise ValidationError(
            {"meeting": ValidationError(_("This meeting is not in the programme."))}
        )
    if kind == SurveyKind.JOINT_MEETING and meeting is None:
        raise ValidationError(
            {"meeting": ValidationError(_("Choose the joint meeting the survey is about."))}
        )
    survey = Survey(programme=programme, kind=kind, title=title, meeting=meeting)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def open_end_survey(*, programme: Programme, title: str, notify: bool = True) -> Survey:
    """The programme's exit survey: the end-of-programme survey, created unless it exists.

    Side effects: once the transaction commits, unless ``notify`` is False, every participant
    who answers surveys gets an e-mail with its link, in their language (service mail: it
    concerns their own programme).
    """
    survey = Survey.objects.filter(programme=programme, kind=SurveyKind.END).first()
    if survey is None:
        survey = create_survey(programme=programme, kind=SurveyKind.END, title=title)
    if notify:
        people = list(selectors.survey_respondents(programme.pk))
        mail_with_change(lambda: mail.send_survey_invitations(survey=survey, people=people))
    return survey


@transaction.atomic
def answer_survey(
    *, survey: Survey, person: Person, satisfaction: int, usefulness: int, comment: str = ""
) -> SurveyResponse:
    """Record an anonymous answer.

    Side effects: marks the person as having answered (kept apart from the answer) and stores
    the answer; when SURVEY_BATCH answers are waiting, publishes them together. Nothing goes
    to the audit trail. A second answer is refused and the first one kept.
    """
    if not selectors.answers_surveys(survey.programme_id, person):
        raise ValidationError(_("Only the programme's participants answer its surveys."))
    check_rating(satisfaction, field="satisfaction")
    check_rating(usefulness, field="usefulness")
    # One answer at a time per survey, so that every batch is published whole.
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    if SurveyParticipation.objects.filter(survey=survey, person=person).exists():
        raise _already_answered()
    try:
        # A savepoint, so that a concurrent duplicate leaves the outer transaction usable.
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, person=person)
    except IntegrityError:
        raise _already_answered() from None
    response = SurveyResponse.objects.create(
        survey=survey, satisfaction=satisfaction, usefulness=usefulness, comment=comment
    )
    _publish_a_whole_batch(survey)
    return response


def _publish_a_whole_batch(survey: Survey) -> None:
    waiting = SurveyResponse.objects.filter(survey=survey, released=False)
    if waiting.count() >= SURVEY_BATCH:
        waiting.update(released=True)


def _already_answered() -> ValidationError:
    return ValidationError(_("You have already answered this survey; your first answer is kept."))


# --- Outcomes ----------------------------------------------------------------------------------


def _check_reporter(mentee: Participation, reported_by: Person) -> None:
    if mentee.role != Role.MENTEE or mentee.person_id != reported_by.pk:
        raise ValidationError(_("Outcomes are reported by the mentee."))


@transaction.atomic
def report_service(
    *,
    mentee: Participation,
    reported_by: Person,
    title: str,
    is_new: bool,
    launched_on: date,
    description: str = "",
) -> ServiceOutcome:
    """A new or improved service for the members of the mentee's cluster."""
    _check_reporter(mentee, reported_by)
    _check_within_programme(mentee.programme, launched_on, field="launched_on")
    outcome = ServiceOutcome(
        mentee=mentee,
        title=title,
        is_new=is_new,
        launched_on=launched_on,
        description=description,
    )
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def report_collaboration(
    *,
    mentee: Participation,
    reported_by: Person,
    kind: str,
    title: str,
    partners: Sequence[Organisation],
    started_on: date,
) -> CollaborationOutcome:
    """A collaboration the mentee's cluster started with one or more partner organisations.

    Side effect: the level (national, regional, international) is computed from the countries
    of the mentee's organisation and of the partners, and stored.
    """
    _check_reporter(mentee, reported_by)
    _check_within_programme(mentee.programme, started_on, field="started_on")
    if not partners:
        raise ValidationError({"partners": ValidationError(_("Name at least one partner."))})
    collaboration = CollaborationOutcome(
        mentee=mentee,
        kind=kind,
        title=title,
        started_on=started_on,
        level=_level(_countries(mentee, partners)),
    )
    collaboration.full_clean()
    collaboration.save()
    collaboration.partners.set(partners)
    return collaboration


@transaction.atomic
def update_service(
    *,
    outcome: ServiceOutcome,
    reported_by: Person,
    title: str,
    is_new: bool,
    launched_on: date,
    description: str = "",
) -> ServiceOutcome:
    """Correct a reported service; only the mentee who reported it may. Side effect: saved."""
    _check_reporter(outcome.mentee, reported_by)
    _check_within_programme(outcome.mentee.programme, launched_on, field="launched_on")
    outcome.title, outcome.is_new = title, is_new
    outcome.launched_on, outcome.description = launched_on, description
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def delete_service(*, outcome: ServiceOutcome, reported_by: Person) -> None:
    """Withdraw a reported service; only the mentee who reported it may. Side effect: deleted."""
    _check_reporter(outcome.mentee, reported_by)
    outcome.delete()


@transaction.atomic
def update_collaboration(
    *,
    collaboration: CollaborationOutcome,
    reported_by: Person,
    kind: str,
    title: str,
    partners: Sequence[Organisation],
    started_on: date,
) -> CollaborationOutcome:
    """Correct a reported collaboration; only the mentee who reported it may.

    Side effects: the collaboration, its partners and its level, computed again from the
    countries.
    """
    mentee = collaboration.mentee
    _check_reporter(mentee, reported_by)
    _check_within_programme(mentee.programme, started_on, field="started_on")
    if not partners:
        raise ValidationError({"partners": ValidationError(_("Name at least one partner."))})
    collaboration.kind, collaboration.title, collaboration.started_on = kind, title, started_on
    collaboration.level = _level(_countries(mentee, partners))
    collaboration.full_clean()
    collaboration.save()
    collaboration.partners.set(partners)
    return collaboration


@transaction.atomic
def delete_collaboration(*, collaboration: CollaborationOutcome, reported_by: Person) -> None:
    """Withdraw a reported collaboration; only the mentee who reported it may.

    Side effect: the collaboration and its partner links are deleted.
    """
    _check_reporter(collaboration.mentee, reported_by)
    collaboration.delete()


def _countries(mentee: Participation, partners: Sequence[Organisation]) -> list[int]:
    own = mentee.person.organisation
    countries = [own.country_id if own else mentee.person.country_id]
    return countries + [partner.country_id for partner in partners]


def _level(country_ids: Sequence[int]) -> str:
    countries = Country.objects.filter(pk__in=country_ids)
    regions = {country.code: country.region for country in countries}
    return classify_collaboration(regions.keys(), regions=regions)  # type: ignore[arg-type]


# --- Pair health reminders ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Reminder:
    pair: Pair
    flag: selectors.Flag
    recipient: Person
    escalated: bool


def send_health_reminders(*, now: datetime) -> int:
    """Send every reminder that pair health calls for; returns how many were sent.

    A flag is first reminded to the person who can act on it; once that reminder is
    HEALTH_ESCALATION_DAYS old and the flag still stands, the programme managers are told.
    Each reminder is recorded under a unique key (pair, flag, occurrence, level, recipient)
    before its mail leaves, in its own transaction, so overlapping runs never send the same
    reminder twice. Side effects: HealthReminder rows and e-mails.
    """
    sent = 0
    for reminder in _due_reminders(now):
        if _send_once(reminder, now=now):
            sent += 1
    return sent


def _due_reminders(now: datetime) -> list[_Reminder]:
    escalate_before = now - timedelta(days=settings.HEALTH_ESCALATION_DAYS)
    reminders: list[_Reminder] = []
    for health in selectors.health_of_running_pairs(now=now):
        earlier = {
            (r.flag, r.occurrence): r.sent_at
            for r in health.pair.health_reminders.all()
            if not r.escalated
        }
        for flag in health.flags:
            for person in flag.responsible:
                reminders.append(_Reminder(health.pair, flag, person, escalated=False))
            first_sent = earlier.get((flag.kind, flag.occurrence))
            if first_sent is not None and first_sent <= escalate_before:
                for manager in health.managers:
                    reminders.append(_Reminder(health.pair, flag, manager, escalated=True))
    return reminders


def _send_once(reminder: _Reminder, *, now: datetime) -> bool:
    try:
        with transaction.atomic():
            HealthReminder.objects.create(
                pair=reminder.pair,
                flag=reminder.flag.kind,
                occurrence=reminder.flag.occurrence,
                escalated=reminder.escalated,
                recipient=reminder.recipient,
                sent_at=now,
            )
            # Inside the transaction: if the mail fails, the record goes too and the next run
            # tries again; a concurrent run waits on the unique key and then skips.
            mail.send_health_reminder(
                pair=reminder.pair,
                flag=reminder.flag,
                recipient=reminder.recipient,
                escalated=reminder.escalated,
            )
    except IntegrityError:
        return False
    return True
