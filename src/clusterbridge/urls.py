from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from clusterbridge.api import views as api_views
from clusterbridge.api.v1 import api as api_v1
from clusterbridge.common import views as common_views

# The admin signs in through allauth too, so its login shares the rate limits and the
# second factor instead of being a way around them.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", common_views.index, name="index"),
    path("home/", common_views.home, name="home"),
    path("language/", common_views.set_language, name="set_language"),
    path("health/", common_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    # Scripts read the API's JSON errors, also for a path that is no operation.
    re_path(r"^api/", api_views.not_found, name="api_not_found"),
    path("profile/tokens/", include("clusterbridge.api.urls")),
    path("programmes/", include("clusterbridge.programmes.urls")),
    path("calendar/", include("clusterbridge.meetings.calendar_urls")),
    path("programmes/<slug:slug>/", include("clusterbridge.community.programme_urls")),
    path(
        "programmes/<slug:slug>/invitations/",
        include("clusterbridge.invitations.programme_urls"),
    ),
    path("invitations/", include("clusterbridge.invitations.urls")),
    path("community/", include("clusterbridge.community.urls")),
    path("", include("clusterbridge.directory.urls")),
]
