"""A programme's cohort as the matching engine sees it: ORM rows in, plain arrays out.

``load_cohort(programme)`` reads the accepted mentees and mentors with everything the scores
need (competences, sectors, languages, working weeks, wishes and vetoes) plus the manager's
locks, forbids and capacities, in a fixed number of queries. ``solve_cohort`` scores and solves
it. Row ``k`` of every array is ``mentees[k]`` / ``mentors[k]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clusterbridge.competences.models import CompetenceArea, CompetenceKind, PersonCompetence
from clusterbridge.directory.models import LANGUAGE_LEVEL_RANK, OrganisationKind, PersonLanguage
from clusterbridge.matching.models import (
    ConstraintKind,
    MatchingSettings,
    MatchingWish,
    PairConstraint,
    Preferences,
    WishKind,
)
from clusterbridge.matching.scoring import (
    Cohort,
    CohortScores,
    HardRules,
    Participants,
    hour_mask,
    score_cohort,
)
from clusterbridge.matching.solver import MatchResult, Mode, solve
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    Programme,
    Role,
)

# Working hours used for the overlap criterion: 09:00-17:00 local time on working days.
WORK_START, WORK_END = 9, 17
ENGINE_TOP_LANGUAGE_LEVEL = 6  # the engine's scale: A1 = 1 ... C2 = 6; native counts as C2
KINDS = list(OrganisationKind.values)


@dataclass(frozen=True)
class CohortData:
    programme: Programme
    settings: MatchingSettings
    mentees: list[Participation]
    mentors: list[Participation]
    cohort: Cohort
    rules: HardRules
    forbidden: list[tuple[int, int]]
    locks: list[tuple[int, int]]
    capacities: npt.NDArray[np.int64]
    existing_pairs: dict[tuple[int, int], Pair]

    def mentee_index(self, participation_id: int) -> int | None:
        return _index(self.mentees, participation_id)

    def mentor_index(self, participation_id: int) -> int | None:
        return _index(self.mentors, participation_id)


@dataclass(frozen=True)
class Solved:
    data: CohortData
    scores: CohortScores
    result: MatchResult


def settings_of(programme: Programme) -> MatchingSettings:
    """The programme's settings, or unsaved defaults when the manager never changed them."""
    found = MatchingSettings.objects.filter(programme=programme).first()
    return found if found is not None else MatchingSettings(programme=programme)


def cohort_participations(programme: Programme) -> tuple[list[Participation], list[Participation]]:
    """Accepted mentees and mentors, by name, with the profile rows the scores read."""
    rows = (
        Participation.objects.accepted()
        .in_pairs()
        .filter(programme=programme)
        .select_related(
            "person__country", "person__organisation", "person__user", "matching_capacity"
        )
        .prefetch_related(
            Prefetch("person__languages", queryset=PersonLanguage.objects.order_by("language")),
            "person__organisation__sectors",
        )
        .order_by("person__full_name", "pk")
    )
    mentees: list[Participation] = []
    mentors: list[Participation] = []
    for participation in rows:
        (mentees if participation.role == Role.MENTEE else mentors).append(participation)
    return mentees, mentors


def load_cohort(programme: Programme) -> CohortData:
    """Everything the engine needs about the programme's cohort.

    Raises ValidationError when the locks cannot all hold (more locked or confirmed pairs
    than a mentor's places, or than a mentee may have mentors).
    """
    settings = settings_of(programme)
    mentees, mentors = cohort_participations(programme)
    _check_one_side(mentees, mentors)
    columns = _columns(programme, [*mentees, *mentors])
    wishes, vetoes = _wishes(mentees, mentors)
    cohort = Cohort(
        mentees=_participants(mentees, CompetenceKind.NEED, wishes[0], vetoes[0], columns),
        mentors=_participants(mentors, CompetenceKind.EXPERTISE, wishes[1], vetoes[1], columns),
    )
    existing = _existing_pairs(programme, mentees, mentors)
    forbidden, locks = _constraints(programme, mentees, mentors, existing)
    capacities = _capacities(settings, mentors, existing)
    _check_locks(settings, mentees, mentors, locks, capacities)
    return CohortData(
        programme=programme,
        settings=settings,
        mentees=mentees,
        mentors=mentors,
        cohort=cohort,
        rules=HardRules(
            cross_border=settings.cross_border,
            eu_south_med=settings.eu_south_med,
            common_language=settings.common_language,
            min_language_level=settings.min_language_level,
            different_organisation=settings.different_organisation,
            honour_vetoes=settings.honour_vetoes,
        ),
        forbidden=forbidden,
        locks=locks,
        capacities=capacities,
        existing_pairs=existing,
    )


