"""The managers' invitation pages, under /programmes/<slug>/invitations/."""

from django.urls import path

from clusterbridge.invitations import manage_views as views

app_name = "programme_invitations"

urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("send/", views.invitation_send, name="send"),
    path("remind/", views.onboarding_remind, name="remind"),
    path("<int:pk>/revoke/", views.invitation_revoke, name="revoke"),
]
