"""Conversation pages: the list, a thread and its polling, a message's actions, discussion
groups and the moderators' queue. Every read goes through the selectors (404 to non-members)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterbridge.common.forms import form_status, run_service, run_with_messages
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.conversations import attachments, selectors, services
from clusterbridge.conversations.forms import (
    EditForm,
    GroupForm,
    MessageForm,
    ModerateForm,
    ReportForm,
    SearchForm,
)
from clusterbridge.conversations.models import Conversation, Message
from clusterbridge.conversations.titles import title_of
from clusterbridge.directory.models import Person
from clusterbridge.programmes import selectors as programme_selectors


def _person(request: HttpRequest) -> Person:
    """The signed-in person; a login without a profile (a bare admin) has no conversations."""
    person = programme_selectors.person_of(request.user)
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    services.ensure_conversations(person=person)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    # A person in hundreds of conversations gets them a page at a time, busiest first.
    page = paginate(request, selectors.conversations_of(person)) if not query else None
    return render(
        request,
        "conversations/list.html",
        {
            "search": search,
            "query": query,
            "results": list(selectors.search_messages(person, query)) if query else [],
            "page": page,
            "conversations": [(c, title_of(c, person)) for c in page] if page else [],
        },
    )


def _thread_context(
    request: HttpRequest, person: Person, conversation: Conversation, thread: list[Message]
) -> dict[str, object]:
    window = timedelta(minutes=settings.CONVERSATION_EDIT_MINUTES)
    now = timezone.now()
    return {
        "conversation": conversation,
        "person": person,
        "thread": thread,
        "editable": {
            m.pk
            for m in thread
            if m.author_id == person.pk and m.deleted_at is None and now - m.sent_at <= window
        },
        "can_moderate": selectors.can_moderate(request.user, conversation),
        "last_id": thread[-1].pk if thread else 0,
    }


def _detail(
    request: HttpRequest, person: Person, conversation: Conversation, form: MessageForm
) -> HttpResponse:
    before = request.GET.get("before", "")
    thread = selectors.thread(conversation, before=int(before) if before.isdigit() else None)
    if not before:
        services.mark_read(conversation=conversation, person=person)
    context = _thread_context(request, person, conversation, thread)
    context.update(
        form=form,
        title=title_of(conversation, person),
        older=thread[0].pk if len(thread) == selectors.PAGE_SIZE else None,
        report_form=ReportForm(),
    )
    return render(request, "conversations/detail.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _person(request)
    conversation = selectors.get_conversation(person=person, pk=pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = run_service(
            form,
            lambda: services.post_message(
                conversation=conversation,
                author=person,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            ),
        )
        if sent is not None:
            return redirect(f"{conversation.get_absolute_url()}#message-{sent.pk}")
    return _detail(request, person, conversation, form)


@login_required
@require_GET
def conversation_poll(request: HttpRequest, pk: int) -> HttpResponse:
    """The messages after ``after``, and the next poll: htmx swaps this in every few seconds."""
    person = _person(request)
    conversation = selectors.get_conversation(person=person, pk=pk)
    after = request.GET.get("after", "")
    thread = selectors.messages_after(conversation, after=int(after) if after.isdigit() else 0)
    if thread:
        services.mark_read(conversation=conversation, person=person)
    context = _thread_context(request, person, conversation, thread)
    if not thread:
        context["last_id"] = int(after) if after.isdigit() else 0
    context["report_form"] = ReportForm()
    return render(request, "conversations/poll.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _person(request)
    message = selectors.get_message(person=person, pk=pk)
    if message.author_id != person.pk:
        raise Http404
    form = EditForm(request.POST or None, initial={"body": message.body})
    return form_page(
        request,
        form,
        save=lambda: services.edit_message(
            message=message, author=person, body=form.cleaned_data["body"]
        ),
        success=_("Message changed."),
        success_url=f"{message.conversation.get_absolute_url()}#message-{message.pk}",
        heading=_("Change your message"),
        cancel_url=message.conversation.get_absolute_url(),
    )


@login_required
@require_POST
def message_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _person(request)
    message = selectors.get_message(person=person, pk=pk)
    run_with_messages(
        request,
        lambda: services.delete_message(message=message, author=person),
        success=_("Message deleted."),
    )
    return redirect(message.conversation)


@login_required
@require_POST
def message_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    message = selectors.get_message(person=_person(request), pk=pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.report_message(
                message=message,
                reporter=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            ),
            success=_("Thank you: the moderators will look at this message."),
        )
    else:
        messages.error(request, _("Say what is wrong with this message."))
    return redirect(message.conversation)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A message's file, to the members of its conversation only, always as a download."""
    person = _person(request)
    message = selectors.get_message(person=person, pk=pk)
    hidden = message.hidden_at is not None and message.author_id != person.pk
    if not message.attachment or message.deleted_at is not None or hidden:
        raise Http404
    response = FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=message.attachment_name,
        content_type=attachments.content_type(message.attachment_name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    """Reported messages of the conversations the user moderates: those messages only."""
    reported = list(selectors.reported_messages(request.user))
    if not reported and not selectors.moderated_conversations(request.user).exists():
        raise Http404
    return render(
        request,
        "conversations/moderation.html",
        {"reported": reported, "form": ModerateForm()},
    )


@login_required
@require_POST
def message_moderate(request: HttpRequest, pk: int) -> HttpResponseBase:
    message = selectors.get_reported_message(user=request.user, pk=pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to hide or to restore the message."))
        return redirect("conversations:moderation")
    service = (
        services.hide_message if form.cleaned_data["action"] == "hide" else services.restore_message
    )
    service(
        message=message,
        moderator=request.user,  # type: ignore[arg-type]
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Moderation recorded."))
    return redirect("conversations:moderation")


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    groups = list(selectors.discussion_groups())
    mine = set(
        selectors.conversations_of(person)
        .filter(pk__in=[group.pk for group in groups])
        .values_list("pk", flat=True)
    )
    return render(request, "conversations/groups.html", {"groups": groups, "mine": mine})


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponseBase:
    person = _person(request)
    form = GroupForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.create_group(creator=person, **form.cleaned_data),
        success=_("Discussion group opened."),
        success_url=lambda group: group.get_absolute_url(),
        heading=_("Open a discussion group"),
        cancel_url=reverse("conversations:groups"),
    )


@login_required
@require_POST
def group_join(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _person(request)
    group = selectors.get_discussion_group(pk)
    run_with_messages(
        request,
        lambda: services.join_group(group=group, person=person),
        success=_("You joined the group."),
    )
    return redirect(group)


@login_required
@require_POST
def group_leave(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _person(request)
    group = selectors.get_discussion_group(pk)
    run_with_messages(
        request,
        lambda: services.leave_group(group=group, person=person),
        success=_("You left the group."),
    )
    return redirect("conversations:groups")
