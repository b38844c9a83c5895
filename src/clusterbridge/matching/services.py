"""Write services of the matching workflow. One transaction each.

Settings, capacities, locks and forbids belong to the programme manager; wishes and vetoes to
the participants themselves. ``run_matching`` stores a proposal with its explanations;
``confirm_run`` turns it into confirmed pairs and e-mails both people of each new pair.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clusterbridge.accounts.models import User
from clusterbridge.matching import mail
from clusterbridge.matching.cohorts import Solved, load_cohort, solve_cohort
from clusterbridge.matching.explain import analyse, explain_pairs
from clusterbridge.matching.models import (
    ConstraintKind,
    MatchingMode,
    MatchingRun,
    MatchingSettings,
    MatchingWish,
    MentorCapacity,
    PairConstraint,
    WishKind,
)
from clusterbridge.matching.scoring import CRITERIA, resolve_weights
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    Programme,
    ProgrammeStatus,
    Role,
)

# Participants record wishes while the cohort is being formed and matched.
WISH_STATES = frozenset({ProgrammeStatus.RECRUITING, ProgrammeStatus.MATCHING})


def _require_matching_state(programme: Programme) -> None:
    if programme.status != ProgrammeStatus.MATCHING:
        raise ValidationError(
            _("The programme is not in the matching state (it is “%(status)s”)."),
            code="not_matching",
            params={"status": ProgrammeStatus(programme.status).label},
        )


@transaction.atomic
def update_settings(
    *,
    programme: Programme,
    weights: Mapping[str, float],
    cross_border: bool,
    eu_south_med: bool,
    common_language: bool,
    min_language_level: int,
    different_organisation: bool,
    honour_vetoes: bool,
    max_mentors_per_mentee: int,
    default_capacity: int,
    stable_preferences: str,
) -> MatchingSettings:
    """Save the programme's weights and rules (creating its settings row the first time)."""
    try:
        resolved = resolve_weights(weights)
    except ValueError:
        raise ValidationError(
            {"weights": ValidationError(_("Every weight must be a number of 0 or more."))}
        ) from None
    if not any(resolved.values()):
        raise ValidationError(_("At least one weight must be above 0."), code="all_zero")
    settings, _created = MatchingSettings.objects.get_or_create(programme=programme)
    settings.weights = {name: resolved[name] for name in CRITERIA}
    settings.cross_border = cross_border
    settings.eu_south_med = eu_south_med
    settings.common_language = common_language
    settings.min_language_level = min_language_level
    settings.different_organisation = different_organisation
    settings.honour_vetoes = honour_vetoes
    settings.max_mentors_per_mentee = max_mentors_per_mentee
    settings.default_capacity = default_capacity
    settings.stable_preferences = stable_preferences
    settings.full_clean()
    settings.save()
    return settings


def _check_mentor(programme: Programme, mentor: Participation) -> None:
    if mentor.programme_id != programme.pk or mentor.role != Role.MENTOR:
        raise ValidationError(
            {
                "mentor": ValidationError(
                    _("%(person)s is not a mentor of this programme."),
                    params={"person": mentor.person},
                )
            }
        )


def _check_mentee(programme: Programme, mentee: Participation) -> None:
    if mentee.programme_id != programme.pk or mentee.role != Role.MENTEE:
        raise ValidationError(
            {
                "mentee": ValidationError(
                    _("%(person)s is not a mentee of this programme."),
                    params={"person": mentee.person},
                )
            }
        )


@transaction.atomic
def set_mentor_capacity(*, mentor: Participation, capacity: int) -> MentorCapacity:
    """How many mentees this mentor takes (0 keeps them out of the next runs)."""
    _check_mentor(mentor.programme, mentor)
    if not 0 <= capacity <= 20:
        raise ValidationError(
            {"capacity": ValidationError(_("A mentor takes between 0 and 20 mentees."))}
        )
    row, _created = MentorCapacity.objects.update_or_create(
        mentor=mentor, defaults={"capacity": capacity}
    )
    return row


