"""Under /programmes/<slug>/ (programmes/urls.py): the public form and the managers' pages."""

from django.urls import path

from clusterbridge.applications import edition_views, views

app_name = "applications"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.applied, name="sent"),
    path("applications/", views.review, name="review"),
    path("applications/decide/", views.decide, name="decide"),
    path("applications/call/", views.call_edit, name="call"),
    path("new-edition/", edition_views.new_edition, name="new_edition"),
    path("returning/", edition_views.returning, name="returning"),
]
