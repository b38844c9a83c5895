"""Several web servers and workers on one queue: scripts/scale_out_check.py, run on loopback.

Needs PostgreSQL and Redis: it runs in the PostgreSQL pass of `make test` (where CI has both)
and is skipped on SQLite, as the layout it checks has no place for an embedded database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the multi-machine layout runs on PostgreSQL",
)
def test_jobs_cross_web_servers_and_survive_a_killed_worker() -> None:
    if not _redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI but does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    server = settings.DATABASES["default"]
    database_url = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/cb_scale_out"
    script = str(ROOT / "scripts" / "scale_out_check.py")
    queue = "redis://127.0.0.1:6379/12"
    result = subprocess.run(
        [sys.executable, script, "--database-url", database_url, "--redis-url", queue],
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok: six jobs asked on A, run by both workers, downloaded from B" in result.stdout
    assert "ok: a worker killed mid-job; the job was retried once" in result.stdout