@transaction.atomic
def add_constraint(
    *,
    programme: Programme,
    mentor: Participation,
    mentee: Participation,
    kind: str,
    created_by: User | None,
) -> PairConstraint:
    """Lock (must pair) or forbid (must not pair) a mentor-mentee pair for the next runs.

    Side effect: replaces an earlier decision of the other kind about the same pair. Forbidding
    a pair that is already confirmed is refused (end the pair instead).
    """
    _check_mentor(programme, mentor)
    _check_mentee(programme, mentee)
    if kind not in ConstraintKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose “must pair” or “must not pair”."))}
        )
    if (
        kind == ConstraintKind.FORBID
        and Pair.objects.filter(mentor=mentor, mentee=mentee, status=PairStatus.CONFIRMED).exists()
    ):
        raise ValidationError(
            _("%(mentee)s and %(mentor)s are a confirmed pair: it cannot be forbidden."),
            code="confirmed",
            params={"mentee": mentee.person, "mentor": mentor.person},
        )
    constraint, _created = PairConstraint.objects.update_or_create(
        mentor=mentor,
        mentee=mentee,
        defaults={"programme": programme, "kind": kind, "created_by": created_by},
    )
    return constraint


@transaction.atomic
def remove_constraint(*, constraint: PairConstraint) -> None:
    constraint.delete()


@transaction.atomic
def record_wish(
    *, participation: Participation, other: Participation, kind: str, rank: int | None = None
) -> MatchingWish:
    """A participant's own wish (ranked, 1 = first choice) or veto about the other side.

    Side effects: replaces their earlier wish or veto about the same person; a wish pushes
    their wishes of the same or a lower rank one place down.
    """
    programme = participation.programme
    if programme.status not in WISH_STATES:
        raise ValidationError(
            _("Wishes can be recorded only while the programme recruits or matches."),
            code="closed",
        )
    sides = {Role.MENTEE: Role.MENTOR, Role.MENTOR: Role.MENTEE}
    if (
        participation.role not in sides
        or other.programme_id != participation.programme_id
        or other.role != sides[participation.role]  # type: ignore[index]
    ):
        raise ValidationError(
            {
                "other": ValidationError(
                    _("Choose a person of the other side of this programme."), code="side"
                )
            }
        )
    if kind not in WishKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose a wish or a veto."))})
    if kind == WishKind.WISH and rank is not None and rank < 1:
        raise ValidationError({"rank": ValidationError(_("Give the wish a rank of 1 or more."))})
    earlier = MatchingWish.objects.filter(participation=participation, other=other).first()
    if earlier is not None:
        _delete_wish(earlier)
    wishes = MatchingWish.objects.filter(participation=participation, kind=WishKind.WISH)
    if kind == WishKind.WISH:
        last = wishes.count() + 1
        rank = min(rank or last, last)
        for wish in wishes.filter(rank__gte=rank).order_by("-rank"):
            wish.rank = (wish.rank or 0) + 1
            wish.save(update_fields=["rank"])
    else:
        rank = None
    wish = MatchingWish(participation=participation, other=other, kind=kind, rank=rank)
    wish.full_clean()
    wish.save()
    return wish


@transaction.atomic
def remove_wish(*, wish: MatchingWish) -> None:
    """Delete a wish or veto; the wishes ranked after it move up one place."""
    _delete_wish(wish)


def _delete_wish(wish: MatchingWish) -> None:
    participation, rank = wish.participation, wish.rank
    wish.delete()
    if rank is not None:
        later = MatchingWish.objects.filter(
            participation=participation, kind=WishKind.WISH, rank__gt=rank
        )
        for other in later.order_by("rank"):
            other.rank = (other.rank or 1) - 1
            other.save(update_fields=["rank"])


MatchingProgress = Callable[[int, int, str], None]
MATCHING_STEPS = 3


def _no_progress(done: int, total: int, label: str) -> None:
    pass


