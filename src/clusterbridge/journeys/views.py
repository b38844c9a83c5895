"""Pages of the learning journey. Thin: visibility from selectors, writes from services.

A pair's page is open to the pair and to the programme's managers; everything a pair writes
(agreement, goals, logs, ratings, outcomes) is open to its two members only, so for anyone else
those pages answer 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.pages import confirm_delete_page, form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.competences import selectors as competences
from clusterbridge.competences import services as competence_services
from clusterbridge.competences.forms import ExpertiseForm
from clusterbridge.competences.reference import EXPERTISE_ANCHORS, LEVEL_ANCHORS
from clusterbridge.directory.models import Person
from clusterbridge.journeys import selectors, services
from clusterbridge.journeys.forms import (
    AgreementForm,
    CollaborationForm,
    DiagnosisForm,
    GoalEditForm,
    GoalForm,
    GoalStatusForm,
    GroupSessionForm,
    MilestoneForm,
    RatingsForm,
    ServiceForm,
    SessionLogForm,
    SurveyAnswerForm,
    SurveyForm,
)
from clusterbridge.journeys.models import (
    SURVEY_BATCH,
    CollaborationOutcome,
    Goal,
    GroupSession,
    Milestone,
    Rater,
    ServiceOutcome,
    SessionLog,
    Stage,
    Survey,
)
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.archive import writes_after_closing
from clusterbridge.programmes.models import (
    Pair,
    Programme,
    Role,
)
from clusterbridge.programmes.views import managed_programme, visible_programme


def _person(request: HttpRequest) -> Person | None:
    return programme_selectors.person_of(request.user)


def _anchors(anchors: dict[int, str] = LEVEL_ANCHORS) -> list[str]:
    return [_(anchor) for anchor in anchors.values()]


def _can_manage(request: HttpRequest, programme: Programme) -> bool:
    return request.user.has_perm("programmes.manage_programme", programme)


def _visible_pair(request: HttpRequest, programme: Programme, pair_id: int) -> Pair:
    return programme_selectors.get_visible_pair(user=request.user, programme=programme, pk=pair_id)


def _own_pair(request: HttpRequest, slug: str, pair_id: int) -> tuple[Pair, Person, str]:
    """The pair, the viewer and their side, when the viewer is one of its two members."""
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pair_id)
    person = _person(request)
    side = selectors.side_of(pair, person)
    if person is None or side is None:
        raise Http404
    return pair, person, side


@login_required
def journey_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    now = timezone.now()
    visible = programme_selectors.pairs_visible_to(request.user, programme)
    attention_only = request.GET.get("attention") == "1"
    if attention_only:
        visible = visible.filter(pk__in=selectors.flagged_pair_ids(visible, now=now))
    pairs = selectors.journey_rows(visible).order_by("mentee__person__full_name")
    page = paginate(request, pairs)
    health = selectors.health_of_pairs(page.object_list, now=now)
    person = _person(request)
    roles = selectors.accepted_roles(programme, person)
    return render(
        request,
        "journeys/journey_list.html",
        {
            "programme": programme,
            "page": page,
            "rows": [(pair, health[pair.pk]) for pair in page.object_list],
            "attention_only": attention_only,
            "can_manage": _can_manage(request, programme),
            "can_diagnose": bool(roles & {Role.MENTEE, Role.MENTOR}),
            "can_log_group": selectors.has_confirmed_pair(programme, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def diagnosis(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The mentee's needs diagnosis or the mentor's expertise, on the same framework."""
    programme = visible_programme(request, slug)
    person = _person(request)
    participation = selectors.diagnosed_participation(programme, person)
    if participation is None or person is None:
        raise Http404
    if participation.role == Role.MENTOR:
        return _expertise(request, programme, person)
    form = DiagnosisForm(
        request.POST or None,
        indicators=competences.competence_indicators(),
        initial=selectors.diagnosis_initial(participation),
    )
    return form_page(
        request,
        form,
        save=lambda: services.save_diagnosis(
            mentee=participation,
            ratings=form.ratings(),
            top_needs=list(form.cleaned_data["top_needs"]),
            now=timezone.now(),
        ),
        success=_("Your needs diagnosis is saved."),
        success_url=reverse("programmes:journeys", kwargs={"slug": programme.slug}),
        heading=_("Needs diagnosis"),
        template="journeys/ratings_form.html",
        programme=programme,
        anchors=_anchors(),
        intro=_(
            "Rate your cluster today on every indicator, then name your top needs. "
            "This is your baseline self-assessment."
        ),
    )


