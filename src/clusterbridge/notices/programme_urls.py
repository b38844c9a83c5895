"""Announcements of one programme, under /programmes/<slug>/announcements/."""

from django.urls import path

from clusterbridge.notices import views

app_name = "notices_programme"

urlpatterns = [
    path("", views.announcement_list, name="announcements"),
    path("new/", views.announcement_create, name="announcement_create"),
    path("<int:pk>/", views.announcement_detail, name="announcement"),
]
