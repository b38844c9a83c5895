"""Locust users for ``bench_load.py``: sign in once, then mix pages and API calls.

The data (programme slug, login e-mails, password, API token, person ids) come from the JSON
file named by LOAD_CONFIG, written by bench_load.py. Requests are named by endpoint so the CSV
stats group e.g. every person page under "person page". LOAD_THINK sets each user's pause
between two requests: 1–3 s for the realistic mix, none to measure the maximum throughput.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

CONFIG: dict[str, Any] = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Every request's name, response time, success and end, so bench_load.py can compute the exact
# p95 and throughput of the pages and API calls without the one-off sign-in (whose password
# hashing is slow on purpose).
SAMPLES: list[tuple[str, float, bool, float]] = []
# Seconds between two requests of one user, "low,high": "1,3" for the mix, "0,0" to saturate.
THINK = [float(part) for part in os.environ.get("LOAD_THINK", "0,0").split(",")]
WORDS = ["Participant", "Cluster", "manager", "Amal", "Sofia", "Karim", "Giulia", "export"]


@events.request.add_listener
def _record(name: str, response_time: float, exception: object, **kwargs: object) -> None:
    SAMPLES.append((name, response_time, exception is None, time.time()))


@events.quitting.add_listener
def _dump(**kwargs: object) -> None:
    if "LOAD_SAMPLES" in os.environ:
        Path(os.environ["LOAD_SAMPLES"]).write_text(json.dumps(SAMPLES), encoding="utf-8")


def _address() -> str:
    number = random.randrange(1, 2**24 - 1)
    return f"10.{number >> 16}.{(number >> 8) & 255}.{number & 255}"


class _SignedIn(HttpUser):
    abstract = True
    wait_time = between(THINK[0], THINK[1])
    role = ""

    def on_start(self) -> None:
        # Every simulated person signs in from an address of their own, passed on by the
        # proxy as in production (bench_load.py trusts one): allauth's limit of 30 sign-ins a
        # minute per address stays on, and 100 people behind one address would trip it.
        self.client.headers["X-Forwarded-For"] = _address()
        page = self.client.get("/accounts/login/", name="login form")
        match = CSRF.search(page.text)
        token = match.group(1) if match else ""
        with self.client.post(
            "/accounts/login/",
            data={
                "login": CONFIG["logins"][self.role],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"{self.role} could not sign in")

    def _person(self) -> None:
        pk = random.randint(CONFIG["people"][0], CONFIG["people"][1])
        self.client.get(f"/people/{pk}/", name="person page")

    def _search(self) -> None:
        self.client.get(f"/directory/?q={random.choice(WORDS)}", name="directory search")


class Manager(_SignedIn):
    """The programme's manager: dashboard, the three big lists, profiles, search and the API."""

    weight = 2
    role = "manager"

    def _page(self, what: str, count: int) -> None:
        page = random.randint(1, max(count // 25, 1))
        self.client.get(
            f"/programmes/{CONFIG['slug']}/{what}/?page={page}", name=f"{what} list page"
        )

    @task(2)
    def home(self) -> None:
        self.client.get("/home/", name="home (dashboard)")

    @task(2)
    def participants(self) -> None:
        self._page("participants", CONFIG["participations"])

    @task(2)
    def pairs(self) -> None:
        self._page("pairs", CONFIG["pairs"])

    @task(2)
    def meetings(self) -> None:
        self._page("meetings", CONFIG["meetings"])

    @task(3)
    def person(self) -> None:
        self._person()

    @task(2)
    def search(self) -> None:
        self._search()

    @task(2)
    def api_pairs(self) -> None:
        offset = random.randint(0, max(CONFIG["pairs"] - 50, 0))
        self.client.get(
            f"/api/v1/programmes/{CONFIG['slug']}/pairs?limit=50&offset={offset}",
            headers={"Authorization": f"Bearer {CONFIG['token']}"},
            name="API pairs (50)",
        )

    @task(1)
    def api_meetings(self) -> None:
        offset = random.randint(0, max(CONFIG["meetings"] - 50, 0))
        self.client.get(
            f"/api/v1/programmes/{CONFIG['slug']}/meetings?limit=50&offset={offset}",
            headers={"Authorization": f"Bearer {CONFIG['token']}"},
            name="API meetings (50)",
        )


class Member(_SignedIn):
    """A mentor, a mentee or a community member: dashboard, calendar, profiles and search."""

    abstract = True

    @task(2)
    def home(self) -> None:
        self.client.get("/home/", name="home (dashboard)")

    @task(1)
    def calendar(self) -> None:
        self.client.get("/calendar/", name="my calendar")

    @task(3)
    def person(self) -> None:
        self._person()

    @task(2)
    def search(self) -> None:
        self._search()


class Mentor(Member):
    role = "mentor"


class Mentee(Member):
    role = "mentee"


class CommunityMember(Member):
    role = "community"


class Bare(HttpUser):
    """The ceiling: the same server answering a view with no query and no template."""

    wait_time = between(THINK[0], THINK[1])

    @task
    def bare(self) -> None:
        self.client.get("/bench/bare/", name="bare Django view")
