from django.urls import path

from clusterbridge.meetings import calendar_views, views

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("calendar/", calendar_views.programme_month, name="meeting_calendar"),
    path("calendar/week/", calendar_views.programme_week, name="meeting_calendar_week"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("find/", views.slot_search, name="slot_search"),
    path("plan/", views.plan_generate, name="plan_generate"),
    path("plan/publish/", views.plan_publish, name="plan_publish"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_change, name="meeting_change"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/invitees/", views.meeting_invitees, name="meeting_invitees"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/invite.ics", views.meeting_ics, name="meeting_ics"),
]

pair_urlpatterns = [
    path("", views.pair_sessions, name="pair_sessions"),
    path("propose/", views.proposal_create, name="proposal_create"),
    path("<int:proposal_pk>/answer/", views.proposal_answer, name="proposal_answer"),
]
