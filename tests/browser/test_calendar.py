"""The calendar in a real Chromium: on a 360 px phone, on paper, and from the keyboard alone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from clusterbridge.demo.live import RUNNING_SLUG
from tests.browser.test_pages import MANAGER, _sign_in

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 800}


def _page(browser: Browser, base_url: str, language: str, viewport: ViewportSize = DESK) -> Page:
    state = _sign_in(browser, base_url, MANAGER, language)
    return browser.new_context(storage_state=state, locale="en-GB", viewport=viewport).new_page()


def _overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_month_becomes_a_list_and_nothing_overflows(
    demo_site: str, browser: Browser, language: str
) -> None:
    page = _page(browser, demo_site, language, viewport=PHONE)
    for path in ("/calendar/month/", "/calendar/week/", "/home/"):
        page.goto(demo_site + path)
        assert _overflow(page) <= 0, f"{path} [{language}] is wider than the phone"
    page.goto(demo_site + "/calendar/month/")
    assert page.locator(".calendar-list").is_visible()
    assert not page.locator(".calendar-grid").is_visible()
    page.context.close()


def test_printed_the_month_is_the_grid_without_navigation(demo_site: str, browser: Browser) -> None:
    page = _page(browser, demo_site, "en", viewport=PHONE)
    page.goto(demo_site + "/calendar/month/")
    page.emulate_media(media="print")
    assert page.locator(".calendar-grid").is_visible()
    assert not page.locator(".calendar-nav").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.pdf()[:4] == b"%PDF"
    page.context.close()


def test_the_keyboard_alone_moves_to_the_next_month_and_back_to_today(
    demo_site: str, browser: Browser
) -> None:
    page = _page(browser, demo_site, "en")
    page.goto(demo_site + "/calendar/month/")
    start = page.locator(".calendar-nav a[rel=next]")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('rel')") == "next":
            break
    assert start.evaluate("element => element === document.activeElement")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link shows where the focus is"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "on" in parse_qs(urlsplit(page.url).query)
    page.context.close()


def test_a_manager_sees_the_programme_calendar_with_its_participants_weekends(
    demo_site: str, browser: Browser
) -> None:
    page = _page(browser, demo_site, "en")
    page.goto(f"{demo_site}/programmes/{RUNNING_SLUG}/meetings/calendar/week/")
    notes = page.locator(".weekend-note").all_inner_texts()
    assert any("Egypt" in note for note in notes), notes
    assert any("France" in note or "Spain" in note or "Italy" in note for note in notes), notes
    page.context.close()
