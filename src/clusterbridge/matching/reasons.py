"""Structured reasons why a pair is forbidden or a participant stays unmatched.

Pure Python + numpy (no Django): the services layer translates ``Reason.code`` and
``Reason.params`` into a sentence in the user's language, e.g. ``Reason("no_feasible_mentor",
{"rules": ["common_language"], ...})`` -> "no mentor shares a working language with X".

Public API
----------
``Rule``
    ``IntFlag`` of hard rules. A pair's reason mask (``uint8``) has a bit set for every rule
    that forbids the pair; ``0`` means the pair is allowed.
``rule_codes(mask) -> list[str]``
    Lower-case codes of the bits set in ``mask`` (``"cross_border"``, ``"mentor_veto"``...).
``Reason(code, params)``
    A frozen dataclass; ``params`` only holds JSON-friendly values.
``unmatched_mentee_reason(...)`` and ``spare_mentor_reason(...)``
    Why a mentee got no mentor / why a mentor keeps unused capacity.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


class Rule(enum.IntFlag):
    """Hard rules; a set bit in a pair's mask means the rule forbids that pair."""

    CROSS_BORDER = 1  # both in the same country
    EU_SOUTH_MED = 2  # not one EU and one South-Med participant
    COMMON_LANGUAGE = 4  # no working language shared at the minimum level
    DIFFERENT_ORGANISATION = 8  # both from the same organisation
    MANAGER_FORBID = 16
    MENTEE_VETO = 32
    MENTOR_VETO = 64


ALL_RULES: tuple[Rule, ...] = tuple(Rule)


def rule_codes(mask: int) -> list[str]:
    """Codes of the rules whose bits are set in ``mask``, in declaration order."""
    return [_code(rule) for rule in ALL_RULES if int(mask) & rule]


def _code(rule: Rule) -> str:
    assert rule.name is not None
    return rule.name.lower()


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def rule_counts(masks: npt.NDArray[np.uint8]) -> dict[str, int]:
    """How many of the given pair masks each rule forbids (a pair may count for several)."""
    return {_code(rule): int(np.count_nonzero(masks & rule)) for rule in ALL_RULES}


def unmatched_mentee_reason(
    *,
    masks: npt.NDArray[np.uint8] | None,
    feasible: npt.NDArray[np.bool_],
    open_capacity: npt.NDArray[np.bool_],
) -> Reason:
    """Why one mentee is unmatched, given its row of masks / feasibility.

    ``open_capacity[j]`` tells whether mentor ``j`` had any capacity left for this mentee
    (capacity above zero and not entirely taken by locks).
    """
    candidates = feasible & open_capacity
    if not feasible.any():
        params: dict[str, Any] = {"mentors": int(feasible.size)}
        if masks is not None and masks.size:
            # Rules forbidding *every* mentor are the sentence to show first.
            params["rules"] = rule_codes(int(np.bitwise_and.reduce(masks)))
            params["excluded_by"] = rule_counts(masks)
        return Reason("no_feasible_mentor", params)
    if not candidates.any():
        feasible_count = int(feasible.sum())
        return Reason("feasible_mentors_without_capacity", {"feasible_mentors": feasible_count})
    return Reason("feasible_mentors_taken", {"feasible_mentors": int(candidates.sum())})


def spare_mentor_reason(*, feasible: npt.NDArray[np.bool_], spare: int) -> Reason:
    """Why a mentor keeps ``spare`` unused places, given its column of feasibility."""
    if not feasible.any():
        return Reason("no_feasible_mentee", {"spare": spare})
    return Reason("feasible_mentees_matched_elsewhere", {"spare": spare})
