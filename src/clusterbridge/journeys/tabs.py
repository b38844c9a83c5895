"""The journeys' programme tabs (the impact report is read from the journeys)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes.tabs import Tab, register_tab

register_tab(Tab(70, _("Journeys"), "programmes:journeys"))
register_tab(Tab(75, _("Surveys"), "programmes:surveys"))
register_tab(Tab(80, _("Impact report"), "programmes:impact", managers_only=True))
