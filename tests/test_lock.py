"""The lock files agree with pyproject.toml, and the check that says so can fail."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _check_lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module is being executed.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock(name: str) -> str:
    return (ROOT / "requirements" / name).read_text(encoding="utf-8")


def test_every_lock_file_agrees_with_pyproject() -> None:
    check = _check_lock()

    found = [
        problem
        for name in check.LOCKS
        for problem in check.problems(_pyproject(), name, _lock(name))
    ]

    assert found == []


def test_a_range_the_locked_version_leaves_is_reported() -> None:
    check = _check_lock()
    pyproject = _pyproject()
    pyproject["project"]["dependencies"] = [
        "Django>=6.0" if requirement.startswith("Django") else requirement
        for requirement in pyproject["project"]["dependencies"]
    ]

    found = check.problems(pyproject, "runtime.txt", _lock("runtime.txt"))

    assert len(found) == 1
    assert found[0].startswith("runtime.txt: django==5.2.")
    assert found[0].endswith("is outside Django>=6.0")


def test_a_new_requirement_missing_from_the_lock_is_reported() -> None:
    check = _check_lock()
    pyproject = _pyproject()
    pyproject["project"]["optional-dependencies"]["dev"].append("left-pad>=1")

    found = check.problems(pyproject, "dev.txt", _lock("dev.txt"))

    assert found == ["dev.txt: left-pad>=1 is not pinned"]


def test_a_dropped_direct_requirement_is_reported() -> None:
    check = _check_lock()
    pyproject = _pyproject()
    pyproject["project"]["dependencies"] = [
        requirement
        for requirement in pyproject["project"]["dependencies"]
        if not requirement.startswith("openpyxl")
    ]

    found = check.problems(pyproject, "runtime.txt", _lock("runtime.txt"))

    assert found == [
        "runtime.txt: openpyxl is pinned as a direct requirement that pyproject.toml no longer has"
    ]


def test_a_pin_without_hashes_is_reported() -> None:
    check = _check_lock()
    unhashed = "# header\nsix==1.16.0\n    # via\n    #   clusterbridge (pyproject.toml)\n"

    pins = check.parse_lock(unhashed)

    assert [(pin.name, pin.hashed, pin.direct) for pin in pins] == [("six", False, True)]
