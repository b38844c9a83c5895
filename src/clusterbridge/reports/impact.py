"""The impact report of a programme: its tables and charts, built once for every export.

``build_impact_report(programme, *, now)`` reads the programme's journey data, runs the pure
statistics (``journeys.statistics``) and returns an ``ImpactReport``: a list of ``Table`` (each
becomes a section of the web page and PDF, and one sheet of the workbook) and a list of
``Chart`` (SVG). Text is translated in the language active when the report is built.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.db.models import Count, Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.directory.models import Gender, Person
from clusterbridge.journeys import statistics
from clusterbridge.journeys.models import (
    SURVEY_BATCH,
    CollaborationKind,
    CollaborationLevel,
    CollaborationOutcome,
    GoalStatus,
    Rater,
    Rating,
    ServiceOutcome,
    SessionLog,
    Stage,
    Survey,
)
from clusterbridge.journeys.selectors import released_survey_results
from clusterbridge.meetings.models import Attendance, Invitation, MeetingKind
from clusterbridge.programmes.models import (
    Pair,
    Participation,
    Programme,
    Role,
)
from clusterbridge.reports import charts

ColumnKind = Literal["text", "int", "number", "percent"]
MINIMUM_GROUP = 3


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = "text"


Value = str | int | float | None | statistics.Suppressed


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Value]]
    note: str = ""

    def formatted_rows(self) -> list[list[tuple[str, ColumnKind]]]:
        """Each cell as display text with its column's kind, for the page and the PDF."""
        return [
            [
                (format_value(value, column.kind), column.kind)
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def format_value(value: Value, kind: ColumnKind) -> str:
    """Text of a figure in the active language: numbers with two decimals, shares in %."""
    if value is statistics.SUPPRESSED:
        return suppressed_label()
    if value is None:
        return "–"
    if kind == "percent" and isinstance(value, int | float):
        return f"{formats.number_format(100 * value, 0)} %"
    if kind == "number" and isinstance(value, int | float):
        return formats.number_format(value, 2)
    return str(value)


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    svg: str

    @property
    def with_html_labels(self) -> str:
        """The chart for the PDF, whose renderer cannot shape text inside SVG."""
        return charts.with_html_labels(self.svg)


@dataclass(frozen=True)
class ImpactReport:
    programme: Programme
    language: str
    direction: Literal["ltr", "rtl"]
    generated_at: datetime
    headline: list[tuple[str, Value, ColumnKind]]
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)

    def formatted_headline(self) -> list[tuple[str, str]]:
        return [(label, format_value(value, kind)) for label, value, kind in self.headline]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def suppressed_label() -> str:
    return _("fewer than %(count)s") % {"count": MINIMUM_GROUP}


def build_impact_report(programme: Programme, *, now: datetime) -> ImpactReport:
    language = translation.get_language() or "en"
    direction: Literal["ltr", "rtl"] = "rtl" if translation.get_language_bidi() else "ltr"
    data = _Data.load(programme, now=now)
    results = statistics.compare_raters(
        {rater: data.assessment(rater) for rater in (Rater.SELF, Rater.MENTOR)},
        framework=data.framework,
    )
    activity = _activity_table(data)
    tables = [
        _area_table(data, results),
        _indicator_table(data, results),
        _mentee_table(data, results),
        activity,
        _activity_summary(data),
        _services_table(data),
        _collaborations_table(data),
        _collaboration_counts(data),
        _ties_table(data),
        _groups_table(data),
        _surveys_table(programme),
    ]
    silver = {rater: len(results[rater].silver_label) for rater in results}
    headline: list[tuple[str, Value, ColumnKind]] = [
        (_("Mentees"), len(data.mentees), "int"),
        (_("Sessions held"), len(data.sessions), "int"),
        (_("Hours of mentoring"), sum(s.minutes for s in data.sessions) / 60, "number"),
        (_("Services launched"), len(data.services), "int"),
        (_("Collaborations started"), len(data.collaborations), "int"),
        (_("Silver label: mentees with 3 or more improved areas (self)"), silver["self"], "int"),
        (
            _("Silver label: mentees with 3 or more improved areas (mentor)"),
            silver["mentor"],
            "int",
        ),
    ]
    report = ImpactReport(
        programme=programme,
        language=language,
        direction=direction,
        generated_at=now,
        headline=headline,
        tables=tables,
    )
    report.charts.extend(_charts(report, data, results))
    return report


# --- Loading -----------------------------------------------------------------------------------


@dataclass
class _Data:
    programme: Programme
    areas: list[CompetenceArea]
    indicators: list[CompetenceIndicator]
    mentees: list[Participation]
    participants: list[Participation]
    pairs: Sequence[Pair]
    ratings: dict[tuple[str, str], dict[str, dict[str, int]]]
    sessions: list[statistics.SessionRecord]
    joint: dict[int, tuple[int, int]]  # person id -> (attended, invited to past joint meetings)
    goals: dict[int, tuple[int, int]]  # pair id -> (reached, total)
    services: list[ServiceOutcome]
    collaborations: list[CollaborationOutcome]

    @property
    def framework(self) -> dict[str, list[str]]:
        framework: dict[str, list[str]] = {area.code: [] for area in self.areas}
        for indicator in self.indicators:
            framework[indicator.area.code].append(indicator.code)
        return framework

    def assessment(self, rater: str) -> statistics.Assessment:
        everyone: dict[str, dict[str, int]] = {str(m.pk): {} for m in self.mentees}

        def ratings(stage: str) -> dict[str, dict[str, int]]:
            return everyone | self.ratings.get((stage, rater), {})

        return statistics.Assessment(baseline=ratings(Stage.BASELINE), end=ratings(Stage.END))

    @classmethod
    def load(cls, programme: Programme, *, now: datetime) -> _Data:
        participants = list(
            Participation.objects.accepted()
            .in_pairs()
            .filter(programme=programme)
            .select_related("person__country", "person__organisation__country")
        )
        mentees = [p for p in participants if p.role == Role.MENTEE]
        ratings: dict[tuple[str, str], dict[str, dict[str, int]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        for mentee_id, stage, rater, code, value in Rating.objects.filter(
            assessment__programme=programme,
            assessment__mentee__in=mentees,
            assessment__stage__in=[Stage.BASELINE, Stage.END],
        ).values_list(
            "assessment__mentee_id",
            "assessment__stage",
            "assessment__rater",
            "indicator__code",
            "value",
        ):
            ratings[(stage, rater)][str(mentee_id)][code] = value
        pairs = list(
            Pair.objects.filter(programme=programme, status__in=["confirmed", "completed", "ended"])
            .select_related("mentor__person", "mentee__person__organisation")
            .annotate(
                goals_total=Count("goals"),
                goals_reached=Count("goals", filter=Q(goals__status=GoalStatus.REACHED)),
            )
            .order_by("mentee__person__full_name")
        )
        sessions = [
            statistics.SessionRecord(pair=str(pair_id), minutes=minutes, attended=True)
            for pair_id, minutes in SessionLog.objects.filter(pair__in=pairs).values_list(
                "pair_id", "duration_minutes"
            )
        ]
        joint: dict[int, tuple[int, int]] = {}
        for person_id, attended, invited in (
            Invitation.objects.filter(
                meeting__programme=programme,
                meeting__kind=MeetingKind.JOINT_MEETING,
                meeting__starts_at__lt=now,
                meeting__status="scheduled",
            )
            .values("person_id")
            .annotate(
                attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)), invited=Count("pk")
            )
            .values_list("person_id", "attended", "invited")
        ):
            joint[person_id] = (attended, invited)
        return cls(
            programme=programme,
            areas=list(CompetenceArea.objects.order_by("order", "code")),
            indicators=list(CompetenceIndicator.objects.select_related("area")),
            mentees=sorted(mentees, key=lambda m: m.person.full_name),
            participants=participants,
            pairs=pairs,
            ratings={key: dict(value) for key, value in ratings.items()},
            sessions=sessions,
            joint=joint,
            goals={p.pk: (p.goals_reached, p.goals_total) for p in pairs},
            services=list(
                ServiceOutcome.objects.filter(mentee__programme=programme).select_related(
                    "mentee__person__organisation"
                )
            ),
            collaborations=list(
                CollaborationOutcome.objects.filter(mentee__programme=programme)
                .select_related("mentee__person__organisation__country", "mentee__person__country")
                .prefetch_related("partners__country")
            ),
        )


# --- Competence tables -------------------------------------------------------------------------


def _change_columns(rater_label: str) -> list[Column]:
    return [
        Column(_("%(rater)s: n") % {"rater": rater_label}, "int"),
        Column(_("%(rater)s: baseline") % {"rater": rater_label}, "number"),
        Column(_("%(rater)s: end") % {"rater": rater_label}, "number"),
        Column(_("%(rater)s: mean change") % {"rater": rater_label}, "number"),
        Column(_("%(rater)s: 95%% CI low") % {"rater": rater_label}, "number"),
        Column(_("%(rater)s: 95%% CI high") % {"rater": rater_label}, "number"),
        Column(_("%(rater)s: share improved") % {"rater": rater_label}, "percent"),
    ]


def _change_values(summary: statistics.ChangeSummary) -> list[Value]:
    interval = summary.interval
    return [
        summary.n,
        summary.baseline_mean,
        summary.end_mean,
        summary.mean_change,
        interval.low if interval else None,
        interval.high if interval else None,
        summary.share_improved,
    ]


def _rater_labels() -> dict[str, str]:
    return {Rater.SELF: _("Self"), Rater.MENTOR: _("Mentor")}


def _area_table(data: _Data, results: dict[str, statistics.RaterResults]) -> Table:
    labels = _rater_labels()
    columns = [Column(_("Competence area"))]
    for rater in results:
        columns += _change_columns(labels[rater])
    rows: list[list[Value]] = []
    for area in data.areas:
        row: list[Value] = [str(area)]
        for rater_results in results.values():
            row += _change_values(rater_results.areas[area.code])
        rows.append(row)
    return Table(
        "areas",
        _("Change per competence area, baseline to end"),
        columns,
        rows,
        note=_(
            "Mean of the area's indicators per mentee, compared between the baseline and the "
            "end assessment; only mentees rated at both count. 95% CI: paired t interval."
        ),
    )


def _indicator_table(data: _Data, results: dict[str, statistics.RaterResults]) -> Table:
    labels = _rater_labels()
    columns = [Column(_("Competence area")), Column(_("Indicator"))]
    for rater in results:
        columns += _change_columns(labels[rater])
    rows: list[list[Value]] = []
    for indicator in data.indicators:
        row: list[Value] = [str(indicator.area), str(indicator)]
        for rater_results in results.values():
            row += _change_values(rater_results.indicators[indicator.code])
        rows.append(row)
    return Table("indicators", _("Change per indicator, baseline to end"), columns, rows)


def _mentee_table(data: _Data, results: dict[str, statistics.RaterResults]) -> Table:
    names = {area.code: str(area) for area in data.areas}
    labels = _rater_labels()
    columns = [Column(_("Mentee")), Column(_("Organisation"))]
    for rater in results:
        columns += [
            Column(_("%(rater)s: improved areas") % {"rater": labels[rater]}),
            Column(_("%(rater)s: count") % {"rater": labels[rater]}, "int"),
            Column(_("%(rater)s: Silver label") % {"rater": labels[rater]}),
        ]
    rows: list[list[Value]] = []
    for mentee in data.mentees:
        row: list[Value] = [mentee.person.full_name, _organisation(mentee.person)]
        for rater_results in results.values():
            improved = rater_results.improved_areas.get(str(mentee.pk), frozenset())
            qualifies = str(mentee.pk) in rater_results.silver_label
            row += [
                ", ".join(names[code] for code in names if code in improved) or "–",
                len(improved),
                _("yes") if qualifies else _("no"),
            ]
        rows.append(row)
    return Table(
        "mentees",
        _("Improved areas per mentee"),
        columns,
        rows,
        note=_(
            "The European cluster excellence Silver label asks for at least three improved "
            "areas; “yes” shows who would qualify."
        ),
    )


def _organisation(person: Person) -> str:
    return person.organisation.name if person.organisation else ""


# --- Activity ----------------------------------------------------------------------------------


def _activity_table(data: _Data) -> Table:
    summary = statistics.summarise_activity(data.sessions, pairs=[str(p.pk) for p in data.pairs])
    rows: list[list[Value]] = []
    for pair in data.pairs:
        activity = summary.pairs[str(pair.pk)]
        attended, invited = data.joint.get(pair.mentee.person_id, (0, 0))
        reached, total = data.goals[pair.pk]
        rows.append(
            [
                pair.mentee.person.full_name,
                pair.mentor.person.full_name,
                activity.attended,
                activity.hours,
                attended,
                invited,
                reached,
                total,
            ]
        )
    return Table(
        "activity",
        _("Activity per pair"),
        [
            Column(_("Mentee")),
            Column(_("Mentor")),
            Column(_("Sessions held"), "int"),
            Column(_("Hours"), "number"),
            Column(_("Joint meetings attended by the mentee"), "int"),
            Column(_("Joint meetings held"), "int"),
            Column(_("Goals reached"), "int"),
            Column(_("Goals"), "int"),
        ],
        rows,
    )


def _activity_summary(data: _Data) -> Table:
    summary = statistics.summarise_activity(data.sessions, pairs=[str(p.pk) for p in data.pairs])
    attended = sum(a for a, _i in data.joint.values())
    invited = sum(i for _a, i in data.joint.values())
    reached = sum(r for r, _t in data.goals.values())
    total = sum(t for _r, t in data.goals.values())
    share = 100 * attended / invited if invited else None
    rows: list[list[Value]] = [
        [_("Pairs"), len(data.pairs), ""],
        [_("Sessions per pair"), summary.sessions_per_pair, ""],
        [_("Hours per pair"), summary.hours_per_pair, _("h")],
        [_("Attendance at joint meetings"), share, "%"],
        [_("Goals set"), total, ""],
        [_("Goals reached"), reached, ""],
        [_("Share of goals reached"), 100 * reached / total if total else None, "%"],
    ]
    return Table(
        "activity_summary",
        _("Activity of the programme"),
        [Column(_("Figure")), Column(_("Value"), "number"), Column(_("Unit"))],
        rows,
    )


# --- Outcomes ----------------------------------------------------------------------------------


def _services_table(data: _Data) -> Table:
    return Table(
        "services",
        _("Services launched for cluster members"),
        [
            Column(_("Mentee")),
            Column(_("Organisation")),
            Column(_("Service")),
            Column(_("New or improved")),
            Column(_("Launched on")),
        ],
        [
            [
                s.mentee.person.full_name,
                _organisation(s.mentee.person),
                s.title,
                _("new") if s.is_new else _("improved"),
                s.launched_on.isoformat(),
            ]
            for s in data.services
        ],
    )


def _countries(collaboration: CollaborationOutcome) -> list[str]:
    person = collaboration.mentee.person
    own = person.organisation.country.code if person.organisation else person.country.code
    return sorted({own} | {p.country.code for p in collaboration.partners.all()})


def _collaborations_table(data: _Data) -> Table:
    return Table(
        "collaborations",
        _("Collaborations started"),
        [
            Column(_("Organisation")),
            Column(_("Collaboration")),
            Column(_("Kind")),
            Column(_("Level")),
            Column(_("Partners")),
            Column(_("Countries")),
            Column(_("Started on")),
        ],
        [
            [
                _organisation(c.mentee.person),
                c.title,
                str(c.get_kind_display()),
                str(c.get_level_display()),
                ", ".join(p.name for p in c.partners.all()),
                ", ".join(_countries(c)),
                c.started_on.isoformat(),
            ]
            for c in data.collaborations
        ],
    )


def _collaboration_counts(data: _Data) -> Table:
    counts = Counter((c.kind, c.level) for c in data.collaborations)
    rows: list[list[Value]] = []
    for kind in CollaborationKind:
        row = [counts[(kind.value, level.value)] for level in CollaborationLevel]
        rows.append([str(kind.label), *row, sum(row)])
    totals = [
        sum(counts[(k.value, level.value)] for k in CollaborationKind)
        for level in CollaborationLevel
    ]
    rows.append([_("Total"), *totals, sum(totals)])
    return Table(
        "collaboration_counts",
        _("Collaborations by kind and level"),
        [Column(_("Kind"))]
        + [Column(str(level.label), "int") for level in CollaborationLevel]
        + [Column(_("Total"), "int")],
        rows,
        note=_(
            "National: one country. Regional: several South-Mediterranean countries. "
            "EU–MENA international: several countries, not all South-Mediterranean."
        ),
    )


def _ties_table(data: _Data) -> Table:
    """Collaborations between two participants' organisations in different countries."""
    participant_orgs = {
        p.person.organisation_id for p in data.participants if p.person.organisation_id
    }
    rows: list[list[Value]] = []
    for c in data.collaborations:
        own = c.mentee.person.organisation
        if own is None:
            continue
        for partner in c.partners.all():
            if partner.pk in participant_orgs and partner.country_id != own.country_id:
                rows.append(
                    [
                        own.name,
                        own.country.code,
                        partner.name,
                        partner.country.code,
                        str(c.get_kind_display()),
                    ]
                )
    return Table(
        "ties",
        _("Cross-border ties between participant clusters"),
        [
            Column(_("Organisation")),
            Column(_("Country")),
            Column(_("Partner")),
            Column(_("Partner's country")),
            Column(_("Kind")),
        ],
        rows,
    )


# --- Disaggregation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _PersonFigures:
    person: int
    country: str
    role: str
    gender: str
    change: float | None
    attended: int
    invited: int


def _person_change(
    ratings: dict[tuple[str, str], dict[str, dict[str, int]]], key: str
) -> float | None:
    before = ratings.get((Stage.BASELINE, Rater.SELF), {}).get(key, {})
    after = ratings.get((Stage.END, Rater.SELF), {}).get(key, {})
    changes = [after[code] - before[code] for code in before if code in after]
    return sum(changes) / len(changes) if changes else None


def _groups_table(data: _Data) -> Table:
    genders = dict(Gender.choices)
    records = [
        _PersonFigures(
            person=p.person_id,
            country=str(p.person.country),
            role=str(p.get_role_display()),
            gender=str(genders.get(p.person.gender, _("Not stated"))),
            change=_person_change(data.ratings, str(p.pk)) if p.role == Role.MENTEE else None,
            attended=data.joint.get(p.person_id, (0, 0))[0],
            invited=data.joint.get(p.person_id, (0, 0))[1],
        )
        for p in data.participants
    ]
    dimensions: list[tuple[str, Callable[[_PersonFigures], str]]] = [
        (_("Country"), lambda r: r.country),
        (_("Role"), lambda r: r.role),
        (_("Gender"), lambda r: r.gender),
    ]
    rows: list[list[Value]] = []
    for label, group in dimensions:
        figures = statistics.disaggregate(
            records, group=group, person=lambda r: r.person, figure=_group_figures
        )
        for name, value in figures.items():
            if value is statistics.SUPPRESSED:
                rows.append([label, name, statistics.SUPPRESSED, None, None])
            else:
                rows.append([label, name, *value])
    return Table(
        "groups",
        _("Figures by country, role and gender"),
        [
            Column(_("Dimension")),
            Column(_("Group")),
            Column(_("People"), "int"),
            Column(_("Mean change of the self-rating"), "number"),
            Column(_("Attendance at joint meetings"), "percent"),
        ],
        rows,
        note=_(
            "Groups of fewer than %(count)s people are not shown, nor the next smallest group "
            "when that alone would reveal them."
        )
        % {"count": MINIMUM_GROUP},
    )


def _group_figures(records: Sequence[_PersonFigures]) -> list[Value]:
    changes = [r.change for r in records if r.change is not None]
    invited = sum(r.invited for r in records)
    return [
        len({r.person for r in records}),
        sum(changes) / len(changes) if changes else None,
        sum(r.attended for r in records) / invited if invited else None,
    ]


def _surveys_table(programme: Programme) -> Table:
    surveys = list(Survey.objects.filter(programme=programme))
    released = released_survey_results(surveys)
    rows: list[list[Value]] = []
    for survey in surveys:
        results = released.get(survey.pk)
        if results is None:
            rows.append([survey.title, *[statistics.SUPPRESSED] * 3])
        else:
            rows.append([survey.title, results.answers, results.satisfaction, results.usefulness])
    return Table(
        "surveys",
        _("Feedback surveys"),
        [
            Column(_("Survey")),
            Column(_("Answers"), "int"),
            Column(_("Satisfaction (1–5)"), "number"),
            Column(_("Usefulness (1–5)"), "number"),
        ],
        rows,
        note=ngettext(
            "Results are published %(count)s answer at a time, so that comparing two reports "
            "never reveals one person's answer.",
            "Results are published %(count)s answers at a time, so that comparing two reports "
            "never reveals one person's answer.",
            SURVEY_BATCH,
        )
        % {"count": SURVEY_BATCH},
    )


# --- Charts ------------------------------------------------------------------------------------


def _charts(
    report: ImpactReport, data: _Data, results: dict[str, statistics.RaterResults]
) -> list[Chart]:
    def options(chart_id: str, axis_label: str) -> charts.ChartOptions:
        return {
            "direction": report.direction,
            "lang": report.language,
            "chart_id": chart_id,
            "axis_label": axis_label,
        }

    area_names = [str(area) for area in data.areas]
    made = []
    for rater, label in _rater_labels().items():
        bars = []
        for area in data.areas:
            summary = results[rater].areas[area.code]
            interval = summary.interval
            bars.append(
                charts.IntervalBar(
                    str(area),
                    summary.mean_change,
                    interval.low if interval else None,
                    interval.high if interval else None,
                )
            )
        caption = _("Mean change per area with its 95%% confidence interval (%(rater)s)") % {
            "rater": label.lower()
        }
        description = "; ".join(
            f"{bar.label}: {charts.plain_number(bar.value) if bar.value is not None else '–'}"
            for bar in bars
        )
        made.append(
            Chart(
                f"change-{rater}",
                caption,
                charts.interval_bar_chart(
                    bars,
                    title=caption,
                    description=description,
                    **options(f"change-{rater}", _("Change on the 1–5 scale")),
                ),
            )
        )
    series = []
    for rater, label in _rater_labels().items():
        for stage, stage_label in ((Stage.BASELINE, _("baseline")), (Stage.END, _("end"))):
            summaries = [results[rater].areas[area.code] for area in data.areas]
            values = [s.baseline_mean if stage == Stage.BASELINE else s.end_mean for s in summaries]
            series.append(charts.Series(f"{label}, {stage_label}", values))
    caption = _("Mean rating per area at baseline and end, self and mentor side by side")
    made.append(
        Chart(
            "ratings",
            caption,
            charts.grouped_bar_chart(
                area_names,
                series,
                title=caption,
                description=caption,
                **options("ratings", _("Rating (1–5)")) | {"value_range": (0, 5)},
            ),
        )
    )
    counts = Counter((c.kind, c.level) for c in data.collaborations)
    kinds = list(CollaborationKind)
    segments = [
        charts.Series(str(level.label), [counts[(kind.value, level.value)] for kind in kinds])
        for level in CollaborationLevel
    ]
    caption = _("Collaborations by kind and level")
    made.append(
        Chart(
            "collaborations",
            caption,
            charts.stacked_bar_chart(
                [str(kind.label) for kind in kinds],
                segments,
                title=caption,
                description=caption,
                **options("collaborations", _("Collaborations")),
            ),
        )
    )
    return made


def label_for_suppressed(value: Value) -> Value:
    return suppressed_label() if value is statistics.SUPPRESSED else value
