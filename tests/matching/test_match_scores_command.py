"""The ``clusterbridge match_scores`` command, run for real (no database involved)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterbridge", "match_scores", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def scores_file(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes("\ufeffmentee;M1;M2;M3\r\nA;0,5;;0,9\r\nB;1,2;0,3;\r\nC;;;0,4\r\n".encode())
    return path


def test_command_prints_the_optimal_proposal_as_json(scores_file, tmp_path):
    capacities = tmp_path / "cap.csv"
    capacities.write_text("mentor,capacity\nM1,2\n")
    done = run(str(scores_file), "--capacities", str(capacities))
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["pairs"] == [
        {"mentee": "A", "mentor": "M1", "score": 0.5},
        {"mentee": "B", "mentor": "M1", "score": 1.2},
        {"mentee": "C", "mentor": "M3", "score": 0.4},
    ]
    assert document["total_score"] == pytest.approx(2.1)
    assert document["unmatched_mentees"] == []


def test_command_stable_mode_leaves_no_blocking_pair(scores_file):
    done = run(str(scores_file), "--mode", "stable")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["mode"] == "stable"
    assert document["blocking_pairs"] == 0
    assert document["unmatched_mentees"] == ["C"]


def test_malformed_file_exits_with_status_2_and_a_one_line_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("mentee,M1,M2\nA,1,x\n")
    done = run(str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "bad.csv, row 2, column 3: 'x' is not a number" in done.stderr
    assert "Traceback" not in done.stderr


def test_capacity_for_an_unknown_mentor_exits_with_status_2(scores_file, tmp_path):
    capacities = tmp_path / "cap.csv"
    capacities.write_text("mentor,capacity\nM9,2\n")
    done = run(str(scores_file), "--capacities", str(capacities))
    assert done.returncode == 2
    assert "cap.csv, row 2, column 1: unknown mentor 'M9'" in done.stderr


def test_missing_file_exits_with_status_2(tmp_path):
    done = run(str(tmp_path / "absent.csv"))
    assert done.returncode == 2
    assert "absent.csv: cannot read the file" in done.stderr
    assert "Traceback" not in done.stderr


def test_call_command_raises_command_error_with_return_code_2(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match=r"empty\.csv: the file is empty") as error:
        call_command("match_scores", str(path))
    assert error.value.returncode == 2
