"""Benchmark the conversation pages: a conversation of 10,000 messages and a person in 500
conversations, against the same pages at 10 messages and 5 conversations (the peer).

    python benchmarks/bench_conversations.py [--quick] [--runs N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cb_bench python benchmarks/...

Without DATABASE_URL it builds a throw-away SQLite database in a temporary data directory.
The rows are inserted in bulk (the services would take minutes for 10,000 messages); each
page is then requested through Django's test client, signed in, `--runs` times after one
warm-up: it reports the number of queries (which must not grow with the data) and the median
and 95th percentile of the wall time (the goal is under 100 ms at the 95th percentile).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _setup(data_dir: str) -> None:
    os.environ["CLUSTERBRIDGE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(messages: int, conversations: int, tag: str) -> tuple[Any, int, int]:
    """A person in ``conversations`` discussion groups, the first holding ``messages``."""
    from django.db import transaction

    from clusterbridge.accounts.models import User
    from clusterbridge.conversations.models import Conversation, Kind, Membership, Message
    from clusterbridge.directory import search
    from clusterbridge.directory.models import Country, Person

    country = Country.objects.get(code="TN")
    with transaction.atomic():
        user = User.objects.create_user(email=f"reader-{tag}@example.org", password="x")
        reader = Person.objects.create(
            full_name=f"Reader {tag}", email=user.email, user=user, country=country
        )
        writer = Person.objects.create(
            full_name=f"Writer {tag}", email=f"writer-{tag}@example.org", country=country
        )
        groups = Conversation.objects.bulk_create(
            Conversation(kind=Kind.COMMUNITY, title=f"Group {tag} {number}")
            for number in range(conversations)
        )
        Membership.objects.bulk_create(
            Membership(conversation=group, person=person)
            for group in groups
            for person in (reader, writer)
        )
        rows = []
        for group_number, group in enumerate(groups):
            for number in range(messages if group_number == 0 else 3):
                body = f"Message {number} about the membership offer of the cluster"
                rows.append(
                    Message(
                        conversation=group,
                        author=writer if number % 2 else reader,
                        body=body,
                        search_text=search.search_text(body),
                    )
                )
        Message.objects.bulk_create(rows, batch_size=2000)
        for group_number, group in enumerate(groups):
            count = messages if group_number == 0 else 3
            Conversation.objects.filter(pk=group.pk).update(
                message_count=count,
                last_message_at=Message.objects.filter(conversation=group)
                .order_by("-sent_at")
                .values("sent_at")[:1],
            )
    newest = Message.objects.filter(conversation=groups[0]).order_by("-pk").values("pk")[0]
    return user, groups[0].pk, newest["pk"]


def _time(client: object, url: str, runs: int) -> tuple[int, float, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # type: ignore[attr-defined]
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context.captured_queries)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return queries, statistics.median(timings), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 messages, 50 conversations")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.db import connection
        from django.test import Client

        big_messages, big_conversations = (1000, 50) if args.quick else (10_000, 500)
        suffix = str(int(time.time()))
        print(
            f"{connection.vendor}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d')}"
        )
        print("| page | peer: queries, median, p95 (ms) | large: queries, median, p95 (ms) |")
        print("|---|---|---|")
        sizes = {"peer": (10, 5), "large": (big_messages, big_conversations)}
        results: dict[str, dict[str, tuple[int, float, float]]] = {}
        for name, (messages, conversations) in sizes.items():
            user, thread, newest = _world(messages, conversations, f"{name}{suffix}")
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            pages = {
                "conversation (last 50 messages)": f"/conversations/{thread}/",
                "polling for new messages": f"/conversations/{thread}/new/?after={newest}",
                "list of conversations": "/conversations/",
                "search in one's conversations": "/conversations/?q=membership+cluster",
                "API: messages, last page": f"/api/v1/conversations/{thread}/messages"
                f"?limit=50&offset={max(0, messages - 50)}",
                "API: conversations": "/api/v1/conversations?limit=50",
            }
            results[name] = {page: _time(client, url, args.runs) for page, url in pages.items()}
        for page in results["peer"]:
            peer, large = results["peer"][page], results["large"][page]
            print(
                f"| {page} | {peer[0]}, {peer[1]:.1f}, {peer[2]:.1f} | "
                f"{large[0]}, {large[1]:.1f}, {large[2]:.1f} |"
            )


if __name__ == "__main__":
    main()
