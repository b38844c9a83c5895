from django.urls import path

from clusterbridge.meetings import calendar_views as views

app_name = "calendar"

urlpatterns = [
    path("", views.my_calendar, name="mine"),
    path("month/", views.my_month, name="month"),
    path("week/", views.my_week, name="week"),
    path("feed/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("availability/", views.availability, name="availability"),
    path(
        "availability/<str:kind>/<int:pk>/delete/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("<str:token>.ics", views.feed, name="feed"),
]
