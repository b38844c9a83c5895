"""The signed-in user's API tokens page, under their profile (the REST API itself is in v1.py)."""

from django.urls import path

from clusterbridge.api import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
