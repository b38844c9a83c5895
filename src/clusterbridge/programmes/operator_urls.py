from django.urls import path

from clusterbridge.programmes import operator_views as views

app_name = "operators"

urlpatterns = [
    path("", views.operator_staff, name="staff"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
]