def _check_one_side(mentees: list[Participation], mentors: list[Participation]) -> None:
    # The services refuse it; rows written before they did would let the engine pair someone
    # with herself.
    mentor_ids = {participation.person_id for participation in mentors}
    both = [p.person.full_name for p in mentees if p.person_id in mentor_ids]
    if both:
        raise ValidationError(
            _(
                "Nobody can be both mentee and mentor of one programme; withdraw one of the "
                "two participations of: %(names)s."
            ),
            code="both_sides",
            params={"names": ", ".join(both)},
        )


def solve_cohort(data: CohortData, *, mode: Mode) -> Solved:
    scores = score_cohort(
        data.cohort,
        weights=data.settings.weights or {},
        rules=data.rules,
        forbidden_pairs=data.forbidden,
    )
    mentee_prefs = mentor_prefs = None
    if data.settings.stable_preferences == Preferences.WISHES:
        mentee_prefs = _wish_first(scores.total, data.cohort.mentees.wishes)
        mentor_prefs = _wish_first(scores.total.T, data.cohort.mentors.wishes).T
    result = solve(
        scores.total,
        feasible=scores.feasible,
        capacities=data.capacities,
        locks=data.locks,
        mode=mode,
        max_mentors_per_mentee=data.settings.max_mentors_per_mentee,
        reasons=scores.reasons,
        mentee_prefs=mentee_prefs,
        mentor_prefs=mentor_prefs,
    )
    return Solved(data, scores, result)


def working_hours(
    time_zone: str, weekend_days: Iterable[int], monday: date
) -> npt.NDArray[np.bool_]:
    """168-slot UTC week (Monday 00:00 UTC = 0) of 09:00-17:00 local on working days."""
    return hour_mask(_working_hours(time_zone, tuple(sorted(weekend_days)), monday))


@lru_cache(maxsize=512)
def _working_hours(time_zone: str, weekend: tuple[int, ...], monday: date) -> tuple[int, ...]:
    zone = ZoneInfo(time_zone)
    week_start = datetime.combine(monday, time(), tzinfo=UTC)
    hours = []
    for day in range(7):
        if day in weekend:
            continue
        local_day = monday + timedelta(days=day)
        for hour in range(WORK_START, WORK_END):
            local = datetime.combine(local_day, time(hour), tzinfo=zone)
            offset = (local.astimezone(UTC) - week_start) // timedelta(hours=1)
            hours.append(offset % 168)
    return tuple(hours)


def _index(people: Sequence[Participation], participation_id: int) -> int | None:
    for index, participation in enumerate(people):
        if participation.pk == participation_id:
            return index
    return None


def _competences(person_ids: list[int]) -> dict[tuple[int, str], dict[int, int]]:
    """(person id, kind) -> {area id: level}."""
    found: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for person_id, area_id, kind, level in PersonCompetence.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "area_id", "kind", "level"):
        found[(person_id, kind)][area_id] = level
    return found


@dataclass(frozen=True)
class _Columns:
    """What the columns of the cohort's arrays stand for, shared by both sides."""

    areas: list[int]
    languages: list[str]
    sectors: list[int]
    competences: dict[tuple[int, str], dict[int, int]]
    monday: date  # of the representative week for working hours


