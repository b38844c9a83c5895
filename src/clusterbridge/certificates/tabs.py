"""The closing tab (certificates and the archive), for the programme's managers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes.tabs import Tab, register_tab

register_tab(Tab(110, _("Closing"), "programmes:closing", managers_only=True))
