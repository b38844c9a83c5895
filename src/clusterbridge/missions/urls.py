from django.urls import path

from clusterbridge.missions import views

urlpatterns = [
    path("", views.mission_list, name="missions"),
    path("new/", views.mission_create, name="mission_create"),
    path("<int:pk>/", views.mission_detail, name="mission_detail"),
    path("<int:pk>/join/", views.mission_join, name="mission_join"),
    path("<int:pk>/schedule/", views.mission_schedule, name="mission_schedule"),
    path("<int:pk>/request/<int:participant_pk>/", views.request_create, name="mission_request"),
    path(
        "<int:pk>/requests/<int:request_pk>/answer/",
        views.request_answer,
        name="mission_request_answer",
    ),
    path("<int:pk>/agenda/", views.my_agenda, name="mission_my_agenda"),
    path("<int:pk>/agenda/<int:participant_pk>/", views.agenda, name="mission_agenda"),
    path("<int:pk>/agenda/<int:participant_pk>.ics", views.agenda_ics, name="mission_agenda_ics"),
]