def _columns(programme: Programme, people: list[Participation]) -> _Columns:
    languages = {row.language for p in people for row in p.person.languages.all()}
    sectors = {
        sector.pk
        for p in people
        if p.person.organisation is not None
        for sector in p.person.organisation.sectors.all()
    }
    return _Columns(
        areas=list(CompetenceArea.objects.order_by("order", "code").values_list("pk", flat=True)),
        languages=sorted(languages),
        sectors=sorted(sectors),
        competences=_competences([p.person_id for p in people]),
        monday=programme.starts_on - timedelta(days=programme.starts_on.weekday()),
    )


def _participants(
    people: list[Participation],
    kind: str,
    wishes: list[list[int]],
    vetoes: list[list[int]],
    columns: _Columns,
) -> Participants:
    n = len(people)
    areas, sectors, languages = columns.areas, columns.sectors, columns.languages
    competence = np.zeros((n, len(areas)), dtype=np.int8)
    sector = np.zeros((n, len(sectors)), dtype=bool)
    language = np.zeros((n, len(languages)), dtype=np.int8)
    hours = np.zeros((n, 168), dtype=bool)
    area_column = {area: k for k, area in enumerate(areas)}
    sector_column = {s: k for k, s in enumerate(sectors)}
    language_column = {code: k for k, code in enumerate(languages)}
    for row, participation in enumerate(people):
        person = participation.person
        for area, level in columns.competences.get((person.pk, kind), {}).items():
            competence[row, area_column[area]] = level
        if person.organisation is not None:
            for s in person.organisation.sectors.all():
                sector[row, sector_column[s.pk]] = True
        for spoken in person.languages.all():
            language[row, language_column[spoken.language]] = min(
                LANGUAGE_LEVEL_RANK.get(spoken.level, 0), ENGINE_TOP_LANGUAGE_LEVEL
            )
        hours[row] = working_hours(person.time_zone, person.country.weekend_days, columns.monday)
    return Participants(
        ids=[str(p.pk) for p in people],
        competences=competence,
        sectors=sector,
        languages=language,
        hours=hours,
        countries=np.array([p.person.country.code for p in people], dtype="U2"),
        regions=np.array([p.person.country.region for p in people], dtype=object),
        organisations=np.array(
            [p.person.organisation_id if p.person.organisation_id else -1 for p in people],
            dtype=np.int64,
        ),
        organisation_kinds=np.array(
            [
                KINDS.index(p.person.organisation.kind if p.person.organisation else "other")
                for p in people
            ],
            dtype=np.int64,
        ),
        wishes=wishes,
        vetoes=vetoes,
    )


Lists = tuple[list[list[int]], list[list[int]]]


def _wishes(mentees: list[Participation], mentors: list[Participation]) -> tuple[Lists, Lists]:
    """Per side, each participant's wishes (best first) and vetoes as indices of the other."""
    own = {p.pk: (0, k) for k, p in enumerate(mentees)} | {
        p.pk: (1, k) for k, p in enumerate(mentors)
    }
    wishes: Lists = ([[] for _ in mentees], [[] for _ in mentors])
    vetoes: Lists = ([[] for _ in mentees], [[] for _ in mentors])
    rows = MatchingWish.objects.filter(participation_id__in=list(own)).order_by(
        "participation_id", "rank", "pk"
    )
    for wish in rows:
        side, row = own[wish.participation_id]
        other_side, column = own.get(wish.other_id, (side, -1))
        if other_side == side:  # about someone who left the cohort, or of the same side
            continue
        target = wishes if wish.kind == WishKind.WISH else vetoes
        target[side][row].append(column)
    return wishes, vetoes


