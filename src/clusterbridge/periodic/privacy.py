"""The periodic runs hold no personal data."""

from __future__ import annotations

from clusterbridge.common import privacy

privacy.not_personal("periodic.PeriodicRun", reason="a job name and the time it was enqueued")
