"""``clusterbridge match SLUG [--mode] [--json]`` on a real database."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clusterbridge.matching.models import MatchingRun
from tests.matching.conftest import Cohort


def test_json_follows_the_match_scores_contract_with_emails(
    cohort: Cohort, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("match", "spring", "--json")

    document = json.loads(capsys.readouterr().out)
    assert {(p["mentee"], p["mentor"]) for p in document["pairs"]} == {
        ("salma@example.org", "claire@example.org"),
        ("omar@example.org", "lucia@example.org"),
    }
    assert document["total_score"] == pytest.approx(sum(p["score"] for p in document["pairs"]))
    assert document["unmatched_mentees"] == ["lina@example.org"]
    assert set(document["pairs"][0]["explanation"]) == {
        "contributions",
        "rules_satisfied",
        "rules_broken",
        "regret",
    }
    assert document["unmatched_reasons"]["lina@example.org"].startswith("No mentor for Lina")
    assert MatchingRun.objects.get().pk == document["run"]


def test_stable_mode_reports_blocking_pairs_and_score_given_up(
    cohort: Cohort, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("match", "spring", "--mode", "stable", "--json")

    document = json.loads(capsys.readouterr().out)
    assert document["mode"] == "stable"
    assert document["blocking_pairs"] == 0
    assert document["score_given_up"] >= 0


def test_table_output_names_every_pair(cohort: Cohort, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("match", "spring")

    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "mentee",
        "mentor",
        "score",
        "regret",
        "strongest",
        "criterion",
    ]
    assert "salma@example.org" in out
    assert "unmatched lina@example.org: No mentor for Lina" in out


def test_unknown_slug_exits_1(db: None) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("match", "nope")
    assert error.value.returncode == 1


def test_programme_not_matching_exits_1(cohort: Cohort) -> None:
    cohort.programme.status = "running"
    cohort.programme.save()

    with pytest.raises(CommandError, match="not in the matching state") as error:
        call_command("match", "spring")
    assert error.value.returncode == 1
    assert MatchingRun.objects.count() == 0


@pytest.mark.slow
def test_command_exits_1_without_traceback(command_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "match", "nope", "--json"],
        env=command_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "No programme with the slug 'nope'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
