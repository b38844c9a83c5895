"""The directory: people, organisations and countries, with public (opt-in) and members' views.

Visitors who are not signed in may open the directory, public profiles, publicly listed
organisations and the country pages; anything else sends them to the sign-in page, so a
hidden profile is indistinguishable from one that needs signing in.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterbridge.common import exports, privacy
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.competences import selectors as competence_selectors
from clusterbridge.directory import exporters, selectors, services
from clusterbridge.directory.filters import OrganisationFilter, PersonFilter
from clusterbridge.directory.forms import PersonForm, ProfileForm, profile_initial, time_zone_names
from clusterbridge.directory.models import ConsentPurpose, Country, Person
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Programme


def _not_visible(request: HttpRequest) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def person_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    people = programme_selectors.people_visible_to(request.user)
    try:
        person = selectors.person_profile(people, pk)
    except Person.DoesNotExist:
        return _not_visible(request)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "show_private": request.user.has_perm("directory.view_private_person", person),
        },
    )


@require_GET
def person_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo, to whoever may see the profile: the file is never served on its own URL."""
    people = programme_selectors.people_visible_to(request.user)
    try:
        person = selectors.person_photo(people, pk)
    except Person.DoesNotExist:
        return _not_visible(request)
    if not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    # Private: a shared cache must not hand a programme-only photo to someone else.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def directory(request: HttpRequest) -> HttpResponseBase:
    """People search: public profiles for visitors, more for members (see people_visible_to)."""
    people = selectors.directory_people(programme_selectors.people_visible_to(request.user))
    filters = PersonFilter(request.GET or None, queryset=people.order_by("full_name"))
    file_format = exports.requested_format(request.GET)
    if file_format is not None:
        return exports.download(exporters.people_table(filters.qs), file_format)
    return render(
        request,
        "directory/directory.html",
        {"filter": filters, "page": paginate(request, filters.qs)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponseBase:
    if not request.user.has_perm("directory.add_person"):
        raise Http404
    form = PersonForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.create_person(**form.cleaned_data),
        success=_("Person registered."),
        success_url=lambda person: person.get_absolute_url(),
        template="directory/person_form.html",
        time_zones=time_zone_names(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponseBase:
    person = programme_selectors.person_of(request.user)
    if person is None:
        raise Http404
    return _profile_page(request, person, own=True, programme=None)


@login_required
@require_http_methods(["GET", "POST"])
def participant_profile(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """A manager edits the profile of an accepted participant of their programme."""
    programme, person = programme_selectors.get_participant_for_manager(
        user=request.user, slug=slug, pk=pk
    )
    return _profile_page(request, person, own=False, programme=programme)


def _profile_page(
    request: HttpRequest, person: Person, *, own: bool, programme: Programme | None
) -> HttpResponseBase:
    initial = profile_initial(
        person,
        expertise=competence_selectors.expertise_levels(person.pk),
        emails_consent=services.has_consent(person, ConsentPurpose.EMAILS),
    )
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        areas=competence_selectors.competence_areas(),
        own=own,
    )
    return form_page(
        request,
        form,
        save=lambda: services.save_profile(
            person=person,
            programme_id=programme.pk if programme else None,
            **form.service_arguments(),
        ),
        success=_("Profile saved."),
        success_url=person.get_absolute_url(),
        template="directory/profile_form.html",
        person=person,
        own=own,
        programme=programme,
        organisation_names=selectors.organisation_names(),
        consents=person.consents.all() if own else (),
    )


def organisation_list(request: HttpRequest) -> HttpResponseBase:
    filters = OrganisationFilter(
        request.GET or None,
        queryset=selectors.organisations_visible_to(request.user),
        visible_people=programme_selectors.people_visible_to(request.user),
    )
    file_format = exports.requested_format(request.GET)
    if file_format is not None:
        return exports.download(exporters.organisations_table(filters.qs), file_format)
    return render(
        request,
        "directory/organisation_list.html",
        {"filter": filters, "page": paginate(request, filters.qs)},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    organisation = selectors.organisations_visible_to(request.user).filter(pk=pk).first()
    if organisation is None:
        return _not_visible(request)
    people = programme_selectors.people_visible_to(request.user).filter(organisation=organisation)
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "people": people},
    )


def country_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/country_list.html",
        {"page": paginate(request, selectors.countries_with_counts(), per_page=50)},
    )


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The country's clustering framework (press-release facts) and its clusters."""
    country = get_object_or_404(Country, code=code.upper())
    return render(
        request,
        "directory/country_detail.html",
        {
            "country": country,
            "organisations": selectors.organisations_visible_to(request.user).filter(
                country=country
            ),
        },
    )


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in person, as a JSON download (right of access)."""
    person = programme_selectors.person_of(request.user)
    if person is None:
        raise Http404
    response = HttpResponse(
        privacy.export_json(person), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="clusterbridge-data-{person.pk}.json"'
    return response
