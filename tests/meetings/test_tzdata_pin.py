"""Time-zone rules come from the pinned tzdata package, the same on every machine."""

from __future__ import annotations

import importlib.metadata
import tomllib
import zoneinfo
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import clusterbridge  # noqa: F401  (importing the package is what sets the zone path)


def test_zoneinfo_ignores_the_systems_zone_files() -> None:
    assert zoneinfo.TZPATH == ()


def test_casablanca_is_read_from_the_tzdata_package() -> None:
    packaged = resources.files("tzdata.zoneinfo").joinpath("Africa/Casablanca").read_bytes()
    with resources.files("tzdata.zoneinfo").joinpath("Africa/Casablanca").open("rb") as handle:
        from_package = zoneinfo.ZoneInfo.from_file(handle, key="Africa/Casablanca")
    loaded = zoneinfo.ZoneInfo("Africa/Casablanca")
    moment = datetime(2030, 1, 20, 12, tzinfo=UTC)  # during Ramadan 2030: Morocco on UTC+0

    assert packaged.startswith(b"TZif")
    assert moment.astimezone(loaded).utcoffset() == moment.astimezone(from_package).utcoffset()
    assert str(loaded) == "Africa/Casablanca"


def test_pyproject_pins_the_installed_tzdata_exactly() -> None:
    pyproject = tomllib.loads(
        (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    )
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("tzdata")]

    assert pins == [f"tzdata=={importlib.metadata.version('tzdata')}"]
