"""The managers' closing pages, under /programmes/<slug>/closing/ (namespace "programmes")."""

from django.urls import path

from clusterbridge.certificates import views

urlpatterns = [
    path("", views.closing, name="closing"),
    path("pairs/", views.close_pairs, name="closing_pairs"),
    path("close/", views.close_programme, name="closing_close"),
    path("certificates/", views.issue_certificates, name="closing_certificates"),
]