@transaction.atomic
def run_matching(
    *,
    programme: Programme,
    mode: str = MatchingMode.OPTIMAL,
    created_by: User | None,
    progress: MatchingProgress = _no_progress,
) -> MatchingRun:
    """Match the programme's accepted mentees and mentors; store the proposal.

    Confirmed and proposed pairs are kept as locks, so a re-run never discards them. Side
    effect: a new MatchingRun (earlier runs are kept as history). `progress(done, total,
    label)` hears of each of the MATCHING_STEPS steps.
    """
    _require_matching_state(programme)
    if mode not in MatchingMode.values:
        raise ValidationError({"mode": ValidationError(_("Unknown matching mode."))})
    progress(0, MATCHING_STEPS, str(_("Reading the mentees and mentors")))
    data = load_cohort(programme)
    if not data.mentees or not data.mentors:
        raise ValidationError(
            _("The programme needs accepted mentees and mentors before matching."),
            code="empty",
        )
    progress(
        1,
        MATCHING_STEPS,
        str(
            ngettext_lazy(
                "Scoring and pairing %(count)d mentee",
                "Scoring and pairing %(count)d mentees",
                "count",
            )
            % {"count": len(data.mentees)}
        ),
    )
    solved = solve_cohort(data, mode=mode)  # type: ignore[arg-type]
    result = solved.result
    progress(2, MATCHING_STEPS, str(_("Explaining the proposed pairs")))
    return MatchingRun.objects.create(
        programme=programme,
        mode=mode,
        created_by=created_by,
        mentees=len(data.mentees),
        mentors=len(data.mentors),
        matched_mentees=result.matched_mentees,
        total_score=result.total_score,
        blocking_pairs=result.blocking_pairs,
        optimal_total=result.optimal_total,
        optimal_matched_mentees=result.optimal_matched_mentees,
        score_given_up=result.score_given_up,
        weights=dict(solved.scores.weights),
        proposals=_proposals(solved),
        unmatched=[
            {"mentee": data.mentees[i].pk, "code": reason.code, "params": dict(reason.params)}
            for i, reason in result.unmatched_reasons.items()
        ],
        spare_mentors=[
            {"mentor": data.mentors[j].pk, "code": reason.code, "params": dict(reason.params)}
            for j, reason in result.spare_mentor_reasons.items()
        ],
    )


def _proposals(solved: Solved) -> list[dict[str, Any]]:
    data, result = solved.data, solved.result
    analysis = analyse(result)
    explanations = explain_pairs(result, cohort_scores=solved.scores, analysis=analysis)
    return [
        {
            "mentee": data.mentees[item.mentee].pk,
            "mentor": data.mentors[item.mentor].pk,
            "score": item.score,
            "locked": item.locked,
            "contributions": dict(item.contributions),
            "rules_satisfied": list(item.rules_satisfied),
            "rules_broken": list(item.rules_broken),
            "regret": None
            if item.regret is None
            else {"score": item.regret.score, "mentees": item.regret.mentees},
        }
        for item in explanations
    ]


@transaction.atomic
def confirm_run(*, run: MatchingRun, confirmed_by: User | None, notify: bool = True) -> list[Pair]:
    """Confirm every pair the run proposes.

    Only the programme's latest run can be confirmed, while the programme is matching. Side
    effects: a confirmed Pair per proposal (a proposed Pair becomes confirmed; confirmed ones
    stay as they are), the run marked confirmed, and, once the transaction commits, an e-mail
    to both people of each newly confirmed pair (unless ``notify`` is False).
    """
    programme = run.programme
    _require_matching_state(programme)
    latest = MatchingRun.objects.filter(programme=programme).latest()
    if latest.pk != run.pk:
        raise ValidationError(
            _("A newer run exists: confirm the latest proposal."), code="outdated"
        )
    ids = {p["mentee"] for p in run.proposals} | {p["mentor"] for p in run.proposals}
    people = Participation.objects.filter(programme=programme, pk__in=ids).select_related("person")
    by_id = {participation.pk: participation for participation in people}
    if len(by_id) != len(ids):
        raise ValidationError(
            _("Someone in this proposal left the programme: run the matcher again."),
            code="outdated",
        )
    existing = {
        (pair.mentee_id, pair.mentor_id): pair for pair in Pair.objects.filter(programme=programme)
    }
    created = []
    for proposal in run.proposals:
        key = (proposal["mentee"], proposal["mentor"])
        pair = existing.get(key)
        if pair is not None and pair.status != PairStatus.PROPOSED:
            continue
        if pair is None:
            pair = programmes.create_pair(
                programme=programme,
                mentor=by_id[proposal["mentor"]],
                mentee=by_id[proposal["mentee"]],
                created_by=confirmed_by,
                status=PairStatus.CONFIRMED,
                score=proposal["score"],
                explanation=_pair_explanation(run, proposal),
            )
        else:
            pair = programmes.change_pair_status(pair=pair, status=PairStatus.CONFIRMED)
        created.append(pair)
    run.confirmed_at = timezone.now()
    run.confirmed_by = confirmed_by
    run.save(update_fields=["confirmed_at", "confirmed_by"])
    if notify and created:
        mail_with_change(partial(mail.send_pair_confirmations, [p.pk for p in created]))
    return created


def _pair_explanation(run: MatchingRun, proposal: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "run": run.pk,
        "mode": run.mode,
        "contributions": proposal["contributions"],
        "rules_satisfied": proposal["rules_satisfied"],
        "rules_broken": proposal["rules_broken"],
        "regret": proposal["regret"],
    }
