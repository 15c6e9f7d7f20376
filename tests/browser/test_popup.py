"""The pop-up in a real browser: hover, focus, Escape, tap, instant navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

SOVEREIGNTY = 'a.seminar-term[data-seminar-popup="seminar-def-sovereignty-of-the-individual"]'
DEFINITION = "the final authority over their own life"
POPUP = "#seminar-popup"


@pytest.fixture
def page(browser, site_url) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + "essay/")
    yield page
    context.close()


def test_hover_shows_the_rich_definition_and_the_pointer_can_move_into_it(page: Page):
    popup = page.locator(POPUP)
    trigger = page.locator(SOVEREIGNTY)
    trigger.hover()
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(DEFINITION)
    expect(popup).to_contain_text("Sovereignty of the individual")
    expect(trigger).to_have_attribute("aria-describedby", "seminar-popup")
    expect(trigger).to_have_attribute("aria-expanded", "true")
    box = popup.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(600)
    expect(popup).to_be_visible()  # hoverable: moving into it does not close it
    page.mouse.move(5, 790)
    expect(popup).to_be_hidden()
    expect(trigger).to_have_attribute("aria-expanded", "false")
    assert trigger.get_attribute("aria-describedby") is None


def test_keyboard_focus_shows_it_and_escape_hides_it(page: Page):
    trigger = page.locator(SOVEREIGNTY)
    for _ in range(200):
        page.keyboard.press("Tab")
        if trigger.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the term link")
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(DEFINITION)
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()
    assert trigger.evaluate("element => element === document.activeElement")
    # Focus moving elsewhere (blur) closes it.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(popup).to_be_visible()
    page.locator("input.md-search__input").focus()
    expect(popup).to_be_hidden()
    expect(trigger).to_have_attribute("aria-expanded", "false")


def test_tab_reaches_the_links_inside_the_popup(page: Page, site_url):
    trigger = page.locator(SOVEREIGNTY)
    trigger.focus()
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    # The definition's own link ("The essay", written as essay.md in the glossary).
    link = popup.get_by_role("link", name="The essay")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    expect(popup).to_be_visible()
    assert link.evaluate("link => link.href") == site_url + "essay/"
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()
    expect(trigger).to_be_focused()


def test_a_tap_on_a_phone_opens_it_inside_the_viewport_and_a_second_tap_follows(browser, site_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(site_url + "essay/")
    trigger = page.locator('#p-1 a.seminar-term[data-seminar-popup="seminar-def-collectivism"]')
    trigger.scroll_into_view_if_needed()
    trigger.tap()
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    expect(popup).to_contain_text("priority to the group")
    assert page.url == site_url + "essay/"
    box = popup.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 740
    # An outside tap closes it.
    page.touchscreen.tap(180, 20)
    expect(popup).to_be_hidden()
    # First tap opens, second tap follows the link to the glossary entry.
    trigger.tap()
    expect(popup).to_be_visible()
    trigger.tap()
    page.wait_for_url(site_url + "glossary/#term-collectivism")
    context.close()


def test_popup_stays_inside_a_wide_screen_near_the_right_edge(browser, site_url):
    context = browser.new_context(viewport={"width": 1920, "height": 1000})
    page = context.new_page()
    page.goto(site_url + "essay/")
    triggers = page.locator("a.seminar-term")
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        trigger.focus()
        box = page.locator(POPUP).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 1920
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= 1000
    context.close()


def test_it_still_works_after_instant_navigation(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("window.seminarMarker = 'same document'")
    page.locator("a.md-footer__link--next").click()  # "Next: Reading"
    page.wait_for_url(site_url + "essay/")
    # The URL changes before the new content is in: wait for the essay's own link.
    trigger = page.locator("#p-1 " + SOVEREIGNTY)
    trigger.wait_for()
    # Instant navigation swapped the page without a reload.
    assert page.evaluate("window.seminarMarker") == "same document"
    trigger.hover()
    popup = page.locator(POPUP)
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(DEFINITION)
    page.mouse.move(5, 790)
    expect(popup).to_be_hidden()
    # On to a page whose store holds other definitions.
    page.locator("a.md-footer__link--next").click()  # "Next: Glossary"
    page.wait_for_url(site_url + "glossary/")
    page.locator("dt#term-individualism").wait_for()
    assert page.evaluate("window.seminarMarker") == "same document"
    page.locator("#p-1 a.seminar-term").focus()
    expect(popup).to_be_visible()
    expect(popup).to_contain_text("basic unit of value")
    assert page.locator(POPUP).count() == 1
    context.close()
