"""A certificate's public verification page and its holder's download, /certificates/<code>/."""

from django.urls import path

from clusterbridge.certificates import views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", views.verify, name="verify"),
    path("<str:code>/pdf/", views.download, name="download"),
]