def _expertise(request: HttpRequest, programme: Programme, person: Person) -> HttpResponseBase:
    areas = competences.competence_areas()
    initial = {
        f"area_{area_id}": level
        for area_id, level in competences.expertise_levels(person.pk).items()
    }
    form = ExpertiseForm(request.POST or None, areas=areas, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: (
            competence_services.save_expertise(person_id=person.pk, levels=form.levels()) or True
        ),
        success=_("Your expertise is saved."),
        success_url=reverse("programmes:journeys", kwargs={"slug": programme.slug}),
        heading=_("Your expertise"),
        template="journeys/ratings_form.html",
        programme=programme,
        anchors=_anchors(EXPERTISE_ANCHORS),
        scale_heading=_("The expertise scale, 1–5"),
        intro=_("State your own expertise in each area of the competence framework."),
    )


@login_required
def pair_journey(request: HttpRequest, slug: str, pair_id: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pair_id)
    person = _person(request)
    side = selectors.side_of(pair, person)
    health = selectors.health_of_pair(pair, now=timezone.now())
    logs = paginate(request, selectors.logs_of(pair))
    assessments = selectors.assessments_of(pair.mentee)
    due = selectors.assessment_due_dates(programme)
    stages = [
        (
            stage,
            label,
            due[stage],
            assessments.get((stage, Rater.SELF)),
            assessments.get((stage, Rater.MENTOR)),
        )
        for stage, label in Stage.choices
    ]
    return render(
        request,
        "journeys/pair_journey.html",
        {
            "programme": programme,
            "pair": pair,
            "side": side,
            "health": health,
            "agreement": getattr(pair, "agreement", None),
            "goals": selectors.goals_of(pair),
            "logs": logs,
            "stages": stages,
            "services": pair.mentee.service_outcomes.all(),
            "collaborations": pair.mentee.collaborations.prefetch_related("partners"),
            "can_manage": _can_manage(request, programme),
            "status_form": GoalStatusForm(),
            "my_rater": Rater.SELF if side == Role.MENTEE else Rater.MENTOR,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    agreement = getattr(pair, "agreement", None)
    initial = (
        {
            "goals": agreement.goals,
            "rhythm": agreement.rhythm,
            "channel": agreement.channel,
            "confidentiality": agreement.confidentiality,
        }
        if agreement
        else {}
    )
    form = AgreementForm(request.POST or None, initial=initial)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.save_agreement(
            pair=pair, author=person, now=timezone.now(), **form.cleaned_data
        ),
        success=_("Agreement saved; the other side is asked to accept it."),
        heading=_("Mentoring agreement"),
    )


@login_required
@require_POST
def agreement_accept(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    try:
        services.accept_agreement(pair=pair, person=person, now=timezone.now())
        messages.success(request, _("You have accepted the agreement."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programmes:pair_journey", slug=slug, pair_id=pair.pk)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    form = GoalForm(request.POST or None)

    def save() -> Goal:
        data = form.cleaned_data
        return services.create_goal(
            pair=pair,
            author=person,
            area=data["area"],
            title=data["title"],
            measure=data["measure"],
            due_on=data["due_on"],
            milestones=form.milestones(),
        )

    return _pair_form(
        request, pair, form, save=save, success=_("Goal added."), heading=_("New goal")
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, pair_id: int, goal_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    goal = get_object_or_404(Goal, pk=goal_id, pair=pair)
    initial = {
        "area": goal.area_id,
        "title": goal.title,
        "measure": goal.measure,
        "due_on": goal.due_on,
        "status": goal.status,
    }
    form = GoalEditForm(request.POST or None, initial=initial)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.update_goal(goal=goal, person=person, **form.cleaned_data),
        success=_("Goal updated."),
        heading=_("Change the goal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(
    request: HttpRequest, slug: str, pair_id: int, goal_id: int
) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    goal = get_object_or_404(Goal, pk=goal_id, pair=pair)
    form = MilestoneForm(request.POST or None)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.add_milestone(goal=goal, person=person, **form.cleaned_data),
        success=_("Milestone added."),
        heading=_("New milestone for “%(goal)s”") % {"goal": goal.title},
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, slug: str, pair_id: int, goal_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    goal = get_object_or_404(Goal, pk=goal_id, pair=pair)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        services.set_goal_status(goal=goal, person=person, status=form.cleaned_data["status"])
        messages.success(request, _("Goal updated."))
    else:
        messages.error(request, _("Unknown goal status."))
    return redirect("programmes:pair_journey", slug=slug, pair_id=pair.pk)


@login_required
@require_POST
def milestone_done(
    request: HttpRequest, slug: str, pair_id: int, milestone_id: int
) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    milestone = get_object_or_404(Milestone, pk=milestone_id, goal__pair=pair)
    services.set_milestone_done(
        milestone=milestone, person=person, done=request.POST.get("done") == "1"
    )
    return redirect("programmes:pair_journey", slug=slug, pair_id=pair.pk)


@login_required
@require_http_methods(["GET", "POST"])
def log_create(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person, _side = _own_pair(request, slug, pair_id)
    members = [pair.mentee.person, pair.mentor.person]
    form = SessionLogForm(request.POST or None, members=members)

    def save() -> SessionLog:
        data = form.cleaned_data
        return services.log_session(
            pair=pair,
            author=person,
            kind=data["kind"],
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            topics=data["topics"],
            shared_notes=data["shared_notes"],
            private_note=data["private_note"],
            actions=form.actions(),
            today=timezone.localdate(),
        )

    return _pair_form(
        request, pair, form, save=save, success=_("Session logged."), heading=_("Log a session")
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_log_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A group session logged once for several pairs, by a member of one of them."""
    programme = visible_programme(request, slug)
    person = _person(request)
    pairs = selectors.pairs_for_group_session(programme)
    own = [pair.pk for pair in pairs if selectors.side_of(pair, person) is not None]
    if person is None or not own:
        raise Http404
    form = GroupSessionForm(request.POST or None, pairs=pairs, initial={"pairs": own})

    def save() -> GroupSession:
        data = form.cleaned_data
        return services.log_group_session(
            programme=programme,
            author=person,
            pairs=list(data["pairs"]),
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            topics=data["topics"],
            shared_notes=data["shared_notes"],
            private_note=data["private_note"],
            today=timezone.localdate(),
        )

    journeys = reverse("programmes:journeys", kwargs={"slug": programme.slug})
    return form_page(
        request,
        form,
        save=save,
        success=_("Group session logged for every pair who took part."),
        success_url=journeys,
        heading=_("Log a group session"),
        cancel_url=journeys,
        programme=programme,
    )


@login_required
def log_detail(request: HttpRequest, slug: str, pair_id: int, log_id: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pair_id)
    log = get_object_or_404(selectors.logs_of(pair), pk=log_id)
    person = _person(request)
    is_member = selectors.side_of(pair, person) is not None
    notes = selectors.private_notes_by_log([log], reader=person)
    return render(
        request,
        "journeys/log_detail.html",
        {
            "programme": programme,
            "pair": pair,
            "log": log,
            "is_member": is_member,
            "private_note": notes.get(log.pk, ""),
            "group_pairs": selectors.pairs_of_group_session(log),
            "can_manage": _can_manage(request, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment(
    request: HttpRequest, slug: str, pair_id: int, stage: str, rater: str
) -> HttpResponseBase:
    """A rating questionnaire: the mentee answers only the self-rating, the mentor only theirs."""
    pair, person, side = _own_pair(request, slug, pair_id)
    allowed = Rater.SELF if side == Role.MENTEE else Rater.MENTOR
    if stage not in Stage.values or rater != allowed:
        raise Http404
    indicators = competences.competence_indicators()
    earlier = selectors.assessments_of(pair.mentee).get((stage, rater))
    initial = (
        {f"indicator_{r.indicator_id}": r.value for r in earlier.ratings.all()} if earlier else {}
    )
    form = RatingsForm(request.POST or None, indicators=indicators, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.submit_assessment(
            mentee=pair.mentee,
            stage=stage,
            rater=rater,
            rated_by=person,
            ratings=form.ratings(),
            now=timezone.now(),
        ),
        success=_("Assessment saved."),
        success_url=reverse("programmes:pair_journey", kwargs={"slug": slug, "pair_id": pair.pk}),
        heading=_("%(stage)s assessment: %(rater)s")
        % {"stage": Stage(stage).label, "rater": Rater(rater).label},
        template="journeys/ratings_form.html",
        programme=pair.programme,
        pair=pair,
        anchors=_anchors(),
        intro=_("Rate %(name)s's cluster today on every indicator.")
        % {"name": pair.mentee.person.full_name},
    )


def _mentee_only(request: HttpRequest, slug: str, pair_id: int) -> tuple[Pair, Person]:
    pair, person, side = _own_pair(request, slug, pair_id)
    if side != Role.MENTEE:
        raise Http404
    return pair, person


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    form = ServiceForm(request.POST or None)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.report_service(
            mentee=pair.mentee, reported_by=person, **form.cleaned_data
        ),
        success=_("Service reported."),
        heading=_("Report a service for your members"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_create(request: HttpRequest, slug: str, pair_id: int) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    form = CollaborationForm(request.POST or None)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.report_collaboration(
            mentee=pair.mentee, reported_by=person, **form.service_arguments()
        ),
        success=_("Collaboration reported."),
        heading=_("Report a collaboration"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(
    request: HttpRequest, slug: str, pair_id: int, outcome_id: int
) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    outcome = get_object_or_404(ServiceOutcome, pk=outcome_id, mentee=pair.mentee)
    initial = {
        "title": outcome.title,
        "is_new": "1" if outcome.is_new else "0",
        "launched_on": outcome.launched_on,
        "description": outcome.description,
    }
    form = ServiceForm(request.POST or None, initial=initial)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.update_service(
            outcome=outcome, reported_by=person, **form.cleaned_data
        ),
        success=_("Service updated."),
        heading=_("Change the service"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_delete(
    request: HttpRequest, slug: str, pair_id: int, outcome_id: int
) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    outcome = get_object_or_404(ServiceOutcome, pk=outcome_id, mentee=pair.mentee)
    return _confirm_delete(
        request,
        pair,
        delete=lambda: services.delete_service(outcome=outcome, reported_by=person),
        success=_("Service deleted."),
        heading=_("Delete this service?"),
        title=outcome.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_edit(
    request: HttpRequest, slug: str, pair_id: int, outcome_id: int
) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    collaboration = get_object_or_404(CollaborationOutcome, pk=outcome_id, mentee=pair.mentee)
    initial = {
        "title": collaboration.title,
        "kind": collaboration.kind,
        "partners": list(collaboration.partners.values_list("pk", flat=True)),
        "started_on": collaboration.started_on,
    }
    form = CollaborationForm(request.POST or None, initial=initial)
    return _pair_form(
        request,
        pair,
        form,
        save=lambda: services.update_collaboration(
            collaboration=collaboration, reported_by=person, **form.service_arguments()
        ),
        success=_("Collaboration updated."),
        heading=_("Change the collaboration"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_delete(
    request: HttpRequest, slug: str, pair_id: int, outcome_id: int
) -> HttpResponseBase:
    pair, person = _mentee_only(request, slug, pair_id)
    collaboration = get_object_or_404(CollaborationOutcome, pk=outcome_id, mentee=pair.mentee)
    return _confirm_delete(
        request,
        pair,
        delete=lambda: services.delete_collaboration(
            collaboration=collaboration, reported_by=person
        ),
        success=_("Collaboration deleted."),
        heading=_("Delete this collaboration?"),
        title=collaboration.title,
    )


def _pair_url(pair: Pair) -> str:
    return reverse(
        "programmes:pair_journey", kwargs={"slug": pair.programme.slug, "pair_id": pair.pk}
    )


def _pair_form(
    request: HttpRequest,
    pair: Pair,
    form: forms.BaseForm,
    *,
    save: Callable[[], object],
    success: str,
    heading: str,
) -> HttpResponseBase:
    """A form of the pair's journey: saved or cancelled, back to the pair's page."""
    return form_page(
        request,
        form,
        save=save,
        success=success,
        success_url=_pair_url(pair),
        heading=heading,
        cancel_url=_pair_url(pair),
        programme=pair.programme,
        pair=pair,
    )


def _confirm_delete(
    request: HttpRequest,
    pair: Pair,
    *,
    delete: Callable[[], object],
    success: str,
    heading: str,
    title: str,
) -> HttpResponseBase:
    """Deleting one of the mentee's outcomes, after a confirmation; back to the pair's page."""
    return confirm_delete_page(
        request,
        delete=delete,
        success=success,
        success_url=_pair_url(pair),
        heading=heading,
        consequence=_("“%(title)s” will be removed from your outcomes and from the impact report.")
        % {"title": title},
        cancel_url=_pair_url(pair),
        programme=pair.programme,
        pair=pair,
    )


# --- Surveys -----------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    can_manage = _can_manage(request, programme)
    page = paginate(
        request,
        programme.surveys.select_related(
            "meeting", "meeting__pair__mentor__person", "meeting__pair__mentee__person"
        ).order_by("-pk"),
    )
    rows = selectors.survey_rows(page.object_list, person=_person(request), with_results=can_manage)
    return render(
        request,
        "journeys/survey_list.html",
        {
            "programme": programme,
            "page": page,
            "rows": rows,
            "can_manage": can_manage,
            "batch": SURVEY_BATCH,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = SurveyForm(request.POST or None, programme=programme)
    return _survey_form(
        request,
        programme,
        form,
        save=lambda: services.create_survey(programme=programme, **form.cleaned_data),
        success=_("Survey created."),
        heading=_("New feedback survey"),
    )


# The exit survey goes out as the programme closes: its answers come in after the close.
@writes_after_closing
@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, slug: str, survey_id: int) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    survey = get_object_or_404(Survey, pk=survey_id, programme=programme)
    person = _person(request)
    if person is None or not selectors.answers_surveys(programme.pk, person):
        raise Http404
    form = SurveyAnswerForm(request.POST or None)
    return _survey_form(
        request,
        programme,
        form,
        save=lambda: services.answer_survey(survey=survey, person=person, **form.cleaned_data),
        success=_("Thank you: your answer is recorded anonymously."),
        heading=survey.title,
    )


def _survey_form(
    request: HttpRequest,
    programme: Programme,
    form: forms.BaseForm,
    *,
    save: Callable[[], object],
    success: str,
    heading: str,
) -> HttpResponseBase:
    """A form about the programme's surveys: saved or cancelled, back to the survey list."""
    surveys = reverse("programmes:surveys", kwargs={"slug": programme.slug})
    return form_page(
        request,
        form,
        save=save,
        success=success,
        success_url=surveys,
        heading=heading,
        cancel_url=surveys,
        programme=programme,
    )
