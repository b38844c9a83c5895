"""URLs for the load benchmark only: the application's URLs plus ``/bench/bare/``.

The bare view does no query and renders no template: its throughput through the same gunicorn
workers and middleware is the ceiling of this machine for a Django response.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from clusterbridge.urls import urlpatterns as app_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
