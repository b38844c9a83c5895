"""i-Community pages: opportunities, interests, moderation, notifications, the network."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterbridge.accounts.models import User
from clusterbridge.common import exports
from clusterbridge.common.forms import run_service
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.community import exporters, network, portfolio, selectors, services
from clusterbridge.community.forms import (
    AnswerForm,
    CollaborationForm,
    InterestForm,
    ModerateForm,
    OpportunityFilter,
    OpportunityForm,
    PortfolioForm,
    ReportForm,
)
from clusterbridge.community.models import Opportunity
from clusterbridge.directory.models import Person
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.views import visible_programme


def _member(request: HttpRequest) -> Person:
    """The signed-in person; logins without a profile (e.g. a bare admin) cannot post."""
    person = programme_selectors.person_of(request.user)
    if person is None:
        raise Http404
    return person


def _opportunity(request: HttpRequest, pk: int) -> Opportunity:
    return get_object_or_404(selectors.opportunities_visible_to(request.user), pk=pk)


@login_required
@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponseBase:
    filters = OpportunityFilter(
        request.GET or None, queryset=selectors.opportunities_visible_to(request.user)
    )
    file_format = exports.requested_format(request.GET)
    if file_format is not None:
        return exports.download(exporters.opportunities_table(filters.qs), file_format)
    return render(
        request,
        "community/opportunity_list.html",
        {
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_moderate": selectors.can_moderate(request.user),
            "person": programme_selectors.person_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest) -> HttpResponseBase:
    author = _member(request)
    form = OpportunityForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.post_opportunity(author=author, **form.cleaned_data),
        success=_("Opportunity published."),
        success_url=lambda opportunity: opportunity.get_absolute_url(),
        template="community/opportunity_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    opportunity = selectors.get_own_opportunity(request.user, pk)
    author = _member(request)
    initial = {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "body": opportunity.body,
        "sector": opportunity.sector_id,
        "countries": [country.pk for country in opportunity.countries.all()],
        "deadline": opportunity.deadline,
    }
    form = OpportunityForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.edit_opportunity(
            opportunity=opportunity, editor=author, **form.cleaned_data
        ),
        success=_("Opportunity updated."),
        success_url=opportunity.get_absolute_url(),
        heading=_("Edit the opportunity"),
        cancel_url=opportunity.get_absolute_url(),
    )


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    opportunity = selectors.get_closable_opportunity(request.user, pk)
    services.close_opportunity(opportunity=opportunity, closer=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Opportunity closed: it no longer takes expressions of interest."))
    return redirect(opportunity)


def _detail(request: HttpRequest, opportunity: Opportunity, **forms: object) -> HttpResponse:
    person = programme_selectors.person_of(request.user)
    is_author = person is not None and opportunity.author_id == person.pk
    interests = list(selectors.opportunity_interests(opportunity))
    mine = next((i for i in interests if person is not None and i.person_id == person.pk), None)
    context = {
        "opportunity": opportunity,
        "is_author": is_author,
        "interests": interests if is_author else [mine] if mine else [],
        "my_interest": mine,
        "can_moderate": selectors.can_moderate(request.user),
        "can_close": opportunity.closed_at is None
        and (is_author or selectors.can_moderate(request.user)),
        "person": person,
        "interest_form": forms.get("interest_form") or InterestForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "moderate_form": forms.get("moderate_form") or ModerateForm(),
        "answer_form": AnswerForm(),
        "log": opportunity.moderation_log.select_related("actor")
        if selectors.can_moderate(request.user)
        else [],
    }
    return render(request, "community/opportunity_detail.html", context)


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _opportunity(request, pk))


@login_required
@require_POST
def interest_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    opportunity = _opportunity(request, pk)
    person = _member(request)
    form = InterestForm(request.POST)
    if form.is_valid():
        interest = run_service(
            form,
            lambda: services.express_interest(
                opportunity=opportunity, person=person, message=form.cleaned_data["message"]
            ),
        )
        if interest is not None:
            messages.success(request, _("Your interest was sent to the author."))
            return redirect(opportunity)
    return _detail(request, opportunity, interest_form=form)


@login_required
@require_POST
def interest_answer(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = _member(request)
    interest = selectors.get_interest_in_own_post(author=person, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        answered = run_service(
            form,
            lambda: services.answer_interest(
                interest=interest, author=person, answer=form.cleaned_data["answer"]
            ),
        )
        if answered is not None:
            messages.success(request, _("Answer sent."))
            return redirect(interest.opportunity)
    for error in form.errors.values():
        messages.error(request, " ".join(str(message) for message in error))
    return redirect(interest.opportunity)


@login_required
@require_POST
def opportunity_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    opportunity = _opportunity(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        logged = run_service(
            form,
            lambda: services.report_opportunity(
                opportunity=opportunity,
                reporter=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            ),
        )
        if logged is not None:
            messages.success(request, _("Thank you: the moderators will look at this post."))
            return redirect(opportunity)
    return _detail(request, opportunity, report_form=form)


@login_required
@require_POST
def opportunity_moderate(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not selectors.can_moderate(request.user):
        raise Http404
    opportunity = _opportunity(request, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return _detail(request, opportunity, moderate_form=form)
    service = (
        services.hide_opportunity
        if form.cleaned_data["action"] == "hide"
        else services.restore_opportunity
    )
    service(
        opportunity=opportunity,
        moderator=request.user,  # type: ignore[arg-type]
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Moderation recorded."))
    return redirect(opportunity)


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    if not selectors.can_moderate(request.user):
        raise Http404
    return render(
        request,
        "community/moderation.html",
        {
            "reported": selectors.reported_opportunities()[:50],
            "page": paginate(request, selectors.moderation_log()),
        },
    )


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    person = _member(request)
    page = paginate(request, selectors.notifications_of(person))
    unread = {item.pk for item in page if item.read_at is None}
    services.mark_notifications_read(person=person)
    return render(request, "community/notifications.html", {"page": page, "unread": unread})


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_create(request: HttpRequest) -> HttpResponseBase:
    person = _member(request)
    form = CollaborationForm(
        request.POST or None, initial={"organisation_a": person.organisation_id}
    )
    return form_page(
        request,
        form,
        save=lambda: services.record_collaboration(recorded_by=person, **form.cleaned_data),
        success=_("Collaboration recorded."),
        success_url=reverse("community:network"),
        template="community/collaboration_form.html",
    )


def _network_page(
    request: HttpRequest,
    graph_data: tuple[list[network.Node], list[network.Link]],
    *,
    title: str,
    period: tuple[date, date] | None,
    programme: Programme | None,
) -> HttpResponseBase:
    graph = network.build_graph(*graph_data)
    file_format = request.GET.get("export")
    if file_format == "gexf":
        response = HttpResponse(network.to_gexf(graph), content_type="application/gexf+xml")
        response["Content-Disposition"] = 'attachment; filename="network.gexf"'
        return response
    if file_format in exports.FORMATS:
        return exports.download(exporters.ties_table(network.ties(graph)), file_format)
    return render(
        request,
        "community/network.html",
        {
            "title": title,
            "programme": programme,
            "metrics": network.metrics(graph, period=period),
            "svg": network.to_svg(graph, title=title),
            "ties": network.ties(graph),
        },
    )


@login_required
@require_GET
def community_network(request: HttpRequest) -> HttpResponseBase:
    return _network_page(
        request,
        selectors.community_network(),
        title=_("The community's collaboration network"),
        period=None,
        programme=None,
    )


@login_required
@require_GET
def programme_network(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    return _network_page(
        request,
        selectors.programme_network(programme),
        title=_("Collaboration network of %(programme)s") % {"programme": programme.name},
        period=(programme.starts_on, programme.ends_on),
        programme=programme,
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_page(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The portfolio to read, and the form that asks for its PDF or web-page file (a job)."""
    programme = visible_programme(request, slug)
    language = translation.get_language() or "en"
    form = PortfolioForm(
        request.POST if request.method == "POST" else None,
        initial={"lang": request.GET.get("lang", language), "format": "pdf"},
    )
    if request.method == "POST" and form.is_valid():
        actor = request.user
        assert isinstance(actor, User)
        job = run_service(
            form,
            lambda: services.request_portfolio(
                actor=actor,
                programme=programme,
                language=form.cleaned_data["lang"],
                file_format=form.cleaned_data["format"],
            ),
        )
        if job is not None:
            return redirect_to_job(job)
    html = portfolio.render_html(
        portfolio.build_portfolio(programme), language=language, request=request, form=form
    )
    return HttpResponse(html, status=400 if form.is_bound else 200)


@login_required
@require_GET
def portfolio_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The former download link: files are now prepared as jobs, asked for on the page."""
    programme = visible_programme(request, slug)
    target = reverse("community_programme:portfolio", args=[programme.slug])
    language = request.GET.get("lang", "")
    query = f"?{urlencode({'lang': language})}" if language in portfolio.LANGUAGES else ""
    return HttpResponseRedirect(f"{target}{query}")
