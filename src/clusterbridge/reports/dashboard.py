"""The home page's charts: how a manager's programmes, and a pair's journey, are doing.

Each chart comes with its figures as a table (for screen readers, and for whoever prefers
numbers) and is drawn by the pure ``charts`` module, mirrored in a right-to-left language.
The figures of every programme or pair shown are read in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, translation
from django.utils.translation import gettext as _

from clusterbridge.common import figures
from clusterbridge.journeys import health
from clusterbridge.journeys import selectors as journeys
from clusterbridge.journeys.models import GoalStatus, Rater, Stage, Survey
from clusterbridge.journeys.selectors import FlagSummary, MonthSessions, SurveyResults
from clusterbridge.meetings import selectors as meetings
from clusterbridge.programmes.models import Pair, PairStatus, Programme, ProgrammeStatus
from clusterbridge.reports import charts

# Small enough to be read on a phone once scaled to its width; the months' names still fit.
CHART_WIDTH = 480
# The home page stays light: the charts of the most recent programmes only.
PROGRAMMES_CHARTED = 3
MONTHS_CHARTED = 12
SURVEYS_CHARTED = 6
# Counts are whole numbers: an axis to at least 5 keeps its ticks on whole numbers.
COUNT_RANGE = (0.0, 5.0)


@dataclass(frozen=True)
class DashboardChart:
    key: str
    caption: str
    svg: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Dashboard:
    key: str
    programme: Programme
    charts: list[DashboardChart]
    notes: list[str]


def _options(key: str, axis_label: str) -> charts.ChartOptions:
    return {
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "lang": translation.get_language() or "en",
        "chart_id": key,
        "axis_label": axis_label,
        "width": CHART_WIDTH,
        "value_range": COUNT_RANGE,
    }


def _number(value: float) -> str:
    return formats.number_format(charts.plain_number(value))


def _months(first: date, last: date) -> list[date]:
    """The first day of each month from ``first``'s to ``last``'s, the latest ones only."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months[-MONTHS_CHARTED:]


def _stacked(
    key: str,
    caption: str,
    axis_label: str,
    categories: Sequence[str],
    segments: Sequence[charts.Series],
    *,
    first_column: str,
) -> DashboardChart:
    """A stacked bar chart and its table: a row per category, a column per segment."""
    rows = [
        [category, *(_number(segment.values[i] or 0) for segment in segments)]
        for i, category in enumerate(categories)
    ]
    description = "; ".join(
        f"{row[0]}: " + ", ".join(f"{s.name} {v}" for s, v in zip(segments, row[1:], strict=True))
        for row in rows
    )
    svg = charts.stacked_bar_chart(
        categories, segments, title=caption, description=description, **_options(key, axis_label)
    )
    return DashboardChart(key, caption, svg, [first_column, *(s.name for s in segments)], rows)


def _sessions_chart(
    key: str, by_month: dict[date, MonthSessions], months: list[date]
) -> DashboardChart:
    empty = MonthSessions(0, 0)
    return _stacked(
        key,
        _("Sessions held per month"),
        _("Sessions"),
        [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in months],
        [
            charts.Series(
                _("Bilateral sessions"), [by_month.get(m, empty).bilateral for m in months]
            ),
            charts.Series(_("Group sessions"), [by_month.get(m, empty).group for m in months]),
        ],
        first_column=_("Month"),
    )


def _running_months(programme: Programme, today: date) -> list[date]:
    return _months(programme.starts_on, min(today, programme.ends_on))


# --- Managers ----------------------------------------------------------------------------------


def programme_dashboards(
    programmes: Sequence[Programme],
    health_by_programme: Mapping[int, FlagSummary | None],
    *,
    now: datetime,
) -> list[Dashboard]:
    """The charts of the first few programmes that have started (drafts have nothing yet)."""
    shown = [p for p in programmes if p.status != ProgrammeStatus.DRAFT][:PROGRAMMES_CHARTED]
    ids = [programme.pk for programme in shown]
    # Whole-programme figures, the same for each of its managers: kept (common/figures.py).
    sessions = figures.by_id("sessions-by-month", ids, _sessions_by_month)
    assessments = figures.by_id("assessments-done", ids, _assessments_done)
    surveys = figures.by_id("survey-results", ids, _survey_results)
    today = now.date()
    return [
        _programme_dashboard(
            programme,
            health_by_programme.get(programme.pk),
            sessions[programme.pk],
            assessments[programme.pk],
            surveys[programme.pk],
            today=today,
        )
        for programme in shown
    ]


