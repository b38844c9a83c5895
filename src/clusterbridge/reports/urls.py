from django.urls import path

from clusterbridge.reports import views

urlpatterns = [
    path("", views.impact, name="impact"),
    path("<slug:format>/", views.impact_export, name="impact_export"),
]
