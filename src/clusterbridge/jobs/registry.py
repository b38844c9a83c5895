"""Job kinds: what a job runs, registered by the app that owns the work.

Higher apps register their kinds from their AppConfig.ready() (importing the module that
decorates them), so this app never imports them::

    @job_kind("community.portfolio", title=_("Portfolio"), queue="exports")
    def run(job: Job, progress: Progress) -> JobResult | None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from clusterbridge.common.env import JOB_QUEUES

if TYPE_CHECKING:
    from clusterbridge.jobs.models import Job


class JobFailed(Exception):
    """Raised by a job with a message its requester can act on (translated); any other
    exception is reported to them as an unexpected error and logged with its traceback."""


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a file (bytes, or a path the job wrote) or a page to go to."""

    content: bytes | None = None
    path: Path | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    url: str = ""
    message: str = ""

    @classmethod
    def file(cls, content: bytes, *, filename: str, content_type: str) -> JobResult:
        return cls(content=content, filename=filename, content_type=content_type)

    @classmethod
    def file_at(cls, path: Path, *, filename: str, content_type: str) -> JobResult:
        return cls(path=path, filename=filename, content_type=content_type)

    @classmethod
    def page(cls, url: str, *, message: str = "") -> JobResult:
        return cls(url=url, message=message)

    @property
    def has_file(self) -> bool:
        return self.content is not None or self.path is not None


ProgressCallback = Callable[[int, "int | None", str], None]


class Progress:
    """Handed to a running job: `progress.set(done, total, label)` or `progress.advance()`."""

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback
        self.done = 0
        self.total: int | None = None
        self.label = ""

    def set(self, done: int, total: int | None = None, label: str | Promise = "") -> None:
        self.done = done
        if total is not None:
            self.total = total
        self.label = str(label)
        self._callback(self.done, self.total, self.label)

    def advance(self, steps: int = 1, label: str | Promise | None = None) -> None:
        self.set(self.done + steps, None, self.label if label is None else label)


RunFunction = Callable[["Job", Progress], JobResult | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str | Promise
    queue: str
    run: RunFunction
    max_attempts: int


_kinds: dict[str, JobKind] = {}


class UnknownJobKind(LookupError):
    pass


def job_kind(
    name: str, *, title: str | Promise, queue: str = "default", max_attempts: int = 3
) -> Callable[[RunFunction], RunFunction]:
    """Registers the decorated function as the job kind `name`, run on `queue`."""
    if queue not in JOB_QUEUES:
        raise ValueError(f"job kind {name}: unknown queue {queue!r}; one of {JOB_QUEUES}")

    def register(run: RunFunction) -> RunFunction:
        _kinds[name] = JobKind(name, title, queue, run, max_attempts)
        return run

    return register


def get_kind(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownJobKind(name) from None


def kind_title(name: str) -> str | Promise:
    """The kind's title, or its name for a kind no longer registered (old rows)."""
    kind = _kinds.get(name)
    return kind.title if kind else name
