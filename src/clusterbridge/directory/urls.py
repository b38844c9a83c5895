from django.urls import path

from clusterbridge.directory import views

app_name = "directory"

urlpatterns = [
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/data.json", views.my_data, name="my_data"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
]
