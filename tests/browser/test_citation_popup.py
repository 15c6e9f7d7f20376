"""Citation previews in a real browser: hover, focus, tap, Escape, instant navigation.

The essay's citations are `<a href="#ref-KEY" data-seminar-popup="ref-KEY">` links;
the pop-up shows the entry of the page's own References section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CITATION = 'span.citation a[data-seminar-popup="ref-bandinelli2019"]'
POPUP = "#seminar-popup"
#: The start and end of the APA entry, as the References section prints it (en-GB quotes).
REFERENCE_START = "Bandinelli, C., & Gandini, A. (2019). Hubs vs networks in the creative economy"
REFERENCE_END = "(pp. 89\u2013110). Palgrave Macmillan."


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + "essay/")
    yield page
    context.close()


def expect_reference(page: Page) -> None:
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(REFERENCE_START)
    expect(popup).to_contain_text(REFERENCE_END)
    # The same text as the References entry it copies, and no second id="ref-…".
    entry = page.locator("section.seminar-references #ref-bandinelli2019")
    assert " ".join(popup.inner_text().split()) == " ".join(entry.inner_text().split())
    assert page.locator("#ref-bandinelli2019").count() == 1


def test_hovering_a_citation_previews_the_full_reference(page: Page):
    trigger = page.locator(CITATION).first
    trigger.hover()
    expect_reference(page)
    expect(trigger).to_have_attribute("aria-expanded", "true")
    expect(trigger).to_have_attribute("aria-describedby", "seminar-popup")
    page.mouse.move(5, 790)
    expect(page.locator(POPUP)).to_be_hidden()
    expect(trigger).to_have_attribute("aria-expanded", "false")


def test_focusing_a_citation_with_tab_previews_it_and_escape_closes_it(page: Page):
    trigger = page.locator(CITATION).first
    for _ in range(300):
        page.keyboard.press("Tab")
        if trigger.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the citation link")
    expect_reference(page)
    page.keyboard.press("Escape")
    expect(page.locator(POPUP)).to_be_hidden()
    expect(trigger).to_be_focused()


def test_tapping_a_citation_on_a_phone_previews_it_then_follows_it(browser: Browser, site_url: str):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(site_url + "essay/")
    trigger = page.locator(CITATION).first
    trigger.scroll_into_view_if_needed()
    trigger.tap()
    expect_reference(page)
    assert page.url == site_url + "essay/"
    box = page.locator(POPUP).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 740
    page.keyboard.press("Escape")
    expect(page.locator(POPUP)).to_be_hidden()
    trigger.tap()
    expect(page.locator(POPUP)).to_be_visible()
    trigger.tap()  # a second tap follows the link to the entry
    page.wait_for_url(site_url + "essay/#ref-bandinelli2019")
    context.close()


def test_citation_previews_work_after_instant_navigation(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("window.seminarMarker = 'same document'")
    page.locator("a.md-footer__link--next").click()  # on to the essay
    page.wait_for_url(site_url + "essay/")
    trigger = page.locator(CITATION).first
    trigger.wait_for()
    assert page.evaluate("window.seminarMarker") == "same document"
    trigger.hover()
    expect_reference(page)
    page.mouse.move(5, 790)
    expect(page.locator(POPUP)).to_be_hidden()
    # The glossary cites the same work in a definition; its own References section serves it.
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(site_url + "glossary/")
    page.locator("section.seminar-references").wait_for()
    assert page.evaluate("window.seminarMarker") == "same document"
    page.locator("dl " + CITATION).first.focus()
    expect_reference_on(page, "section.seminar-references #ref-bandinelli2019")
    context.close()


def expect_reference_on(page: Page, entry_selector: str) -> None:
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(REFERENCE_START)
    entry = page.locator(entry_selector)
    assert " ".join(popup.inner_text().split()) == " ".join(entry.inner_text().split())
