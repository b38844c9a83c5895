"""The pair-health rules, as plain Python over plain values (no Django: testable alone).

`journeys.selectors` reads the facts of each pair from the database, passes the thresholds from
the settings, and turns the rules' answers into flags naming people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# The values of programmes.PairStatus, journeys.Stage, journeys.Rater and journeys.HealthFlag,
# which are str subclasses: a rule's kind compares equal to the model's choice.
CONFIRMED = "confirmed"
BASELINE, MIDTERM, END = "baseline", "midterm", "end"
SELF, MENTOR = "self", "mentor"
NO_SESSION, MENTOR_SILENT, ASSESSMENT_OVERDUE = "no_session", "mentor_silent", "assessment_overdue"

# Days after which each assessment is overdue: after the start, after mid-programme, after
# the end.
ASSESSMENT_GRACE_DAYS = {BASELINE: 30, MIDTERM: 21, END: 21}

# What a pair's mentee has assessed, by (stage, rater), and when.
Done = dict[tuple[str, str], datetime]


@dataclass(frozen=True)
class PairFacts:
    """What the health rules read of one pair, as plain values.

    The pages build it from a loaded pair; the dashboard builds it from one narrow row per pair,
    so that checking a thousand pairs costs two queries and no model instances.
    """

    status: str
    starts_on: date
    ends_on: date
    created_on: date
    last_session_on: date | None
    mentee_last_log: datetime | None
    mentor_last_log: datetime | None
    mentee_accepted_at: datetime | None
    mentor_accepted_at: datetime | None
    # When each side last wrote in the pair's conversation (registered by conversations).
    mentee_last_message: datetime | None = None
    mentor_last_message: datetime | None = None


@dataclass(frozen=True)
class Thresholds:
    """Days without a session, and days a mentee waits for the mentor, before a flag."""

    no_session_days: int
    mentor_silence_days: int


@dataclass(frozen=True)
class FlagRule:
    """A flag without its people: who must act is named by side ("mentor" or "mentee")."""

    kind: str
    occurrence: str
    since: date
    sides: tuple[str, ...]
    stage: str = ""
    rater: str = ""


def due_dates(starts_on: date, ends_on: date) -> dict[str, date]:
    middle = starts_on + (ends_on - starts_on) / 2
    return {
        BASELINE: starts_on + timedelta(days=ASSESSMENT_GRACE_DAYS[BASELINE]),
        MIDTERM: middle + timedelta(days=ASSESSMENT_GRACE_DAYS[MIDTERM]),
        END: ends_on + timedelta(days=ASSESSMENT_GRACE_DAYS[END]),
    }


def flag_rules(
    facts: PairFacts, done: Done, *, now: datetime, thresholds: Thresholds
) -> list[FlagRule]:
    """The health rules, the one place they are written."""
    if facts.status != CONFIRMED:
        return []
    today = now.date()
    flags = []
    if facts.starts_on <= today <= facts.ends_on:
        last = facts.last_session_on or max(facts.starts_on, facts.created_on)
        if (today - last).days >= thresholds.no_session_days:
            flags.append(FlagRule(NO_SESSION, f"since-{last}", last, ("mentor", "mentee")))
        waiting = _mentee_waiting_since(facts, done)
        if waiting and now - waiting >= timedelta(days=thresholds.mentor_silence_days):
            occurrence = f"since-{waiting:%Y%m%dT%H%M%S}"
            flags.append(FlagRule(MENTOR_SILENT, occurrence, waiting.date(), ("mentor",)))
    for stage, due in due_dates(facts.starts_on, facts.ends_on).items():
        if due >= today:
            continue
        for rater, side in ((SELF, "mentee"), (MENTOR, "mentor")):
            if (stage, rater) not in done:
                flags.append(
                    FlagRule(
                        ASSESSMENT_OVERDUE,
                        f"{stage}-{rater}",
                        due,
                        (side,),
                        stage=stage,
                        rater=rater,
                    )
                )
    return flags


def _mentee_waiting_since(facts: PairFacts, done: Done) -> datetime | None:
    """When the mentee last did something the mentor has not followed up since."""
    mentee_moves = [facts.mentee_last_log, facts.mentee_accepted_at, facts.mentee_last_message]
    mentor_moves = [facts.mentor_last_log, facts.mentor_accepted_at, facts.mentor_last_message]
    mentor_moves += [at for (_stage, rater), at in done.items() if rater == MENTOR]
    mentee_last = max((m for m in mentee_moves if m is not None), default=None)
    mentor_last = max((m for m in mentor_moves if m is not None), default=None)
    if mentee_last is None or (mentor_last is not None and mentor_last >= mentee_last):
        return None
    return mentee_last
