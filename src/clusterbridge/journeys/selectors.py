"""Reads of the learning journey: pair health, the pair's page, who sees which notes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext

from clusterbridge.competences import selectors as competences
from clusterbridge.directory.models import Person
from clusterbridge.journeys import activity, health
from clusterbridge.journeys.models import (
    Assessment,
    Goal,
    GoalStatus,
    HealthFlag,
    PrivateNote,
    Rater,
    SessionLog,
    Stage,
    Survey,
    SurveyParticipation,
    SurveyResponse,
)
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    Programme,
    ProgrammeStatus,
    Role,
)


def assessment_due_dates(programme: Programme) -> dict[str, date]:
    return health.due_dates(programme.starts_on, programme.ends_on)


@dataclass(frozen=True)
class Flag:
    kind: str
    occurrence: str
    since: date
    responsible: tuple[Person, ...]
    stage: str = ""
    rater: str = ""

    @property
    def label(self) -> str:
        return str(HealthFlag(self.kind).label)

    @property
    def message(self) -> str:
        """The explanation, translated in the language active when it is read."""
        if self.kind == HealthFlag.NO_SESSION:
            return gettext("No session has been logged since %(date)s.") % {"date": self.since}
        if self.kind == HealthFlag.MENTOR_SILENT:
            return gettext("The mentee has been waiting for the mentor since %(date)s.") % {
                "date": self.since
            }
        return gettext("The %(stage)s assessment (%(rater)s) was due on %(date)s.") % {
            "stage": str(Stage(self.stage).label).lower(),
            "rater": str(Rater(self.rater).label).lower(),
            "date": self.since,
        }


@dataclass(frozen=True)
class PairHealth:
    pair: Pair
    flags: list[Flag]
    managers: tuple[Person, ...] = field(default=())


_LAST_MOVES = {
    "last_session_on": Max("session_logs__held_on"),
    "mentee_last_log": Max(
        "session_logs__created_at", filter=Q(session_logs__author_id=F("mentee__person_id"))
    ),
    "mentor_last_log": Max(
        "session_logs__created_at", filter=Q(session_logs__author_id=F("mentor__person_id"))
    ),
}


def _pairs_for_health(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    return pairs.select_related(
        "programme", "agreement", "mentor__person__user", "mentee__person__user"
    ).annotate(**_LAST_MOVES, **activity.pair_moves())


def _facts_of(pair: Pair) -> health.PairFacts:
    """The health facts of a pair loaded through _pairs_for_health."""
    agreement = getattr(pair, "agreement", None)
    return health.PairFacts(
        status=pair.status,
        starts_on=pair.programme.starts_on,
        ends_on=pair.programme.ends_on,
        created_on=pair.created_at.date(),
        last_session_on=pair.last_session_on,  # type: ignore[attr-defined]
        mentee_last_log=pair.mentee_last_log,  # type: ignore[attr-defined]
        mentor_last_log=pair.mentor_last_log,  # type: ignore[attr-defined]
        mentee_accepted_at=agreement.mentee_accepted_at if agreement else None,
        mentor_accepted_at=agreement.mentor_accepted_at if agreement else None,
        mentee_last_message=pair.mentee_last_message,  # type: ignore[attr-defined]
        mentor_last_message=pair.mentor_last_message,  # type: ignore[attr-defined]
    )


def _thresholds() -> health.Thresholds:
    return health.Thresholds(
        no_session_days=settings.HEALTH_NO_SESSION_DAYS,
        mentor_silence_days=settings.HEALTH_MENTOR_SILENCE_DAYS,
    )


def _done_by_mentee(mentee_ids: list[int]) -> dict[int, dict[tuple[str, str], datetime]]:
    done: dict[int, dict[tuple[str, str], datetime]] = defaultdict(dict)
    for mentee_id, stage, rater, submitted_at in Assessment.objects.filter(
        mentee_id__in=mentee_ids
    ).values_list("mentee_id", "stage", "rater", "submitted_at"):
        done[mentee_id][(stage, rater)] = submitted_at
    return done


def health_of_pairs(pairs: Iterable[Pair], *, now: datetime) -> dict[int, PairHealth]:
    """Flags of the given pairs (fetched through ``pairs_with_health_data``), by pair id.

    Three queries whatever the number of pairs: the pairs, their assessments, the managers.
    """
    pairs = list(pairs)
    done = _done_by_mentee([pair.mentee_id for pair in pairs])
    managers: dict[int, list[Person]] = defaultdict(list)
    for participation in (
        Participation.objects.accepted()
        .managers()
        .filter(programme_id__in={pair.programme_id for pair in pairs})
        .select_related("person__user")
    ):
        managers[participation.programme_id].append(participation.person)
    return {
        pair.pk: PairHealth(
            pair=pair,
            flags=_flags(pair, done[pair.mentee_id], now=now),
            managers=tuple(managers[pair.programme_id]),
        )
        for pair in pairs
    }


def pairs_with_health_data(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    return _pairs_for_health(pairs)


def health_of_pair(pair: Pair, *, now: datetime) -> PairHealth:
    return health_of_pairs(pairs_with_health_data(Pair.objects.filter(pk=pair.pk)), now=now)[
        pair.pk
    ]


def health_of_running_pairs(*, now: datetime) -> list[PairHealth]:
    """Every flagged pair of the running programmes, with the reminders already sent."""
    pairs = _pairs_for_health(
        Pair.objects.filter(
            status=PairStatus.CONFIRMED, programme__status=ProgrammeStatus.RUNNING
        ).order_by("pk")
    ).prefetch_related("health_reminders")
    return [health for health in health_of_pairs(pairs, now=now).values() if health.flags]


def flagged_pair_ids(pairs: QuerySet[Pair], *, now: datetime) -> list[int]:
    """The ids of these pairs that have a health flag, in the queryset's order (two queries)."""
    return [pk for pk, _programme_id, flagged in _health_rows(pairs, now=now) if flagged]


