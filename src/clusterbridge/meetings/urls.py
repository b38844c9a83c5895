from django.urls import path

from clusterbridge.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("new/", views.meeting_create, name="meeting_create"),
]
