"""The nightly retention job, run by the periodic scheduler when RETENTION_YEARS is set."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from clusterbridge.directory.services import erase_person
from clusterbridge.programmes.selectors import people_past_retention


@task(queue_name="default")
def retention() -> int:
    """Anonymise the participants of programmes closed RETENTION_YEARS ago (0: nobody), as
    `clusterbridge retention --for-real` does; returns how many. An anonymised person is no
    longer selected, so a second run does nothing."""
    if not settings.RETENTION_YEARS:
        return 0
    people = list(people_past_retention(years=settings.RETENTION_YEARS, today=timezone.localdate()))
    for person in people:
        erase_person(person=person)
    return len(people)
