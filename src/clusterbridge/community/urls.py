from django.urls import path

from clusterbridge.community import views

app_name = "community"

urlpatterns = [
    path("", views.opportunity_list, name="opportunities"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="opportunity_close"),
    path("opportunities/<int:pk>/interest/", views.interest_create, name="interest_create"),
    path("opportunities/<int:pk>/report/", views.opportunity_report, name="opportunity_report"),
    path(
        "opportunities/<int:pk>/moderate/", views.opportunity_moderate, name="opportunity_moderate"
    ),
    path("interests/<int:pk>/answer/", views.interest_answer, name="interest_answer"),
    path("moderation/", views.moderation, name="moderation"),
    path("notifications/", views.notifications, name="notifications"),
    path("network/", views.community_network, name="network"),
    path("collaborations/new/", views.collaboration_create, name="collaboration_create"),
]
