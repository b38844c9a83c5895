from django.urls import path

from clusterbridge.programmes import directory_views as views
from clusterbridge.programmes import import_views

# The directory's pages apply the programmes' visibility rules (selectors.people_visible_to), so
# they live above the directory's data; their names keep the "directory" namespace.
app_name = "directory"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/import/", import_views.import_start, name="import"),
    path(
        "directory/import/template-<str:kind>.csv",
        import_views.import_template,
        name="import_template",
    ),
    path("directory/import/<str:token>/", import_views.import_preview, name="import_preview"),
    path("directory/import/<str:token>/done/", import_views.import_done, name="import_done"),
    path(
        "directory/import/<str:token>/rejected.csv",
        import_views.import_rejected,
        name="import_rejected",
    ),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/photo.jpg", views.person_photo, name="person_photo"),
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/data.json", views.my_data, name="my_data"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
]
