"""Every page of the showcase in Chromium: axe-core in both palettes and two widths,
a keyboard-only walk through the reading, and no request to another origin.
"""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.browser.test_accessibility import blocking_violations


class _Locations(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_loc = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_loc = tag == "loc"

    def handle_endtag(self, tag: str) -> None:
        self._in_loc = False

    def handle_data(self, data: str) -> None:
        if self._in_loc and data.strip():
            self.urls.append(data.strip())


@pytest.fixture(scope="module")
def every_page(site_url: str) -> list[str]:
    """Every page the site's own sitemap lists, and its 404 page."""
    with urllib.request.urlopen(site_url + "sitemap.xml") as response:  # the local test server
        parser = _Locations()
        parser.feed(response.read().decode("utf-8"))
    assert site_url + "essay/" in parser.urls
    assert site_url + "handout/" in parser.urls
    return [*parser.urls, site_url + "404.html"]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
def test_axe_finds_nothing_serious_on_any_page(browser, every_page, scheme, palette, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for url in every_page:
        page.goto(url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == palette
        found[url] = blocking_violations(page)
    context.close()
    assert found == {url: [] for url in every_page}


STATE = """() => {
  const active = document.activeElement;
  const popup = document.getElementById("seminar-popup");
  const target = active && active.getAttribute("data-seminar-popup");
  const source = target && document.getElementById(target);
  const details = active && active.tagName === "SUMMARY" ? active.parentElement : null;
  return {
    walk: active && active.dataset ? active.dataset.walk ?? null : null,
    summary: details ? details.dataset.walk ?? null : null,
    open: details ? details.open : null,
    popup: !!popup && !popup.hidden && popup.getBoundingClientRect().height > 0,
    shown: popup ? popup.textContent.replace(/\\s+/g, " ") : "",
    wanted: source ? source.textContent.replace(/\\s+/g, " ").trim().slice(0, 40) : "",
    body: active === document.body,
  };
}"""

MARK = """() => {
  const visible = (e) => !e.closest("[hidden], #seminar-popup");
  const triggers = [...document.querySelectorAll("article [data-seminar-popup]")].filter(visible);
  triggers.forEach((e, i) => { e.dataset.walk = "t" + i; });
  const why = [...document.querySelectorAll("article details.seminar-why")];
  why.forEach((e, i) => { e.dataset.walk = "d" + i; });
  return [triggers.map((e) => e.dataset.walk), why.map((e) => e.dataset.walk)];
}"""


def test_keyboard_alone_opens_every_popup_and_every_why(browser, site_url):
    """Tab through the reading from the top: each term and citation opens its pop-up on
    focus; each question's "Why this question?" opens with Enter."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + "essay/")
    triggers, why = page.evaluate(MARK)
    assert len(triggers) >= 10, "the essay has terms and citations"
    assert len(why) >= 3, "the essay has questions with their reasons"
    reached: dict[str, str] = {}
    opened: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        state = page.evaluate(STATE)
        if state["walk"] and state["walk"].startswith("t"):
            assert state["popup"], f"focus on {state['walk']} did not open the pop-up"
            assert state["wanted"] in state["shown"], state
            reached[state["walk"]] = state["shown"]
        if state["summary"]:
            assert state["open"] is False
            page.keyboard.press("Enter")
            assert page.evaluate(STATE)["open"] is True
            opened.add(state["summary"])
        if len(reached) == len(triggers) and len(opened) == len(why):
            break
    context.close()
    assert sorted(reached) == sorted(triggers)
    assert sorted(opened) == sorted(why)


OPEN_EVERY_POPUP = """async () => {
  const triggers = [...document.querySelectorAll("[data-seminar-popup]")]
    .filter((e) => !e.closest("[hidden], #seminar-popup"));
  for (const trigger of triggers) {
    trigger.focus();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return triggers.length;
}"""


PROBE = "https://example.invalid/probe.png"


def test_no_request_leaves_the_site(browser, site_url, every_page):
    """Every request of every page, with every pop-up opened and after instant
    navigation and a search, goes to the site's own origin."""
    origin = urlsplit(site_url)[:2]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    popups = 0
    for url in every_page:
        page.goto(url, wait_until="networkidle")
        popups += page.evaluate(OPEN_EVERY_POPUP)
    # Instant navigation: Material fetches the next page itself, then our script runs again.
    page.goto(site_url, wait_until="networkidle")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='essay/']").first.click()
    page.wait_for_url(site_url + "essay/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(OPEN_EVERY_POPUP) > 0
    search = page.locator("input.md-search__input")
    search.focus()
    search.press_sequentially("individualism", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    # The recorder sees a request to another origin: one made on purpose, then set aside.
    page.evaluate("(src) => document.body.append(Object.assign(new Image(), {src}))", PROBE)
    page.wait_for_timeout(200)
    context.close()
    assert PROBE in requests
    requests.remove(PROBE)
    assert popups > 20
    assert any(url.endswith("search_index.json") for url in requests)
    assert any(url.endswith("popup.js") for url in requests)
    outside = [
        url
        for url in requests
        if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url)[:2] != origin
    ]
    assert outside == []
