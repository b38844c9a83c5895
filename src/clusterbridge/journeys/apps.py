from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "clusterbridge.journeys"
    verbose_name = _("Journeys")
