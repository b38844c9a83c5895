from django.urls import path

from clusterbridge.matching import views

# Included under programmes/<slug>/matching/, in the "programmes" namespace.
urlpatterns = [
    path("", views.matching, name="matching"),
    path("run/", views.matching_run, name="matching_run"),
    path("confirm/", views.matching_confirm, name="matching_confirm"),
    path("settings/", views.matching_settings, name="matching_settings"),
    path("constraints/", views.constraint_list, name="matching_constraints"),
    path(
        "constraints/<int:pk>/delete/", views.constraint_delete, name="matching_constraint_delete"
    ),
    path("capacities/", views.capacity, name="matching_capacity"),
    path("why-not/", views.why_not, name="matching_why_not"),
    path("wishes/", views.wishes, name="matching_wishes"),
    path("wishes/<int:pk>/delete/", views.wish_delete, name="matching_wish_delete"),
]
