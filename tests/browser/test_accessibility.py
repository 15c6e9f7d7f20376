"""axe-core on the essay and glossary pages, light and dark, pop-up open and closed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
# Two findings in Material's own chrome (mkdocs-material 9.8), not in Seminar's
# output: its search dialog and its instant-loading progress bar have no
# accessible name. They are ignored by exact rule and element, nothing else.
MATERIAL = {("aria-dialog-name", ".md-search"), ("aria-progressbar-name", ".md-progress")}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(node["target"])
            if (violation["id"], target) not in MATERIAL:
                found.append(f"{violation['id']} ({violation['impact']}): {target}")
    return found


@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("path", ["essay/", "glossary/"])
def test_no_serious_or_critical_violation(browser, site_url, scheme, palette, path):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == palette
    assert blocking_violations(page) == []
    page.locator("a.seminar-term").first.focus()
    page.locator("#seminar-popup").wait_for(state="visible")
    assert blocking_violations(page) == []
    context.close()
