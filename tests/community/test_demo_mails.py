"""The demo mails nobody: it builds its own demo, since it must catch what the build queues."""

from __future__ import annotations

import pytest

from clusterbridge.community.models import Notification
from clusterbridge.demo.programme import build_demo
from clusterbridge.directory.models import Person
from clusterbridge.directory.services import update_person

pytestmark = pytest.mark.django_db


def test_demo_notifies_in_the_app_but_mails_nobody_even_with_a_real_mail_server(
    smtp,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        build_demo()
        # The consents are read when the mail leaves, after the commit: consenting now would
        # let any news mail the demo queued through to the inbox.
        for person in Person.objects.all():
            update_person(person=person, emails_consent=True)
    assert Notification.objects.count() == 5  # four interests and one answer
    assert smtp.messages == []
