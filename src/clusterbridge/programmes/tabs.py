"""The tabs of a programme's pages: one list, filled by the apps that own the pages.

Apps above `programmes` register their tabs from `AppConfig.ready()` (they may import this module,
this module never imports them), so every programme page shows the same tabs in the same order,
whichever app renders it, and the viewer's rights are decided here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterbridge.programmes import selectors
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import AnyUser

Shown = Callable[[AnyUser, Programme], bool]


@dataclass(frozen=True)
class Tab:
    """One tab: `order` places it, `url_name` takes the programme's slug, `shown` narrows it."""

    order: int
    label: str | Promise
    url_name: str
    managers_only: bool = False
    shown: Shown | None = None


@dataclass(frozen=True)
class TabLink:
    label: str | Promise
    url: str
    current: bool


_tabs: dict[str, Tab] = {}


def register_tab(tab: Tab) -> None:
    # Keyed by URL name: a second registration (tests reloading an app) replaces the first.
    _tabs[tab.url_name] = tab


def programme_tabs(*, user: AnyUser, programme: Programme, path: str) -> list[TabLink]:
    """The tabs this viewer may open, in order; the one whose URL is the longest prefix of
    `path` is current (a meeting's page belongs to "Meetings", the overview to itself only)."""
    manager = selectors.can_manage(user, programme)
    visible = [
        tab
        for tab in sorted(_tabs.values(), key=lambda tab: tab.order)
        if (manager or not tab.managers_only) and (tab.shown is None or tab.shown(user, programme))
    ]
    urls = [reverse(tab.url_name, args=[programme.slug]) for tab in visible]
    current = max((url for url in urls if path.startswith(url)), key=len, default=None)
    return [
        TabLink(label=tab.label, url=url, current=url == current)
        for tab, url in zip(visible, urls, strict=True)
    ]


for _tab in (
    Tab(10, _("Overview"), "programmes:detail"),
    Tab(20, _("Participants"), "programmes:participants"),
    Tab(30, _("Pairs"), "programmes:pairs"),
    Tab(40, _("Meetings"), "programmes:meetings"),
    Tab(60, _("Missions"), "programmes:missions"),
    Tab(200, _("Audit trail"), "programmes:audit", managers_only=True),
    Tab(210, _("Undelivered e-mail"), "programmes:undelivered", managers_only=True),
):
    register_tab(_tab)
