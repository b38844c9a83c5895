"""Matching's programme tabs: "Matching" for managers, "My wishes" while wishes are recorded."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.matching import selectors, services
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import AnyUser
from clusterbridge.programmes.tabs import Tab, register_tab


def _records_wishes(user: AnyUser, programme: Programme) -> bool:
    return (
        programme.status in services.WISH_STATES
        and isinstance(user, User)
        and selectors.own_participation(user, programme) is not None
    )


register_tab(Tab(50, _("Matching"), "programmes:matching", managers_only=True))
register_tab(Tab(55, _("My wishes"), "programmes:matching_wishes", shown=_records_wishes))
