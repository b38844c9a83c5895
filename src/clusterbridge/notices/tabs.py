"""The announcements' programme tab, for everyone who sees the programme."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes.tabs import Tab, register_tab

register_tab(Tab(97, _("Announcements"), "notices_programme:announcements"))
