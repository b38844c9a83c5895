"""The applications' programme tab, for the programme's managers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes.tabs import Tab, register_tab

register_tab(Tab(100, _("Applications"), "programmes:applications:review", managers_only=True))
