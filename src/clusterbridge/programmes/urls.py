from django.urls import path

from clusterbridge.programmes import directory_views, undelivered_views, views

# The root URLconf mounts these under /programmes/ in the "programmes" namespace, together with
# the programme pages of the apps above this one.
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("<slug:slug>/status/", views.programme_status, name="status"),
    path("<slug:slug>/participants/", views.participant_list, name="participants"),
    path("<slug:slug>/participants/add/", views.participant_add, name="participant_add"),
    path(
        "<slug:slug>/people/<int:pk>/edit/",
        directory_views.participant_profile,
        name="participant_profile",
    ),
    path("<slug:slug>/pairs/", views.pair_list, name="pairs"),
    path("<slug:slug>/pairs/new/", views.pair_create, name="pair_create"),
    path("<slug:slug>/audit/", views.audit_trail, name="audit"),
    path("<slug:slug>/mail/", undelivered_views.undelivered_list, name="undelivered"),
    path(
        "<slug:slug>/mail/<int:pk>/retry/",
        undelivered_views.undelivered_retry,
        name="undelivered_retry",
    ),
]
