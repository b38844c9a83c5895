"""Write services of the i-Community. One transaction each; messages are translated."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.community import jobs as portfolio_jobs
from clusterbridge.community import mail, portfolio, selectors
from clusterbridge.community.models import (
    Collaboration,
    Interest,
    ModerationAction,
    ModerationLog,
    Notification,
    Opportunity,
)
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Country, Organisation, Person, Sector
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import submit_job
from clusterbridge.outbox.services import mail_with_change
from clusterbridge.programmes.models import Programme


def notify(
    *,
    recipient: Person,
    message: str,
    url: str,
    subject: str,
    category: mailing.MailCategory,
    send_email: bool = True,
) -> Notification:
    """Tell a person in the app and, once the transaction commits, by e-mail if `category`
    allows it (news only with the e-mails consent, read when the mail leaves) and `send_email`
    is True.

    `message` and `subject` come already translated into the recipient's language. A mail
    server that is down does not undo the action: the in-app notification stays. The
    recipient's cached unread count is forgotten.
    """
    notification = Notification.objects.create(recipient=recipient, message=message, url=url)
    _forget_unread_count(recipient.pk)
    if not send_email:
        return notification

    mail_with_change(
        partial(
            mail.send_notification,
            recipient=recipient,
            subject=subject,
            message=message,
            url=url,
            category=category,
        )
    )
    return notification


def _check_deadline(deadline: date | None, today: date) -> None:
    if deadline is not None and deadline < today:
        raise ValidationError(
            {
                "deadline": ValidationError(
                    _("The deadline %(date)s is already past; choose today or a later day."),
                    code="past",
                    params={"date": deadline.isoformat()},
                )
            }
        )


@transaction.atomic
def post_opportunity(
    *,
    author: Person,
    kind: str,
    title: str,
    body: str,
    sector: Sector | None = None,
    countries: Iterable[Country] = (),
    deadline: date | None = None,
    today: date | None = None,
) -> Opportunity:
    """Publish an opportunity. A deadline in the past is refused. Side effects: none."""
    _check_deadline(deadline, today or timezone.localdate())
    opportunity = Opportunity(
        author=author,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        sector=sector,
        deadline=deadline,
    )
    opportunity.full_clean()
    opportunity.save()
    opportunity.countries.set(list(countries))
    return opportunity


@transaction.atomic
def edit_opportunity(
    *,
    opportunity: Opportunity,
    editor: Person,
    kind: str,
    title: str,
    body: str,
    sector: Sector | None = None,
    countries: Iterable[Country] = (),
    deadline: date | None = None,
    today: date | None = None,
) -> Opportunity:
    """Change the author's own post. A new deadline in the past is refused; an unchanged one
    that has passed since is kept. Side effects: none (those interested already said so)."""
    if opportunity.author_id != editor.pk:
        raise PermissionDenied
    if deadline != opportunity.deadline:
        _check_deadline(deadline, today or timezone.localdate())
    opportunity.kind = kind
    opportunity.title = title.strip()
    opportunity.body = body.strip()
    opportunity.sector = sector
    opportunity.deadline = deadline
    opportunity.full_clean()
    opportunity.save()
    opportunity.countries.set(list(countries))
    return opportunity


@transaction.atomic
def close_opportunity(*, opportunity: Opportunity, closer: User) -> Opportunity:
    """Close a post to new interest: by its author or, for the community, by a moderator.
    Closing twice keeps the first date. Side effects: none."""
    if opportunity.author.user_id != closer.pk and not selectors.can_moderate(closer):
        raise PermissionDenied
    if opportunity.closed_at is None:
        opportunity.closed_at = timezone.now()
        opportunity.save(update_fields=["closed_at"])
    return opportunity


@transaction.atomic
def express_interest(
    *,
    opportunity: Opportunity,
    person: Person,
    message: str = "",
    today: date | None = None,
    send_email: bool = True,
) -> Interest:
    """Record a member's interest.

    Side effects: the author is notified in the app, and by e-mail if they consented to news
    (unless ``send_email`` is False).
    """
    if opportunity.author_id == person.pk:
        raise ValidationError(_("This is your own opportunity."), code="own")
    if opportunity.hidden_at is not None:
        raise ValidationError(_("This opportunity has been hidden by a moderator."), code="hidden")
    if opportunity.closed_at is not None:
        raise ValidationError(_("This opportunity is closed."), code="closed")
    if opportunity.deadline is not None and opportunity.deadline < (today or timezone.localdate()):
        raise ValidationError(_("The deadline of this opportunity has passed."), code="closed")
    if Interest.objects.filter(opportunity=opportunity, person=person).exists():
        raise ValidationError(_("You have already expressed your interest."), code="duplicate")
    interest = Interest(opportunity=opportunity, person=person, message=message.strip())
    interest.full_clean()
    interest.save()
    author = opportunity.author
    with translation.override(mailing.language_of(author)):
        notify(
            recipient=author,
            message=gettext("%(person)s is interested in “%(title)s”.")
            % {"person": person.full_name, "title": opportunity.title},
            url=opportunity.get_absolute_url(),
            subject=gettext("New interest in your opportunity"),
            category=mailing.MailCategory.NEWS,
            send_email=send_email,
        )
    return interest


@transaction.atomic
def answer_interest(
    *, interest: Interest, author: Person, answer: str, send_email: bool = True
) -> Interest:
    """The opportunity's author answers.

    Side effects: the interested member is notified in the app, and by e-mail if they consented
    to news (unless ``send_email`` is False).
    """
    if interest.opportunity.author_id != author.pk:
        raise ValidationError(_("Only the opportunity's author can answer."), code="not_author")
    if not answer.strip():
        raise ValidationError({"answer": ValidationError(_("Write an answer."), code="empty")})
    interest.answer = answer.strip()
    interest.answered_at = timezone.now()
    interest.save(update_fields=["answer", "answered_at"])
    with translation.override(mailing.language_of(interest.person)):
        notify(
            recipient=interest.person,
            message=gettext("%(person)s answered your interest in “%(title)s”.")
            % {"person": author.full_name, "title": interest.opportunity.title},
            url=interest.opportunity.get_absolute_url(),
            subject=gettext("An answer to your interest"),
            category=mailing.MailCategory.NEWS,
            send_email=send_email,
        )
    return interest


@transaction.atomic
def report_opportunity(*, opportunity: Opportunity, reporter: User, reason: str) -> ModerationLog:
    """Flag a post for the moderators. Side effects: a moderation log entry."""
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("Say what is wrong with this post."))})
    return ModerationLog.objects.create(
        opportunity=opportunity, actor=reporter, action=ModerationAction.REPORTED, note=reason
    )


@transaction.atomic
def hide_opportunity(*, opportunity: Opportunity, moderator: User, note: str = "") -> Opportunity:
    """Hide a post from everyone but its author and the moderators. Logged."""
    if opportunity.hidden_at is None:
        opportunity.hidden_at = timezone.now()
        opportunity.save(update_fields=["hidden_at"])
        ModerationLog.objects.create(
            opportunity=opportunity, actor=moderator, action=ModerationAction.HIDDEN, note=note
        )
    return opportunity


@transaction.atomic
def restore_opportunity(
    *, opportunity: Opportunity, moderator: User, note: str = ""
) -> Opportunity:
    """Show a hidden post again. Logged."""
    if opportunity.hidden_at is not None:
        opportunity.hidden_at = None
        opportunity.save(update_fields=["hidden_at"])
        ModerationLog.objects.create(
            opportunity=opportunity, actor=moderator, action=ModerationAction.RESTORED, note=note
        )
    return opportunity


@transaction.atomic
def mark_notifications_read(*, person: Person) -> int:
    """Side effect: the person's cached unread count is forgotten."""
    read = Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _forget_unread_count(person.pk)
    return read


