"""``clusterbridge match SLUG [--mode optimal|stable] [--json]``.

Runs the matcher on a programme in the matching state and stores the proposal (a
MatchingRun, as the matching page does), then prints it as a table or as JSON with the
``match_scores`` contract keys (``pairs`` of mentee/mentor e-mail addresses and ``score``,
``total_score``, ``unmatched_mentees``) plus explanations. Exit status 1, with a message and
no traceback, for an unknown slug or a programme that is not matching.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.jobs.cli import ProgressBar
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.matching import selectors, texts
from clusterbridge.matching.jobs import RUN_MATCHING
from clusterbridge.matching.models import MatchingRun
from clusterbridge.programmes.models import Programme


class Command(BaseCommand):
    help = "Propose mentor-mentee pairs for a programme in the matching state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name in addresses")
        parser.add_argument("--mode", choices=["optimal", "stable"], default="optimal")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["slug"]).first()
        if programme is None:
            raise CommandError(f"No programme with the slug '{options['slug']}'.", returncode=1)
        bar = ProgressBar(self.stderr)
        try:
            run_job_here(
                kind=RUN_MATCHING,
                params={"programme": programme.pk, "mode": options["mode"]},
                progress_callback=bar,
            )
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        run = selectors.latest_run(programme)
        assert run is not None
        document = run_document(run)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_table(document))


def run_document(run: MatchingRun) -> dict[str, Any]:
    """The stored run as JSON: the match_scores contract keys, then figures and reasons."""
    view = selectors.run_view(run, sort="mentee")
    by_key = {(p["mentee"], p["mentor"]): p for p in run.proposals}
    pairs = []
    for proposal in view.proposals:
        stored = by_key[(proposal.mentee.pk, proposal.mentor.pk)]
        pairs.append(
            {
                "mentee": proposal.mentee.person.email,
                "mentor": proposal.mentor.person.email,
                "score": proposal.score,
                "locked": proposal.locked,
                "explanation": {
                    "contributions": stored["contributions"],
                    "rules_satisfied": stored["rules_satisfied"],
                    "rules_broken": stored["rules_broken"],
                    "regret": stored["regret"],
                },
            }
        )
    return {
        "pairs": pairs,
        "total_score": run.total_score,
        "unmatched_mentees": [item.participation.person.email for item in view.unmatched],
        "mode": run.mode,
        "run": run.pk,
        "matched_mentees": run.matched_mentees,
        "blocking_pairs": run.blocking_pairs,
        "optimal_total": run.optimal_total,
        "optimal_matched_mentees": run.optimal_matched_mentees,
        "score_given_up": run.score_given_up,
        "weights": run.weights,
        "unmatched_reasons": {
            item.participation.person.email: item.reason for item in view.unmatched
        },
    }


def _table(document: dict[str, Any]) -> str:
    rows = [("mentee", "mentor", "score", "regret", "strongest criterion")]
    for pair in document["pairs"]:
        explanation = pair["explanation"]
        regret = explanation["regret"]
        contributions = explanation["contributions"]
        strongest = max(contributions, key=contributions.get) if contributions else ""
        rows.append(
            (
                pair["mentee"],
                pair["mentor"],
                f"{pair['score']:.3f}",
                "locked" if pair["locked"] else "-" if regret is None else f"{regret['score']:.3f}",
                texts.criterion_label(strongest) if strongest else "",
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.append("")
    lines.append(
        f"{document['mode']} run {document['run']}: mentees matched "
        f"{document['matched_mentees']}, total score {document['total_score']:.3f}, "
        f"blocking pairs {document['blocking_pairs']}"
        + (
            f", score given up against the optimum {document['score_given_up']:.3f}"
            if document["mode"] == "stable" and document["score_given_up"] is not None
            else ""
        )
    )
    for email, reason in document["unmatched_reasons"].items():
        lines.append(f"unmatched {email}: {reason}")
    return "\n".join(line.rstrip() for line in lines)