def _health_rows(pairs: QuerySet[Pair], *, now: datetime) -> list[tuple[int, int, bool]]:
    """(pair id, programme id, flagged) for each pair, from one narrow row per pair."""
    rows = list(
        pairs.annotate(**_LAST_MOVES, **activity.pair_moves()).values_list(
            "pk",
            "programme_id",
            "mentee_id",
            "status",
            "programme__starts_on",
            "programme__ends_on",
            "created_at",
            "last_session_on",
            "mentee_last_log",
            "mentor_last_log",
            "agreement__mentee_accepted_at",
            "agreement__mentor_accepted_at",
            *activity.MOVES,
        )
    )
    done = _done_by_mentee([row[2] for row in rows])
    thresholds = _thresholds()
    return [
        (
            pk,
            programme_id,
            bool(
                health.flag_rules(
                    health.PairFacts(status, starts_on, ends_on, created_at.date(), *moves),
                    done[mentee_id],
                    now=now,
                    thresholds=thresholds,
                )
            ),
        )
        for pk, programme_id, mentee_id, status, starts_on, ends_on, created_at, *moves in rows
    ]


@dataclass(frozen=True)
class FlagSummary:
    """A programme's pairs needing attention, for the dashboard: how many, and the first few."""

    flagged: int
    confirmed: int
    first: list[PairHealth]


def flag_summaries(
    programme_ids: Iterable[int], *, now: datetime, first: int = 5
) -> dict[int, FlagSummary]:
    """The managers' home page's view of pair health, by programme id.

    Five queries however many pairs: every confirmed pair is checked from a narrow row, and
    only the first ``first`` flagged pairs of each programme are loaded to be shown.
    """
    rows = _health_rows(
        Pair.objects.filter(
            programme_id__in=list(programme_ids), status=PairStatus.CONFIRMED
        ).order_by("mentee__person__full_name", "pk"),
        now=now,
    )
    confirmed: Counter[int] = Counter()
    flagged: dict[int, list[int]] = defaultdict(list)
    for pk, programme_id, is_flagged in rows:
        confirmed[programme_id] += 1
        if is_flagged:
            flagged[programme_id].append(pk)
    shown = [pk for ids in flagged.values() for pk in ids[:first]]
    healths = health_of_pairs(_pairs_for_health(Pair.objects.filter(pk__in=shown)), now=now)
    return {
        programme_id: FlagSummary(
            flagged=len(flagged[programme_id]),
            confirmed=count,
            first=[healths[pk] for pk in flagged[programme_id][:first]],
        )
        for programme_id, count in confirmed.items()
    }


def _flags(pair: Pair, done: dict[tuple[str, str], datetime], *, now: datetime) -> list[Flag]:
    people = {"mentor": pair.mentor.person, "mentee": pair.mentee.person}
    return [
        Flag(
            rule.kind,
            rule.occurrence,
            rule.since,
            tuple(people[side] for side in rule.sides),
            stage=rule.stage,
            rater=rule.rater,
        )
        for rule in health.flag_rules(_facts_of(pair), done, now=now, thresholds=_thresholds())
    ]


# --- The journeys list and a pair's page -------------------------------------------------------


