"""Scale-out on loopback: two web servers, two workers, PostgreSQL, Redis, one shared file store.

    python scripts/scale_out_check.py [--database-url URL] [--redis-url URL]

Lays out on one machine what docs/deployment.md ("Several machines") describes for several:
``gunicorn`` on two ports and two ``clusterbridge worker`` processes, every one of them with the
same PostgreSQL database, RQ on Redis for the jobs (TASKS_URL), Redis for the cache (CACHE_URL)
and one data directory standing for the shared file storage. Then it checks, over HTTP as a
programme manager would:

1. portfolio PDFs asked for on web server A are run by the workers, both of them taking some,
   and every result downloads from web server B;
2. a worker killed (SIGKILL) in the middle of a job: while the job is taken for running nothing
   downloads, and once the other worker has found it stale it runs it again, once: the job ends
   succeeded after two attempts with one whole PDF.

Exit status 0 when every check passes, 1 with the check that failed. The database named in
``--database-url`` is dropped and created again; the Redis database is flushed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

BIN = Path(sys.executable).parent
SLUG = "cluster-mentoring-reloaded-current"
MANAGER = "laura.puig@clusterbridge.example"
PASSWORD = "demo-clusterbridge"
# Short, so the check need not wait the production default of five minutes for a dead worker.
STALE_SECONDS = 10
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JOB_PATH = re.compile(r"^/jobs/([0-9a-f-]{36})/$")


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Site:
    """The processes of the deployment and what they share."""

    environment: dict[str, str]
    logs: Path
    web: list[subprocess.Popen[bytes]]
    workers: dict[str, subprocess.Popen[bytes]]

    def start_worker(self, name: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.workers[name] = subprocess.Popen(
            [str(BIN / "clusterbridge"), "worker"],
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker_log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in [*self.web, *self.workers.values()]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.web, *self.workers.values()]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


class Browser:
    """A signed-in person's cookies, sent to both web servers (cookies ignore the port)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        token = CSRF.search(self.get(url)[2].decode())
        check(token is not None, f"no form with a CSRF token at {url}")
        assert token is not None
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token.group(1)}).encode()
        return self._open(urllib.request.Request(url, data=data, headers={"Referer": url}))

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _environment(database_url: str, redis_url: str, data_dir: Path) -> dict[str, str]:
    base, _, number = redis_url.rpartition("/")
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASKS_URL": redis_url,
        # The cache (and the sessions in it) in the next Redis database, shared by both servers.
        "CACHE_URL": f"{base}/{int(number) + 1}",
        "CLUSTERBRIDGE_DATA_DIR": str(data_dir),
        "SECRET_KEY": "scale-out-check-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "CLUSTERBRIDGE_DEMO": "1",
        "CLUSTERBRIDGE_REQUIRE_MFA": "false",
        "JOB_STALE_SECONDS": str(STALE_SECONDS),
        "EMAIL_URL": "dummy://",
    }


def _flush_redis(redis_url: str) -> None:
    base, _, number = redis_url.rpartition("/")
    for database in (int(number), int(number) + 1):
        redis.Redis.from_url(f"{base}/{database}").flushdb()


def _wait_until_up(base: str) -> None:
    for _ in range(480):
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise CheckFailed(f"{base} did not answer /health/ within 240 s")


@contextmanager
def deployment(database_url: str, redis_url: str, ports: tuple[int, int]) -> Iterator[Site]:
    with tempfile.TemporaryDirectory(prefix="clusterbridge-scale-") as directory:
        data_dir = Path(directory) / "shared"
        logs = Path(directory) / "logs"
        logs.mkdir()
        environment = _environment(database_url, redis_url, data_dir)
        _recreate_database(database_url)
        _flush_redis(redis_url)
        for command in (["migrate", "--no-input", "-v0"], ["demo_data", "-v0"]):
            subprocess.run(
                [str(BIN / "clusterbridge"), *command], env=environment, check=True, timeout=600
            )
        # A generous timeout: on a busy machine a worker's first imports can take over 30 s.
        gunicorn = [str(BIN / "gunicorn"), "clusterbridge.wsgi", "-w", "2", "--timeout", "120"]
        web = [
            subprocess.Popen(
                [*gunicorn, "-b", f"127.0.0.1:{port}"], env=environment, start_new_session=True
            )
            for port in ports
        ]
        site = Site(environment, logs, web, {})
        try:
            site.start_worker("worker-1")
            site.start_worker("worker-2")
            for port in ports:
                _wait_until_up(f"http://127.0.0.1:{port}")
            yield site
        finally:
            site.stop()


