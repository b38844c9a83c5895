"""The community's programme tabs: the programme's network and its portfolio."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes.tabs import Tab, register_tab

register_tab(Tab(90, _("Network"), "community_programme:network"))
register_tab(Tab(95, _("Portfolio"), "community_programme:portfolio"))
