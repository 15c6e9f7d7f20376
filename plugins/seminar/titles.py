"""Labels of pages in back-links ("Cited in: Essay ¶2", "Used in: Essay ¶3").

A page is named as readers see it on the page itself: its `title` in the
front matter, else its first `<h1>`. Where two pages would get the same label
(a course page and a reading that share a heading), both keep their navigation
title instead, so a back-link never leaves the reader guessing. Plain Python:
no MkDocs here; the rendered HTML is read with `html.parser`.
"""

from __future__ import annotations

import functools
from collections import Counter
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Mapping


class PageNames(NamedTuple):
    """What a page may be called.

    Attributes:
        meta_title: `title` from the page's front matter, if any.
        html: The rendered page content.
        nav_title: The title MkDocs gives it (navigation, else heading, else file name).
    """

    meta_title: str | None
    html: str
    nav_title: str


class _FirstHeading(HTMLParser):
    """Text of the first `<h1>`, without its permalink (`a.headerlink`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.inside = False
        self.done = False
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "h1" and not self.inside:
            self.inside = True
        elif self.inside and (self.skip or "headerlink" in (dict(attrs).get("class") or "")):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.inside or self.done:
            return
        if self.skip:
            self.skip -= 1
        elif tag == "h1":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.inside and not self.done and not self.skip:
            self.parts.append(data)


def heading_text(html: str) -> str | None:
    """The text of the first `<h1>` of `html`, whitespace collapsed; None without one."""
    # Only the start of the page up to the first `</h1>` needs parsing (pages are long).
    end = html.find("</h1>")
    if end < 0:
        return None
    return _heading_text(html[: end + len("</h1>")])


@functools.lru_cache(maxsize=4096)
def _heading_text(start: str) -> str | None:
    # Cached: `serve` asks again for every page on every save, and most are unchanged.
    parser = _FirstHeading()
    parser.feed(start)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    return text or None


def page_labels(pages: Mapping[str, PageNames]) -> dict[str, str]:
    """Each page's label: front-matter title, else first heading; the nav title if shared."""
    own = {
        uri: names.meta_title or heading_text(names.html) or names.nav_title
        for uri, names in pages.items()
    }
    counts = Counter(own.values())
    return {
        uri: label if counts[label] == 1 else pages[uri].nav_title for uri, label in own.items()
    }
