"""User text in the other script keeps its order on screen, measured in a real Chromium.

On an Arabic page an English goal title keeps its full stop at its (right) end; on an English page
an Arabic text keeps its full stop at its (left) end; an interpolated date stays one run of digits.
Positions come from Range.getClientRects of single characters. Screenshots of each page are kept
under var/test/screenshots/ to look at after a run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from clusterbridge.demo.programme import SLUG
from clusterbridge.programmes.models import Pair
from tests.browser.test_pages import DESKTOP, LOGINS, MENTEE, PHONE, _sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test" / "screenshots"

# For the element's own text: the horizontal centres of its first and last characters and of
# every character, and on how many lines its boxes sit (one: it was not split apart).
MEASURE = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const centres = [];
  let node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.data.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      centres.push(box.left + box.width / 2);
    }
  }
  const tops = new Set([...element.getClientRects()].map(r => Math.round(r.top)));
  return {centres, lines: tops.size, text: element.textContent};
}"""


def _measure(page: Page, selector: str) -> dict[str, object]:
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    measured: dict[str, object] = element.evaluate(MEASURE)
    return measured


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _ends_to_the(measured: dict[str, object], side: str) -> bool:
    centres = measured["centres"]
    assert isinstance(centres, list), measured
    assert len(centres) > 2, measured
    last, others = float(centres[-1]), [float(centre) for centre in centres[:-1]]
    return last >= max(others) if side == "right" else last <= min(others)


def test_english_goal_titles_keep_their_full_stop_at_the_end_on_an_arabic_journey_page(
    demo_site: str, browser: Browser
) -> None:
    pair = Pair.objects.get(
        programme__slug=SLUG, mentee__person__email__iexact=LOGINS[MENTEE].email
    )
    goal = pair.goals.earliest("pk")
    goal.title = "Strengthen governance of the cluster."
    goal.save(update_fields=["title"])
    milestone = goal.milestones.create(title="Draft shared with the mentor", due_on=goal.due_on)
    state = _sign_in(browser, demo_site, MENTEE, "ar")
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        context = browser.new_context(storage_state=state, viewport=viewport)
        page = context.new_page()
        page.goto(f"{demo_site}/programmes/{SLUG}/journeys/{pair.pk}/")
        _shot(page, f"journey-ar-{label}")
        title = _measure(page, f'td span[dir="auto"]:text-is("{goal.title}")')
        assert _ends_to_the(title, "right"), title
        item = page.locator("li", has_text=milestone.title).first
        # On a desk the date reads as one run beside the title, not pushed in between its words
        # (the narrow cell may wrap the title itself, and on a phone the date too).
        if viewport == DESKTOP:
            date = _measure(page, f'li:has-text("{milestone.title}") bdi >> nth=1')
            assert date["lines"] == 1, date
        assert item.is_visible()
        context.close()


def test_arabic_text_keeps_its_order_on_an_english_page_and_dates_stay_whole(
    demo_site: str, browser: Browser
) -> None:
    for language, sample_side, text_end in (("en", "en", "left"), ("ar", "ar", "right")):
        context = browser.new_context(viewport=DESKTOP)
        context.add_cookies(
            [{"name": "clusterbridge_language", "value": language, "url": demo_site}]
        )
        page = context.new_page()
        page.goto(f"{demo_site}/design/")
        _shot(page, f"design-{language}")
        section = f'section[lang="{sample_side}"]'
        user_text = _measure(page, f"{section} .design-user-text")
        assert _ends_to_the(user_text, text_end), user_text
        date = _measure(page, f"{section} .design-interpolated bdi >> nth=1")
        assert date["text"] == "30/04/2021"
        centres = date["centres"]
        assert isinstance(centres, list)
        assert date["lines"] == 1, date
        assert centres == sorted(centres), date
        context.close()
