"""Locust users for ``bench_load.py``: sign in once, then mix pages and API calls.

The data (programme slug, login e-mails, password, API token, person ids) come from the JSON
file named by LOAD_CONFIG, written by bench_load.py. Requests are named by endpoint so the CSV
stats group e.g. every person page under "person page". Users have no think time: each of them
always has one request in flight, so 20 users are 20 concurrent requests.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, constant, task

CONFIG: dict[str, Any] = json.loads(Path(os.environ["LOAD_CONFIG"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORDS = ["Participant", "Cluster", "manager", "Amal", "Sofia", "Karim", "Giulia", "export"]


class _SignedIn(HttpUser):
    abstract = True
    wait_time = constant(0)
    role = ""

    def on_start(self) -> None:
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

    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get("/bench/bare/", name="bare Django view")