def _sessions_by_month(ids: Sequence[int]) -> dict[int, dict[date, MonthSessions]]:
    found = journeys.sessions_by_month(programme_ids=ids)
    return {pk: found.get(pk, {}) for pk in ids}


def _assessments_done(ids: Sequence[int]) -> dict[int, Counter[tuple[int, str, str]]]:
    done = journeys.assessments_done(ids)
    return {pk: Counter({key: n for key, n in done.items() if key[0] == pk}) for pk in ids}


def _survey_results(ids: Sequence[int]) -> dict[int, list[tuple[Survey, SurveyResults | None]]]:
    found = journeys.survey_results_by_programme(ids)
    return {pk: found.get(pk, []) for pk in ids}


def _programme_dashboard(
    programme: Programme,
    summary: FlagSummary | None,
    sessions: dict[date, MonthSessions],
    assessments: Counter[tuple[int, str, str]],
    surveys: list[tuple[Survey, SurveyResults | None]],
    *,
    today: date,
) -> Dashboard:
    key = f"programme-{programme.pk}"
    made, notes = [], []
    months = _running_months(programme, today)
    if months:
        made.append(_sessions_chart(f"{key}-sessions", sessions, months))
    else:
        notes.append(_("Sessions are charted here once the programme has started."))
    confirmed = summary.confirmed if summary else 0
    if confirmed:
        made.append(_pair_health_chart(f"{key}-health", summary))
        made.append(
            _assessments_chart(f"{key}-assessments", programme, confirmed, assessments, today)
        )
    else:
        notes.append(_("No pair is confirmed now: pair health and assessments have no chart."))
    published = [(survey, results) for survey, results in surveys if results is not None]
    if published:
        made.append(_surveys_chart(f"{key}-surveys", published[-SURVEYS_CHARTED:]))
    else:
        notes.append(_("No survey has published results yet."))
    return Dashboard(key, programme, made, notes)


def _pair_health_chart(key: str, summary: FlagSummary | None) -> DashboardChart:
    flagged = summary.flagged if summary else 0
    confirmed = summary.confirmed if summary else 0
    return _stacked(
        key,
        _("Health of the confirmed pairs"),
        _("Pairs"),
        [_("Confirmed pairs")],
        [
            charts.Series(_("On track"), [confirmed - flagged]),
            charts.Series(_("Needing attention"), [flagged]),
        ],
        first_column=_("Pairs"),
    )


def _assessments_chart(
    key: str,
    programme: Programme,
    mentees: int,
    done: Counter[tuple[int, str, str]],
    today: date,
) -> DashboardChart:
    due = health.due_dates(programme.starts_on, programme.ends_on)
    categories, submitted, overdue, ahead = [], [], [], []
    for stage in Stage:
        for rater in Rater:
            count = min(done[(programme.pk, stage.value, rater.value)], mentees)
            missing = mentees - count
            categories.append(f"{stage.label} – {rater.label}")
            submitted.append(count)
            overdue.append(missing if due[stage.value] < today else 0)
            ahead.append(0 if due[stage.value] < today else missing)
    return _stacked(
        key,
        _("Assessments of the confirmed pairs' mentees"),
        _("Mentees"),
        categories,
        [
            charts.Series(_("Done"), submitted),
            charts.Series(_("Overdue"), overdue),
            charts.Series(_("Not due yet"), ahead),
        ],
        first_column=_("Assessment"),
    )


