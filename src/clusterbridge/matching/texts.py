"""Translated words for the engine's codes: criteria, rules, and reasons as sentences.

The pure modules speak in codes (``reasons.Reason(code, params)``, rule codes, criterion
names); pages, e-mails and the ``match`` command turn them into the reader's language here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

CRITERIA: Mapping[str, Promise] = {
    "needs_expertise": _("Needs and expertise"),
    "sector": _("Sector affinity"),
    "language": _("Common languages"),
    "hours_overlap": _("Common working hours"),
    "wishes": _("Own wishes"),
    "organisation_kind": _("Kind of organisation"),
}

CRITERIA_HELP: Mapping[str, Promise] = {
    "needs_expertise": _(
        "The mentor's expertise on the competence areas the mentee needs, weighted by need."
    ),
    "sector": _("Share of the mentee's sectors the mentor's organisation also works in."),
    "language": _("The best level both speak in one working language."),
    "hours_overlap": _("Common working hours in a week, across time zones and weekends."),
    "wishes": _("How high each ranked the other among their own wishes."),
    "organisation_kind": _("Both organisations are of the same kind (cluster, pole…)."),
}

# Rule codes from reasons.Rule; as a satisfied condition of a pair.
RULES: Mapping[str, Promise] = {
    "cross_border": _("Different countries"),
    "eu_south_med": _("One from the EU, one from the South Mediterranean"),
    "common_language": _("A common working language"),
    "different_organisation": _("Different organisations"),
    "manager_forbid": _("Not forbidden by the programme manager"),
    "mentee_veto": _("Not vetoed by the mentee"),
    "mentor_veto": _("Not vetoed by the mentor"),
}

# The same rules as the reason a pair is not allowed.
BROKEN_RULES: Mapping[str, Promise] = {
    "cross_border": _("they live in the same country"),
    "eu_south_med": _("they are not one from the EU and one from the South Mediterranean"),
    "common_language": _("they share no working language at the required level"),
    "different_organisation": _("they work in the same organisation"),
    "manager_forbid": _("the programme manager forbade this pair"),
    "mentee_veto": _("the mentee vetoed this mentor"),
    "mentor_veto": _("the mentor vetoed this mentee"),
}

# Why no mentor is allowed for a mentee, when one rule excludes every mentor.
NO_MENTOR_BECAUSE: Mapping[str, Promise] = {
    "cross_border": _("every mentor lives in the same country as %(name)s"),
    "eu_south_med": _("no mentor is from the other shore of the Mediterranean"),
    "common_language": _("no mentor shares a working language with %(name)s"),
    "different_organisation": _("every mentor works in the organisation of %(name)s"),
    "manager_forbid": _("the programme manager forbade every mentor for %(name)s"),
    "mentee_veto": _("%(name)s vetoed every mentor"),
    "mentor_veto": _("every mentor vetoed %(name)s"),
}


def criterion_label(name: str) -> str:
    return str(CRITERIA.get(name, name))


def rule_label(code: str) -> str:
    return str(RULES.get(code, code))


def broken_rule(code: str) -> str:
    return str(BROKEN_RULES.get(code, code))


def unmatched_reason(code: str, params: Mapping[str, Any], *, name: str) -> str:
    """One sentence saying why the mentee ``name`` got no mentor."""
    if code == "no_feasible_mentor":
        rules = list(params.get("rules", []))
        if rules:
            parts = [str(NO_MENTOR_BECAUSE.get(rule, rule)) % {"name": name} for rule in rules]
            return gettext("No mentor for %(name)s: %(reasons)s.") % {
                "name": name,
                "reasons": "; ".join(parts),
            }
        counts = {rule: n for rule, n in params.get("excluded_by", {}).items() if n}
        details = ", ".join(f"{rule_label(rule)} ({n})" for rule, n in counts.items())
        return gettext(
            "No mentor for %(name)s: every mentor is excluded by at least one rule "
            "(mentors excluded per rule: %(details)s)."
        ) % {"name": name, "details": details or "–"}
    count = int(params.get("feasible_mentors", 0))
    if code == "feasible_mentors_without_capacity":
        return ngettext(
            "%(count)d mentor is allowed for %(name)s and has no place left.",
            "%(count)d mentors are allowed for %(name)s and have no place left.",
            count,
        ) % {"name": name, "count": count}
    return ngettext(
        "%(count)d mentor is allowed for %(name)s and is matched with another mentee: that "
        "serves the cohort better.",
        "%(count)d mentors are allowed for %(name)s and are matched with other mentees: that "
        "serves the cohort better.",
        count,
    ) % {"name": name, "count": count}


def spare_mentor_reason(code: str, params: Mapping[str, Any], *, name: str) -> str:
    """One sentence saying why the mentor ``name`` keeps free places."""
    spare = int(params.get("spare", 0))
    if code == "no_feasible_mentee":
        return ngettext(
            "%(name)s keeps %(spare)d free place: no mentee is allowed with this mentor.",
            "%(name)s keeps %(spare)d free places: no mentee is allowed with this mentor.",
            spare,
        ) % {"name": name, "spare": spare}
    return ngettext(
        "%(name)s keeps %(spare)d free place: the mentees allowed are better matched with "
        "other mentors.",
        "%(name)s keeps %(spare)d free places: the mentees allowed are better matched with "
        "other mentors.",
        spare,
    ) % {"name": name, "spare": spare}


def drop(score: float, mentees: int) -> str:
    """What the cohort loses: mentees left without a mentor, and total score."""
    parts = []
    if mentees:
        parts.append(
            ngettext(
                "%(count)d more mentee without a mentor",
                "%(count)d more mentees without a mentor",
                mentees,
            )
            % {"count": mentees}
        )
    if score > 1e-9 or not parts:
        parts.append(gettext("%(score)s less total score") % {"score": f"{score:.3f}"})
    return gettext(" and ").join(parts)
