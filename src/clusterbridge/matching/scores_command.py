"""``clusterbridge match_scores``: its arguments and its run, with no Django (pure Python).

The management command (``call_command("match_scores", ...)``) and the ``clusterbridge``
entry point share this module. The entry point runs it without setting Django up: the
command reads two files and touches neither the database nor the settings, and setting
Django up (every app, its models, allauth, the admin) cost more than reading and solving a
2,000 x 2,000 file (docs/performance.md, "match_scores against pandas + scipy").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .scores_csv import ScoresFileError, match_scores, read_capacities, read_scores

HELP = "Propose mentee-mentor pairs from a score matrix CSV and print them as JSON."
BAD_FILE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scores", type=Path, help="CSV: header mentee,<mentor id>,...")
    parser.add_argument("--capacities", type=Path, help="CSV: header mentor,capacity")
    parser.add_argument("--mode", choices=["optimal", "stable"], default="optimal")


def proposal(options: dict[str, Any]) -> str:
    """The JSON document; a defect in a file raises ``scores_csv.ScoresFileError``."""
    table = read_scores(options["scores"])
    capacities = (
        read_capacities(options["capacities"], mentor_ids=table.mentor_ids)
        if options["capacities"]
        else None
    )
    document = match_scores(table, capacities=capacities, mode=options["mode"])
    return json.dumps(document, ensure_ascii=False)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="clusterbridge match_scores", description=HELP)
    add_arguments(parser)
    try:
        document = proposal(vars(parser.parse_args(argv)))
    except ScoresFileError as error:
        # The very line Django's CommandError gave before this path skipped Django.
        sys.stderr.write(f"CommandError: {error}\n")
        return BAD_FILE
    sys.stdout.write(document + "\n")
    return 0
