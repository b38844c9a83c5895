from django.urls import include, path

from clusterbridge.meetings.urls import pair_urlpatterns
from clusterbridge.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("<slug:slug>/status/", views.programme_status, name="status"),
    path("<slug:slug>/participants/", views.participant_list, name="participants"),
    path("<slug:slug>/participants/add/", views.participant_add, name="participant_add"),
    path("<slug:slug>/pairs/", views.pair_list, name="pairs"),
    path("<slug:slug>/pairs/new/", views.pair_create, name="pair_create"),
    path("<slug:slug>/pairs/<int:pk>/sessions/", include(pair_urlpatterns)),
    path("<slug:slug>/audit/", views.audit_trail, name="audit"),
    path("<slug:slug>/meetings/", include("clusterbridge.meetings.urls")),
    path("<slug:slug>/matching/", include("clusterbridge.matching.urls")),
    path("<slug:slug>/missions/", include("clusterbridge.missions.urls")),
    path("<slug:slug>/journeys/", include("clusterbridge.journeys.urls")),
    path("<slug:slug>/impact/", include("clusterbridge.reports.urls")),
    path("<slug:slug>/", include("clusterbridge.applications.urls")),
]