def _sign_in(browser: Browser, base: str) -> None:
    status, headers, _ = browser.post(
        f"{base}/accounts/login/", {"login": MANAGER, "password": PASSWORD}
    )
    check(status == 302 and "/accounts/login/" not in headers.get("Location", ""), "sign-in failed")


def _submit_portfolio(browser: Browser, base: str) -> str:
    status, headers, _ = browser.post(
        f"{base}/programmes/{SLUG}/portfolio/", {"lang": "en", "format": "pdf"}
    )
    found = JOB_PATH.match(headers.get("Location", ""))
    check(status == 303 and found is not None, f"the portfolio form answered {status}, not 303")
    assert found is not None
    return found.group(1)


def _job(database_url: str, job_id: str) -> tuple[str, int]:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT status, attempts FROM jobs_job WHERE id = %s", [job_id]
        ).fetchone()
    check(row is not None, f"job {job_id} is not in the database")
    assert row is not None
    return str(row[0]), int(row[1])


def _wait_for(database_url: str, job_id: str, status: str, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found, attempts = _job(database_url, job_id)
        if found == status:
            return attempts
        check(found != "failed", f"job {job_id} failed")
        time.sleep(0.05)
    raise CheckFailed(f"job {job_id} was not {status} within {seconds:.0f} s")


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`: RQ runs each job in a forked child in its own session."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _kill_machine(process: subprocess.Popen[bytes]) -> None:
    """What a machine's power cut does to a worker: it and the job it runs stop at once."""
    for pid in [process.pid, *_descendants(process.pid)]:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=30)


def _download(browser: Browser, base: str, job_id: str) -> tuple[int, bytes]:
    status, _, body = browser.get(f"{base}/jobs/{job_id}/download")
    return status, body


def check_jobs_cross_servers(site: Site, database_url: str, servers: tuple[str, str]) -> None:
    first, second = servers
    browser = Browser()
    _sign_in(browser, first)
    jobs = [_submit_portfolio(browser, first) for _ in range(6)]
    for job_id in jobs:
        _wait_for(database_url, job_id, "succeeded", 300)
        status, body = _download(browser, second, job_id)
        check(status == 200 and body.startswith(b"%PDF"), f"job {job_id}: {status} on server B")
    for name in site.workers:
        check("Job OK" in site.worker_log(name), f"{name} ran none of the six jobs")
    print("ok: six jobs asked on A, run by both workers, downloaded from B")


def check_killed_worker(site: Site, database_url: str, servers: tuple[str, str]) -> None:
    first, second = servers
    browser = Browser()
    _sign_in(browser, second)
    killed = site.workers["worker-1"]
    spare = site.workers.pop("worker-2")
    os.killpg(spare.pid, signal.SIGTERM)
    spare.wait(timeout=60)
    job_id = _submit_portfolio(browser, second)
    _wait_for(database_url, job_id, "running", 120)
    _kill_machine(killed)
    status, _ = _download(browser, first, job_id)
    check(status == 404, f"a job whose worker was killed downloads ({status})")
    # The dead worker's heartbeat goes stale; a worker starting after that takes the job over.
    time.sleep(STALE_SECONDS + 1)
    site.start_worker("worker-2")
    attempts = _wait_for(database_url, job_id, "succeeded", 300)
    check(attempts == 2, f"the job ran {attempts} times, not twice (once killed, once whole)")
    status, body = _download(browser, first, job_id)
    check(status == 200 and body.startswith(b"%PDF"), "the retried job's PDF does not download")
    time.sleep(3)
    check(_job(database_url, job_id) == ("succeeded", 2), "the job ran again after it succeeded")
    print("ok: a worker killed mid-job; the job was retried once by the other and downloads")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cb_scale_out")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--ports", type=int, nargs=2, default=[8771, 8772])
    args = parser.parse_args()
    servers = (f"http://127.0.0.1:{args.ports[0]}", f"http://127.0.0.1:{args.ports[1]}")
    try:
        with deployment(args.database_url, args.redis_url, tuple(args.ports)) as site:
            check_jobs_cross_servers(site, args.database_url, servers)
            check_killed_worker(site, args.database_url, servers)
    except CheckFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