def _existing_pairs(
    programme: Programme, mentees: list[Participation], mentors: list[Participation]
) -> dict[tuple[int, int], Pair]:
    mentee_row = {p.pk: k for k, p in enumerate(mentees)}
    mentor_row = {p.pk: k for k, p in enumerate(mentors)}
    found = {}
    for pair in Pair.objects.filter(programme=programme):
        i, j = mentee_row.get(pair.mentee_id), mentor_row.get(pair.mentor_id)
        if i is not None and j is not None:
            found[(i, j)] = pair
    return found


def _constraints(
    programme: Programme,
    mentees: list[Participation],
    mentors: list[Participation],
    existing: dict[tuple[int, int], Pair],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Forbidden pairs and locks. Confirmed and proposed pairs are locks; ended pairs are
    forbidden (the two already worked together)."""
    mentee_row = {p.pk: k for k, p in enumerate(mentees)}
    mentor_row = {p.pk: k for k, p in enumerate(mentors)}
    forbidden: set[tuple[int, int]] = set()
    locks: set[tuple[int, int]] = set()
    for constraint in PairConstraint.objects.filter(programme=programme):
        i, j = mentee_row.get(constraint.mentee_id), mentor_row.get(constraint.mentor_id)
        if i is None or j is None:
            continue
        (locks if constraint.kind == ConstraintKind.LOCK else forbidden).add((i, j))
    for key, pair in existing.items():
        if pair.status == PairStatus.ENDED:
            forbidden.add(key)
        else:
            locks.add(key)
            forbidden.discard(key)
    return sorted(forbidden), sorted(locks)


def _capacities(
    settings: MatchingSettings,
    mentors: list[Participation],
    existing: dict[tuple[int, int], Pair],
) -> npt.NDArray[np.int64]:
    capacities = np.array(
        [_capacity_of(mentor, settings.default_capacity) for mentor in mentors], dtype=np.int64
    )
    # Confirmed pairs are facts: a lowered capacity never undoes them.
    confirmed = [j for (_, j), pair in existing.items() if pair.status == PairStatus.CONFIRMED]
    return np.maximum(capacities, np.bincount(confirmed, minlength=len(mentors)))


def _capacity_of(mentor: Participation, default: int) -> int:
    try:
        return int(mentor.matching_capacity.capacity)
    except Participation.matching_capacity.RelatedObjectDoesNotExist:
        return default


def _check_locks(
    settings: MatchingSettings,
    mentees: list[Participation],
    mentors: list[Participation],
    locks: list[tuple[int, int]],
    capacities: npt.NDArray[np.int64],
) -> None:
    per_mentor = np.bincount([j for _, j in locks], minlength=len(mentors))
    for j in np.flatnonzero(per_mentor > capacities):
        raise ValidationError(
            ngettext_lazy(
                "%(person)s can take %(places)d mentee but has more locked or existing pairs "
                "(%(locked)d): raise the capacity or remove a lock.",
                "%(person)s can take %(places)d mentees but has more locked or existing pairs "
                "(%(locked)d): raise the capacity or remove a lock.",
                "places",
            ),
            code="too_many_locks",
            params={
                "person": mentors[j].person.full_name,
                "locked": int(per_mentor[j]),
                "places": int(capacities[j]),
            },
        )
    per_mentee = np.bincount([i for i, _ in locks], minlength=len(mentees))
    for i in np.flatnonzero(per_mentee > settings.max_mentors_per_mentee):
        raise ValidationError(
            _("%(person)s is locked to more mentors than a mentee may have."),
            code="too_many_locks",
            params={"person": mentees[i].person.full_name},
        )


def _wish_first(
    scores: npt.NDArray[np.float64], wishes: Sequence[Sequence[int]]
) -> npt.NDArray[np.float64]:
    """Preferences: a person's ranked wishes first (in their order), then everyone by score."""
    prefs = scores.copy()
    if not wishes:
        return prefs
    lift = 2.0 * float(np.abs(scores).max(initial=0.0)) + 1.0
    for row, ranked in enumerate(wishes):
        for rank, column in enumerate(ranked):
            prefs[row, column] += lift * (len(ranked) - rank)
    return prefs