def _forget_unread_count(person_id: int) -> None:
    # Now, for this transaction's own reads, and again once it commits: a page counting in
    # between would otherwise keep the old count for a minute.
    selectors.forget_unread_count(person_id)
    transaction.on_commit(lambda: selectors.forget_unread_count(person_id))


@transaction.atomic
def record_collaboration(
    *,
    organisation_a: Organisation,
    organisation_b: Organisation,
    kind: str,
    title: str,
    started_on: date,
    programme: object | None = None,
    recorded_by: Person | None = None,
) -> Collaboration:
    """Record a tie between two organisations for the collaboration network."""
    if organisation_a.pk == organisation_b.pk:
        raise ValidationError(
            {"organisation_b": ValidationError(_("A collaboration needs two organisations."))}
        )
    collaboration = Collaboration(
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        kind=kind,
        title=title.strip(),
        started_on=started_on,
        programme=programme,  # type: ignore[misc]
        recorded_by=recorded_by,
    )
    collaboration.full_clean()
    collaboration.save()
    return collaboration


def request_portfolio(*, actor: User, programme: Programme, language: str, file_format: str) -> Job:
    """Queues the portfolio of `programme` in `language` (en, fr, ar) as `file_format` (pdf,
    html) for `actor`, who downloads it from the job's page. The caller has checked that
    `actor` sees the programme; the job checks again when it runs."""
    if language not in portfolio.LANGUAGES or file_format not in portfolio_jobs.FORMATS:
        raise ValidationError(gettext("Choose a language and a format from the list."))
    names = dict(settings.LANGUAGES)
    return submit_job(
        kind=portfolio_jobs.PORTFOLIO,
        requested_by=actor,
        params={"programme": programme.pk, "lang": language, "format": file_format},
        description=f"{programme.name} · {names[language]} · {file_format.upper()}",
    )
