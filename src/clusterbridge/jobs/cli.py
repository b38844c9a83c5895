"""The command line's side of jobs: a progress bar on a command's stderr and writing a result
to a file."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import OutputWrapper

from clusterbridge.jobs.registry import JobResult


class ProgressBar:
    """A progress callback for `run_job_here`: one redrawn line on a terminal, one line per
    step otherwise (a log file gets no carriage returns)."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.redraw = stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int | None, label: str) -> None:
        line = f"{self._bar(done, total)} {label}".rstrip()
        if self.redraw:
            self.stream.write(f"\r\033[K{line}", ending="")
        else:
            self.stream.write(line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.redraw and self.drawn:
            self.stream.write("")
            self.stream.flush()

    def _bar(self, done: int, total: int | None) -> str:
        if not total:
            return f"[{done}]"
        filled = self.WIDTH * min(done, total) // total
        return f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"


def write_result(result: JobResult, path: Path) -> None:
    """Writes the job's file to `path` (the command line's output)."""
    if result.content is not None:
        path.write_bytes(result.content)
    elif result.path is not None:
        shutil.move(result.path, path)