def _surveys_chart(key: str, published: list[tuple[Survey, SurveyResults]]) -> DashboardChart:
    caption = _("Survey results (mean on the 1–5 scale)")
    titles = [survey.title for survey, _results in published]
    satisfaction = charts.Series(_("Satisfaction"), [r.satisfaction for _survey, r in published])
    usefulness = charts.Series(_("Usefulness"), [r.usefulness for _survey, r in published])
    rows = [
        [survey.title, _number(r.satisfaction), _number(r.usefulness), _number(r.answers)]
        for survey, r in published
    ]
    description = "; ".join(f"{row[0]}: {row[1]}, {row[2]}" for row in rows)
    options = _options(key, _("Mean rating (1–5)"))
    svg = charts.grouped_bar_chart(
        titles, [satisfaction, usefulness], title=caption, description=description, **options
    )
    columns = [_("Survey"), satisfaction.name, usefulness.name, _("Answers")]
    return DashboardChart(key, caption, svg, columns, rows)


# --- Mentors and mentees -----------------------------------------------------------------------


def pair_dashboards(pairs: Sequence[Pair], *, now: datetime) -> list[Dashboard]:
    """A confirmed (or completed) pair's journey: where it stands, its sessions by month."""
    shown = [p for p in pairs if p.status in (PairStatus.CONFIRMED, PairStatus.COMPLETED)]
    ids = [pair.pk for pair in shown]
    sessions = journeys.sessions_by_month(pair_ids=ids)
    goals = journeys.goals_by_status(ids)
    assessments = journeys.done_assessments_of_mentees([pair.mentee_id for pair in shown])
    upcoming = meetings.upcoming_meetings_by_pair(ids, now=now)
    today = now.date()
    dashboards = []
    for pair in shown:
        key = f"pair-{pair.pk}"
        by_month = sessions.get(pair.pk, {})
        made = [
            _progress_chart(
                f"{key}-progress",
                pair,
                sum(s.bilateral + s.group for s in by_month.values()),
                upcoming.get(pair.pk, 0),
                goals.get(pair.pk, Counter()),
                assessments.get(pair.mentee_id, set()),
                today,
            )
        ]
        months = _running_months(pair.programme, today)
        if months:
            made.append(_sessions_chart(f"{key}-sessions", by_month, months))
        dashboards.append(Dashboard(key, pair.programme, made, []))
    return dashboards


def _progress_chart(
    key: str,
    pair: Pair,
    sessions: int,
    upcoming: int,
    goals: Counter[str],
    assessed: set[tuple[str, str]],
    today: date,
) -> DashboardChart:
    """One bar per part of the journey, each split into done, open now and still ahead."""
    programme = pair.programme
    months = len(_months(programme.starts_on, programme.ends_on))
    elapsed = len(_months(programme.starts_on, today)) if today >= programme.starts_on else 0
    running = 1 if programme.starts_on <= today <= programme.ends_on else 0
    due = health.due_dates(programme.starts_on, programme.ends_on)
    assessments = [(stage.value, rater.value) for stage in Stage for rater in Rater]
    done_assessments = sum(1 for pair_key in assessments if pair_key in assessed)
    open_assessments = sum(
        1 for stage, rater in assessments if (stage, rater) not in assessed and due[stage] < today
    )
    rows = {
        _("Months of the programme"): (
            min(elapsed, months) - running,
            running,
            max(months - elapsed, 0),
        ),
        _("Sessions"): (sessions, 0, upcoming),
        _("Goals"): (
            goals[GoalStatus.REACHED],
            goals[GoalStatus.OPEN] + goals[GoalStatus.IN_PROGRESS],
            0,
        ),
        _("Assessments"): (
            done_assessments,
            open_assessments,
            len(assessments) - done_assessments - open_assessments,
        ),
    }
    values = list(rows.values())
    return _stacked(
        key,
        _("Our journey so far"),
        _("Count"),
        list(rows),
        [
            charts.Series(_("Done"), [v[0] for v in values]),
            charts.Series(_("Open now"), [v[1] for v in values]),
            charts.Series(_("Still ahead"), [v[2] for v in values]),
        ],
        first_column=_("Part of the journey"),
    )
