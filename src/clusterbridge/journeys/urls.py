from django.urls import path

from clusterbridge.journeys import views

PAIR = "<int:pair_id>/"

urlpatterns = [
    path("", views.journey_list, name="journeys"),
    path("diagnosis/", views.diagnosis, name="diagnosis"),
    path("group-sessions/new/", views.group_log_create, name="group_log_create"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:survey_id>/", views.survey_answer, name="survey_answer"),
    path(PAIR, views.pair_journey, name="pair_journey"),
    path(f"{PAIR}agreement/", views.agreement_edit, name="agreement"),
    path(f"{PAIR}agreement/accept/", views.agreement_accept, name="agreement_accept"),
    path(f"{PAIR}goals/new/", views.goal_create, name="goal_create"),
    path(f"{PAIR}goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path(f"{PAIR}goals/<int:goal_id>/status/", views.goal_status, name="goal_status"),
    path(
        f"{PAIR}goals/<int:goal_id>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        f"{PAIR}milestones/<int:milestone_id>/done/",
        views.milestone_done,
        name="milestone_done",
    ),
    path(f"{PAIR}logs/new/", views.log_create, name="log_create"),
    path(f"{PAIR}logs/<int:log_id>/", views.log_detail, name="log_detail"),
    path(f"{PAIR}assessments/<slug:stage>/<slug:rater>/", views.assessment, name="assessment"),
    path(f"{PAIR}outcomes/service/new/", views.service_create, name="service_create"),
    path(f"{PAIR}outcomes/service/<int:outcome_id>/edit/", views.service_edit, name="service_edit"),
    path(
        f"{PAIR}outcomes/service/<int:outcome_id>/delete/",
        views.service_delete,
        name="service_delete",
    ),
    path(
        f"{PAIR}outcomes/collaboration/new/",
        views.collaboration_create,
        name="collaboration_create",
    ),
    path(
        f"{PAIR}outcomes/collaboration/<int:outcome_id>/edit/",
        views.collaboration_edit,
        name="collaboration_edit",
    ),
    path(
        f"{PAIR}outcomes/collaboration/<int:outcome_id>/delete/",
        views.collaboration_delete,
        name="collaboration_delete",
    ),
]
