"""Pair health flags and their escalating reminders, sent to a real SMTP server on loopback."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command

from clusterbridge.journeys import health, selectors, services
from clusterbridge.journeys.models import HealthReminder
from clusterbridge.programmes.models import Pair
from tests.conftest import World
from tests.factories import PairFactory
from tests.journeys.factories import assessed_by_both, log_of
from tests.smtp import Inbox, free_port


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


def _flags(pair: Pair, now: datetime) -> set[str]:
    health = selectors.health_of_pairs(
        selectors.pairs_with_health_data(Pair.objects.filter(pk=pair.pk)), now=now
    )[pair.pk]
    return {flag.kind for flag in health.flags}


def test_a_pair_without_a_session_for_thirty_days_is_flagged(world: World) -> None:
    log_of(world.pair, held_on=date(2021, 3, 1))

    assert "no_session" not in _flags(world.pair, _at(date(2021, 3, 30)))
    assert "no_session" in _flags(world.pair, _at(date(2021, 3, 31)))


def test_the_no_session_threshold_is_configurable(world: World, settings) -> None:
    settings.HEALTH_NO_SESSION_DAYS = 10
    log_of(world.pair, held_on=date(2021, 3, 1))
    assert "no_session" in _flags(world.pair, _at(date(2021, 3, 11)))


def test_a_mentor_silent_for_fourteen_days_after_the_mentee_is_flagged(world: World) -> None:
    fields = {"goals": "G", "rhythm": "R", "channel": "C", "confidentiality": "X"}
    services.save_agreement(
        pair=world.pair, author=world.people["amina"], now=_at(date(2021, 3, 1)), **fields
    )

    assert "mentor_silent" not in _flags(world.pair, _at(date(2021, 3, 14)))
    assert "mentor_silent" in _flags(world.pair, _at(date(2021, 3, 15)))
    services.accept_agreement(
        pair=world.pair, person=world.people["marc"], now=_at(date(2021, 3, 16))
    )
    assert "mentor_silent" not in _flags(world.pair, _at(date(2021, 3, 20)))


def test_an_assessment_is_overdue_after_its_grace_period(world: World) -> None:
    due = selectors.assessment_due_dates(world.reloaded)["baseline"]
    assert "assessment_overdue" not in _flags(world.pair, _at(due))
    assert "assessment_overdue" in _flags(world.pair, _at(due + timedelta(days=1)))
    assessed_by_both(world.pair, stage="baseline", now=_at(due))
    assert "assessment_overdue" not in _flags(world.pair, _at(due + timedelta(days=1)))


def test_reminders_go_to_the_person_then_to_the_manager_and_never_twice(
    world: World, smtp: Inbox
) -> None:
    for pair in (world.second_pair, world.other_pair):
        pair.status = "ended"  # keep the mail to the pair under test
        pair.save()
    log_of(world.pair, held_on=date(2021, 2, 1))
    assessed_by_both(world.pair, stage="baseline", now=_at(date(2021, 1, 20)))
    first_run = _at(date(2021, 3, 5))

    sent_first = services.send_health_reminders(now=first_run)
    sent_again = services.send_health_reminders(now=first_run + timedelta(hours=1))
    sent_later = services.send_health_reminders(now=first_run + timedelta(days=7))

    assert (sent_first, sent_again, sent_later) == (2, 0, 1)
    assert len(smtp.to("marc@example.org")) == 1
    assert len(smtp.to("amina@example.org")) == 1
    to_manager = smtp.to("mona@example.org")
    assert len(to_manager) == 1
    assert "No session logged" in to_manager[0]["Subject"]
    assert HealthReminder.objects.filter(escalated=True).count() == 1


def test_a_reminder_is_written_in_the_recipients_language(world: World, smtp: Inbox) -> None:
    world.users["marc"].language = "fr"
    world.users["marc"].save()
    log_of(world.pair, held_on=date(2021, 2, 1))

    services.send_health_reminders(now=_at(date(2021, 3, 5)))

    assert "Aucune séance consignée" in smtp.to("marc@example.org")[0]["Subject"]


def test_a_failed_mail_leaves_no_record_so_the_next_run_retries(world: World, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    log_of(world.pair, held_on=date(2021, 2, 1))

    with pytest.raises(ConnectionRefusedError):
        services.send_health_reminders(now=_at(date(2021, 3, 5)))

    assert HealthReminder.objects.count() == 0


def test_the_command_reports_how_many_reminders_it_sent(world: World, smtp: Inbox, capsys) -> None:
    call_command("send_health_reminders")
    # The world's programme ended in 2021: only overdue assessments remain, for both pairs.
    assert capsys.readouterr().out.strip() == f"{len(smtp.messages)} reminder(s) sent."
    assert len(smtp.messages) > 0


def test_the_dashboard_check_flags_the_same_pairs_as_the_full_check(world: World) -> None:
    # Varied histories: a logged session, an agreement the mentor has not answered, both
    # baseline ratings, a pair created late, an ended pair; checked on many days of the year.
    fields = {"goals": "G", "rhythm": "R", "channel": "C", "confidentiality": "X"}
    log_of(world.pair, held_on=date(2021, 3, 1))
    services.save_agreement(
        pair=world.second_pair, author=world.people["karim"], now=_at(date(2021, 2, 10)), **fields
    )
    assessed_by_both(world.pair, stage="baseline", now=_at(date(2021, 1, 20)))
    late = PairFactory(programme=world.reloaded)
    Pair.objects.filter(pk=late.pk).update(created_at=_at(date(2021, 5, 1)))
    PairFactory(programme=world.reloaded, status="ended")
    pairs = Pair.objects.filter(programme=world.reloaded).order_by("pk")

    for day in range(0, 330, 11):
        now = _at(date(2021, 1, 10) + timedelta(days=day))
        full = selectors.health_of_pairs(selectors.pairs_with_health_data(pairs), now=now)
        expected = [pk for pk, health in full.items() if health.flags]
        assert selectors.flagged_pair_ids(pairs, now=now) == expected, now


def test_the_health_rules_run_on_plain_values_without_a_database() -> None:
    facts = health.PairFacts(
        status="confirmed",
        starts_on=date(2021, 1, 20),
        ends_on=date(2021, 10, 31),
        created_on=date(2021, 1, 20),
        last_session_on=date(2021, 3, 1),
        mentee_last_log=_at(date(2021, 3, 1)),
        mentor_last_log=None,
        mentee_accepted_at=None,
        mentor_accepted_at=None,
    )
    done = {
        ("baseline", "self"): _at(date(2021, 2, 1)),
        ("baseline", "mentor"): _at(date(2021, 2, 2)),
    }
    thresholds = health.Thresholds(no_session_days=30, mentor_silence_days=10)

    rules = health.flag_rules(facts, done, now=_at(date(2021, 3, 31)), thresholds=thresholds)

    assert [(rule.kind, rule.sides) for rule in rules] == [
        ("no_session", ("mentor", "mentee")),
        ("mentor_silent", ("mentor",)),
    ]