def journey_rows(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Pairs with what the journeys list shows: sessions, hours, last session, goals."""
    # A subquery, as summing over the join with goals would count each session once per goal.
    minutes = (
        SessionLog.objects.filter(pair=OuterRef("pk"))
        .values("pair")
        .annotate(total=Sum("duration_minutes"))
        .values("total")
    )
    return _pairs_for_health(pairs).annotate(
        sessions=Count("session_logs", distinct=True),
        minutes=Coalesce(Subquery(minutes, output_field=IntegerField()), 0),
        goals_total=Count("goals", distinct=True),
        goals_reached=Count("goals", filter=Q(goals__status=GoalStatus.REACHED), distinct=True),
    )


def accepted_roles(programme: Programme, person: Person | None) -> set[str]:
    return set(
        Participation.objects.accepted()
        .filter(programme=programme, person=person)
        .values_list("role", flat=True)
    )


def diagnosed_participation(programme: Programme, person: Person | None) -> Participation | None:
    """The person's accepted mentee or mentor participation: who fills in a diagnosis."""
    return (
        Participation.objects.accepted()
        .in_pairs()
        .filter(programme=programme, person=person)
        .first()
    )


def answers_surveys(programme_id: int, person: Person) -> bool:
    """Whether the person takes part in the programme in a role its surveys ask."""
    return (
        Participation.objects.accepted()
        .filter(
            programme=programme_id,
            person=person,
            role__in=[Role.MENTEE, Role.MENTOR, Role.FACILITATOR],
        )
        .exists()
    )


def survey_respondents(programme_id: int) -> QuerySet[Person]:
    """The people asked to answer the programme's surveys (see answers_surveys)."""
    return Person.objects.filter(
        pk__in=Participation.objects.accepted()
        .filter(programme=programme_id, role__in=[Role.MENTEE, Role.MENTOR, Role.FACILITATOR])
        .values("person_id")
    ).select_related("user")


def goals_of(pair: Pair) -> QuerySet[Goal]:
    return pair.goals.select_related("area").prefetch_related("milestones")


def logs_of(pair: Pair) -> QuerySet[SessionLog]:
    return pair.session_logs.select_related("author").prefetch_related("actions__owner")


def pairs_of_group_session(log: SessionLog) -> list[Pair]:
    """The pairs that shared the log's group session (none for a session of one pair)."""
    if log.group_session_id is None:
        return []
    return list(
        Pair.objects.filter(session_logs__group_session_id=log.group_session_id)
        .select_related("mentee__person", "mentor__person")
        .order_by("mentee__person__full_name", "pk")
    )


def has_confirmed_pair(programme: Programme, person: Person | None) -> bool:
    """Whether the person is the mentor or mentee of a confirmed pair of the programme."""
    if person is None:
        return False
    return Pair.objects.filter(
        Q(mentor__person=person) | Q(mentee__person=person),
        programme=programme,
        status=PairStatus.CONFIRMED,
    ).exists()


def pairs_for_group_session(programme: Programme) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(programme=programme, status=PairStatus.CONFIRMED)
        .select_related("mentee__person", "mentor__person")
        .order_by("mentee__person__full_name", "pk")
    )


def private_notes_by_log(logs: Iterable[SessionLog], *, reader: Person | None) -> dict[int, str]:
    """The reader's own private notes on these logs; nobody else's, whatever their role."""
    if reader is None:
        return {}
    return dict(
        PrivateNote.objects.filter(log__in=list(logs), author=reader).values_list("log_id", "text")
    )


MAX_TOP_NEEDS = 3


def diagnosis_initial(mentee: Participation) -> dict[str, object]:
    """What the mentee's needs diagnosis form starts from: their ratings and top needs from
    this programme's diagnosis, if they made one. Needs stored before (another programme's
    diagnosis, an import) are not ticked: they may name more areas than the form accepts."""
    earlier = assessments_of(mentee).get((Stage.BASELINE, Rater.SELF))
    if earlier is None:
        return {}
    initial: dict[str, object] = {
        f"indicator_{rating.indicator_id}": rating.value for rating in earlier.ratings.all()
    }
    top_needs = competences.top_need_ids(mentee.person_id)
    if 1 <= len(top_needs) <= MAX_TOP_NEEDS:
        initial["top_needs"] = top_needs
    return initial


def assessments_of(mentee: Participation) -> dict[tuple[str, str], Assessment]:
    return {(a.stage, a.rater): a for a in Assessment.objects.filter(mentee=mentee)}


@dataclass(frozen=True)
class SurveyResults:
    """What may be shown of a survey: its published answers, pooled."""

    answers: int
    satisfaction: float
    usefulness: float
    comments: tuple[str, ...]


def released_survey_results(surveys: Iterable[Survey]) -> dict[int, SurveyResults]:
    """The only survey figures anyone is shown, on the pages, in the impact report and its
    exports: those of the published answers, by survey (absent while none is published).

    Answers are published SURVEY_BATCH at a time (``services.answer_survey``), so two views
    a manager compares differ by whole batches and never isolate one person's answer. The
    averages are rounded to the two decimals every page and export shows, so a file holds no
    more than the page; comments are sorted, so their order says nothing about who or when.
    """
    grouped: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    published = SurveyResponse.objects.filter(survey__in=list(surveys), released=True)
    for survey_id, satisfaction, usefulness, comment in published.values_list(
        "survey_id", "satisfaction", "usefulness", "comment"
    ):
        grouped[survey_id].append((satisfaction, usefulness, comment))
    return {survey_id: _pooled(answers) for survey_id, answers in grouped.items()}


