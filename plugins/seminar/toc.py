"""The table of contents of a page Seminar adds a section to.

Sections Seminar appends to a page (its discussion questions, its References) are
listed in the page's table of contents like the author's own headings: under the
page's title when that is its only top-level heading, else at the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.toc import AnchorLink

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page


def list_section(page: Page, title: str, anchor: str) -> None:
    """List a section at the end of `page`, a level-2 heading with the id `anchor`."""
    link = AnchorLink(title, anchor, 2)
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:
        items[0].children.append(link)
    else:
        items.append(link)
