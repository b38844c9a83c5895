"""Fail when pyproject.toml and the lock files (requirements/*.txt) disagree.

Runs offline, so `make test` gives the same answer next month as today: it does not resolve
anything again, it checks that every requirement pyproject.toml states is pinned in each lock
file that must hold it, at a version inside the stated range and with hashes, and that no lock
file pins a package as a direct requirement that pyproject.toml no longer asks for.
`make lock` is the cure for every failure it reports.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)
DIRECT = "clusterbridge (pyproject.toml)"
# Each lock file and the optional-dependency groups it must hold besides the runtime ones.
LOCKS = {"runtime.txt": (), "dev.txt": ("dev",), "bench.txt": ("dev", "bench")}
# The environment the lock is resolved for (scripts/lock.sh: --python-version 3.11).
ENVIRONMENT = {"python_version": "3.11", "python_full_version": "3.11.0", "extra": ""}


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashed: bool
    direct: bool


def parse_lock(text: str) -> list[Pin]:
    pins: list[Pin] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        block = _block_after(lines, index)
        marker = match.group("marker")
        pins.append(
            Pin(
                name=canonicalize_name(match.group("name")),
                version=Version(match.group("version")),
                marker=Marker(marker) if marker else None,
                hashed=any("--hash=sha256:" in row for row in block),
                direct=any(row.strip().lstrip("#").strip() == DIRECT for row in block),
            )
        )
    return pins


def _block_after(lines: list[str], index: int) -> list[str]:
    block = []
    for row in lines[index + 1 :]:
        if PIN.match(row) or not row.startswith((" ", "\t")):
            break
        block.append(row)
    return block


def wanted(pyproject: dict[str, Any], groups: tuple[str, ...]) -> list[Requirement]:
    project = pyproject["project"]
    texts = list(project["dependencies"])
    for group in groups:
        texts += project["optional-dependencies"][group]
    return [Requirement(text) for text in texts]


def problems(pyproject: dict[str, Any], lock_name: str, lock_text: str) -> list[str]:
    groups = LOCKS[lock_name]
    requirements = wanted(pyproject, groups)
    pins = parse_lock(lock_text)
    found: list[str] = []
    for requirement in requirements:
        if requirement.marker and not requirement.marker.evaluate(ENVIRONMENT):
            continue
        name = canonicalize_name(requirement.name)
        versions = [
            pin.version
            for pin in pins
            if pin.name == name and (pin.marker is None or pin.marker.evaluate(ENVIRONMENT))
        ]
        if not versions:
            found.append(f"{lock_name}: {requirement} is not pinned")
        found += [
            f"{lock_name}: {name}=={version} is outside {requirement}"
            for version in versions
            if not requirement.specifier.contains(version, prereleases=True)
        ]
    asked = {canonicalize_name(requirement.name) for requirement in requirements}
    found += [
        f"{lock_name}: {pin.name} is pinned as a direct requirement"
        " that pyproject.toml no longer has"
        for pin in pins
        if pin.direct and pin.name not in asked
    ]
    found += [f"{lock_name}: {pin.name} has no hash" for pin in pins if not pin.hashed]
    return found


def main() -> int:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[str] = []
    for lock_name in LOCKS:
        path = ROOT / "requirements" / lock_name
        if not path.exists():
            found.append(f"{lock_name}: missing")
            continue
        found += problems(pyproject, lock_name, path.read_text(encoding="utf-8"))
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("pyproject.toml and the lock disagree: run `make lock`.", file=sys.stderr)
        return 1
    print("lock: pyproject.toml and requirements/*.txt agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