def _pooled(answers: list[tuple[int, int, str]]) -> SurveyResults:
    return SurveyResults(
        answers=len(answers),
        satisfaction=_mean_as_shown([a[0] for a in answers]),
        usefulness=_mean_as_shown([a[1] for a in answers]),
        comments=tuple(sorted(a[2] for a in answers if a[2].strip())),
    )


def _mean_as_shown(values: list[int]) -> float:
    mean = Decimal(sum(values)) / Decimal(len(values))
    return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def assessments_with_ratings(mentee: Participation) -> QuerySet[Assessment]:
    return Assessment.objects.filter(mentee=mentee).prefetch_related("ratings__indicator")


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    answered: bool
    results: SurveyResults | None = None


def survey_rows(
    surveys: Iterable[Survey], *, person: Person | None, with_results: bool
) -> list[SurveyRow]:
    """Surveys with the viewer's "answered" mark and, for managers, the published results."""
    surveys = list(surveys)
    answered = set(
        SurveyParticipation.objects.filter(survey__in=surveys, person=person).values_list(
            "survey_id", flat=True
        )
        if person is not None
        else []
    )
    results = released_survey_results(surveys) if with_results else {}
    return [
        SurveyRow(survey=survey, answered=survey.pk in answered, results=results.get(survey.pk))
        for survey in surveys
    ]


def side_of(pair: Pair, person: Person | None) -> str | None:
    if person is None:
        return None
    if pair.mentor.person_id == person.pk:
        return Role.MENTOR
    if pair.mentee.person_id == person.pk:
        return Role.MENTEE
    return None


# --- The home page's charts --------------------------------------------------------------------


@dataclass(frozen=True)
class MonthSessions:
    """Sessions held in a month: bilateral ones, and group sessions counted once each."""

    bilateral: int
    group: int


def sessions_by_month(
    *, programme_ids: Iterable[int] = (), pair_ids: Iterable[int] = ()
) -> dict[int, dict[date, MonthSessions]]:
    """Sessions held per month, by programme id (or by pair id when ``pair_ids`` are given):
    one query."""
    pair_ids = list(pair_ids)
    key = "pair_id" if pair_ids else "pair__programme_id"
    logs = (
        SessionLog.objects.filter(pair_id__in=pair_ids)
        if pair_ids
        else SessionLog.objects.filter(pair__programme_id__in=list(programme_ids))
    )
    rows = (
        logs.annotate(month=TruncMonth("held_on"))
        .values_list(key, "month")
        .annotate(
            bilateral=Count("pk", filter=Q(group_session__isnull=True)),
            group=Count("group_session", distinct=True),
        )
        .order_by()
    )
    result: dict[int, dict[date, MonthSessions]] = defaultdict(dict)
    for owner, month, bilateral, group in rows:
        result[owner][month] = MonthSessions(bilateral, group)
    return result


def assessments_done(programme_ids: Iterable[int]) -> Counter[tuple[int, str, str]]:
    """Submitted assessments by (programme id, stage, rater), of confirmed pairs' mentees."""
    rows = (
        Assessment.objects.filter(
            programme_id__in=list(programme_ids),
            mentee__pairs_as_mentee__status=PairStatus.CONFIRMED,
        )
        .values_list("programme_id", "stage", "rater")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    return Counter({(p, stage, rater): count for p, stage, rater, count in rows})


def done_assessments_of_mentees(mentee_ids: Iterable[int]) -> dict[int, set[tuple[str, str]]]:
    """The (stage, rater) of each mentee's submitted assessments: one query."""
    return {mentee_id: set(done) for mentee_id, done in _done_by_mentee(list(mentee_ids)).items()}


def goals_by_status(pair_ids: Iterable[int]) -> dict[int, Counter[str]]:
    rows = (
        Goal.objects.filter(pair_id__in=list(pair_ids))
        .values_list("pair_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    result: dict[int, Counter[str]] = defaultdict(Counter)
    for pair_id, status, count in rows:
        result[pair_id][status] = count
    return result


def survey_results_by_programme(
    programme_ids: Iterable[int],
) -> dict[int, list[tuple[Survey, SurveyResults | None]]]:
    """Each programme's surveys, oldest first, with their published results: two queries."""
    surveys = list(
        Survey.objects.filter(programme_id__in=list(programme_ids)).order_by("created_at", "pk")
    )
    released = released_survey_results(surveys)
    result: dict[int, list[tuple[Survey, SurveyResults | None]]] = defaultdict(list)
    for survey in surveys:
        result[survey.programme_id].append((survey, released.get(survey.pk)))
    return result
