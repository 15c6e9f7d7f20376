"""Stable paragraph anchors: `id="p-N"` on each top-level paragraph of a page.

Citations ("Cited in: Essay ¶2") and discussion questions ("Why this question?")
link to the paragraph they come from, so every top-level `<p>` of a page gets an
id from its position, counted from 1. A paragraph that already has an id (set
by the author with `{ #id }`) keeps it. Plain Python-Markdown; no MkDocs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown import Extension, Markdown, util
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

#: After `inline` (20) and `attr_list` (8), so ids that authors set themselves are seen.
PRIORITY = 7


def paragraph_id(number: int) -> str:
    """The anchor of the paragraph with this 1-based number."""
    return f"p-{number}"


def _is_raw_html(paragraph: etree.Element) -> bool:
    """Whether this `<p>` only holds a stashed raw HTML block (a comment, a `<div>`).

    Python-Markdown unwraps such paragraphs later, but only if they have no
    attributes; an id would leave the raw block wrapped in a `<p>`.
    """
    text = (paragraph.text or "").strip()
    return not len(paragraph) and util.HTML_PLACEHOLDER_RE.fullmatch(text) is not None


class ParagraphAnchors(Treeprocessor):
    """Give each top-level paragraph an id, and remember them in document order."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.anchors: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.anchors = []
        number = 0
        for child in root:
            if child.tag != "p" or _is_raw_html(child):
                continue
            number += 1
            child.set("id", child.get("id") or paragraph_id(number))
            self.anchors.append(child.get("id", ""))


class ParagraphAnchorsExtension(Extension):
    """Register `ParagraphAnchors` as the `seminar-paragraphs` treeprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ParagraphAnchors(md), "seminar-paragraphs", PRIORITY)
