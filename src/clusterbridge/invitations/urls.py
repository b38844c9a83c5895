from django.urls import path

from clusterbridge.invitations import views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", views.accept, name="accept"),
    path("<str:token>/renew/", views.renew, name="renew"),
]
