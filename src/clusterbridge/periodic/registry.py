"""The periodic jobs, registered by the apps that own them from their AppConfig.ready().

Each is a django-tasks task (it names its own queue) and a period; the scheduler
(``clusterbridge periodic``) enqueues it once per slot of that period, aligned on the Unix
epoch in UTC (every hour on the hour, every day at midnight UTC).

Registered today: ``journeys`` (meeting and pair-health reminders), ``programmes`` (retention),
``outbox`` (its sweep). Any app in or above ``jobs`` registers the same way from its ready():
``jobs`` for its stale-job recovery and result clean-up, the digests' app for ``send_digests``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django_tasks.base import Task


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task[[], Any]


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, every: timedelta, task: Task[[], Any]) -> None:
    """Run ``task`` (which takes no argument and must be idempotent) once every ``every``."""
    if every < timedelta(minutes=1) or every.total_seconds() % 60:
        raise ValueError(f"{name}: the period must be a whole number of minutes")
    if name in _jobs and _jobs[name].task is not task:
        raise ValueError(f"{name}: two periodic jobs with one name")
    _jobs[name] = PeriodicJob(name=name, every=every, task=task)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)
