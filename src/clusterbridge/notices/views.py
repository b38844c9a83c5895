"""Pages of notices: a programme's announcements, the preferences page and the unsubscribe
link of every notice e-mail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.directory.models import Person
from clusterbridge.notices import registry, selectors, services
from clusterbridge.notices.forms import AnnouncementForm, PreferencesForm
from clusterbridge.notices.tokens import DIGEST
from clusterbridge.programmes import selectors as programme_selectors


def _me(request: HttpRequest) -> Person:
    person = programme_selectors.person_of(request.user)
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def announcement_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_selectors.get_visible_programme(user=request.user, slug=slug)
    page = paginate(request, selectors.announcements_for(request.user, programme))
    return render(
        request,
        "notices/announcement_list.html",
        {
            "programme": programme,
            "page": page,
            # Each subject in the reader's language when the announcement has that version.
            "rows": [
                (announcement, selectors.text_for(announcement, request.LANGUAGE_CODE)[1])
                for announcement in page
            ],
            "can_manage": programme_selectors.can_manage(request.user, programme),
        },
    )


@login_required
@require_GET
def announcement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = programme_selectors.get_visible_programme(user=request.user, slug=slug)
    announcement = selectors.get_visible_announcement(user=request.user, programme=programme, pk=pk)
    language, subject, body = selectors.text_for(announcement, request.LANGUAGE_CODE)
    return render(
        request,
        "notices/announcement_detail.html",
        {
            "programme": programme,
            "announcement": announcement,
            "subject": subject,
            "body": body,
            "written_in": language,
            "can_manage": programme_selectors.can_manage(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = programme_selectors.get_managed_programme(user=request.user, slug=slug)
    form = AnnouncementForm(request.POST or None, programme=programme)
    author = programme_selectors.person_of(request.user)
    return form_page(
        request,
        form,
        save=lambda: services.send_announcement(
            programme=programme, author=author, **form.service_arguments()
        ),
        success=_("Announcement sent."),
        success_url=lambda announcement: reverse(
            "notices_programme:announcement", args=[programme.slug, announcement.pk]
        ),
        template="notices/announcement_form.html",
        programme=programme,
        can_manage=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponseBase:
    person = _me(request)
    form = PreferencesForm(request.POST or None, initial=selectors.delivery_choices(person))
    return form_page(
        request,
        form,
        save=lambda: (
            services.save_preferences(
                person=person,
                frequency=form.cleaned_data["frequency"],
                deliveries=form.deliveries(),
            )
            or True
        ),
        success=_("Your notification preferences are saved."),
        success_url=reverse("notices:preferences"),
        heading=_("Notifications and digest"),
        cancel_url=reverse("home"),
        submit_label=_("Save my preferences"),
    )


# Mail clients POST the one-click unsubscribe without cookies or a CSRF token (RFC 8058); the
# signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = selectors.unsubscribe_target(token)
    if target is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=404)
    person, category = target
    known = registry.category(category)
    if category != DIGEST and known is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=404)
    label = _("Your digest") if category == DIGEST else known.label  # type: ignore[union-attr]
    done = request.method == "POST"
    if done:
        services.unsubscribe(person=person, category=category)
    return render(
        request,
        "notices/unsubscribe.html",
        {"label": label, "done": done, "token": token},
    )
