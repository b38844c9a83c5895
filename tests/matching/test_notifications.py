"""Confirming a proposal e-mails both people, through a real SMTP server on loopback."""

from __future__ import annotations

from email.header import decode_header, make_header
from email.message import Message

from clusterbridge.matching import services
from tests.matching.conftest import Cohort
from tests.smtp import Inbox


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def test_both_people_of_each_new_pair_get_an_email_in_their_language(
    cohort: Cohort, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_run(run=run, confirmed_by=cohort.manager)

    assert len(smtp.messages) == 4
    [to_salma] = smtp.to("salma@example.org")  # French interface
    [to_claire] = smtp.to("claire@example.org")  # English interface
    assert _subject(to_salma) == "Votre binôme dans Spring : Claire"
    salma_body = _body(to_salma)
    assert "Dans Spring, votre mentor est Claire." in salma_body
    assert "Claire cluster" in salma_body
    assert "France" in salma_body
    assert "Pourquoi ce binôme" in salma_body
    assert _subject(to_claire) == "Your pair in Spring: Salma"
    claire_body = _body(to_claire)
    assert "In Spring, you will mentor Salma." in claire_body
    assert "Morocco" in claire_body
    assert "Needs and expertise" in claire_body


def test_a_rerun_after_confirming_sends_nothing_again(
    cohort: Cohort, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    first = services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_run(run=first, confirmed_by=cohort.manager)
    second = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.confirm_run(run=second, confirmed_by=cohort.manager)

    assert created == []
    assert len(smtp.messages) == 4
