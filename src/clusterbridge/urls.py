from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from clusterbridge.api import views as api_views
from clusterbridge.api.v1 import api as api_v1
from clusterbridge.common import views as common_views
from clusterbridge.home import views as home_views
from clusterbridge.meetings.urls import pair_urlpatterns
from clusterbridge.programmes.urls import urlpatterns as programme_urlpatterns

# The admin signs in through allauth too, so its login shares the rate limits and the
# second factor instead of being a way around them.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Every programme page shares the /programmes/ prefix and the "programmes" namespace; those of
# the apps above programmes are added here, at the top, so that programmes imports none of them.
programme_pages: list[URLPattern | URLResolver] = [
    *programme_urlpatterns,
    path("<slug:slug>/pairs/<int:pk>/sessions/", include(pair_urlpatterns)),
    path("<slug:slug>/meetings/", include("clusterbridge.meetings.urls")),
    path("<slug:slug>/matching/", include("clusterbridge.matching.urls")),
    path("<slug:slug>/missions/", include("clusterbridge.missions.urls")),
    path("<slug:slug>/journeys/", include("clusterbridge.journeys.urls")),
    path("<slug:slug>/impact/", include("clusterbridge.reports.urls")),
    path("<slug:slug>/closing/", include("clusterbridge.certificates.programme_urls")),
    path("<slug:slug>/", include("clusterbridge.applications.urls")),
]

urlpatterns = [
    path("", common_views.index, name="index"),
    path("home/", home_views.home, name="home"),
    path("language/", common_views.set_language, name="set_language"),
    path("health/", common_views.health, name="health"),
    path("design/", common_views.design, name="design"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    # Scripts read the API's JSON errors, also for a path that is no operation.
    re_path(r"^api/", api_views.not_found, name="api_not_found"),
    path("profile/tokens/", include("clusterbridge.api.urls")),
    path("programmes/", include((programme_pages, "programmes"))),
    path("calendar/", include("clusterbridge.meetings.calendar_urls")),
    path("programmes/<slug:slug>/", include("clusterbridge.community.programme_urls")),
    path(
        "programmes/<slug:slug>/invitations/",
        include("clusterbridge.invitations.programme_urls"),
    ),
    path(
        "programmes/<slug:slug>/announcements/",
        include("clusterbridge.notices.programme_urls"),
    ),
    path("notifications/", include("clusterbridge.notices.urls")),
    path("invitations/", include("clusterbridge.invitations.urls")),
    path("certificates/", include("clusterbridge.certificates.urls")),
    path("jobs/", include("clusterbridge.jobs.urls")),
    path("operators/", include("clusterbridge.programmes.operator_urls")),
    path("community/", include("clusterbridge.community.urls")),
    path("conversations/", include("clusterbridge.conversations.urls")),
    path("", include("clusterbridge.programmes.directory_urls")),
]
