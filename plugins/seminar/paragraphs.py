"""Stable paragraph anchors: `id="p-N"` on each top-level paragraph of a page.

Citations ("Cited in: Essay ¶2") and discussion questions ("Why this question?")
link to the paragraph they come from, so every top-level `<p>` of a page gets an
id from its position, counted from 1. A paragraph that already has an id (set
by the author with `{ #id }`) keeps it. Plain Python-Markdown; no MkDocs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

#: After `inline` (20) and `attr_list` (8), so ids that authors set themselves are seen.
PRIORITY = 7


def paragraph_id(number: int) -> str:
    """The anchor of the paragraph with this 1-based number."""
    return f"p-{number}"


#: How Python-Markdown writes the start tag of a paragraph that only has our id.
NUMBERED_START = '<p id="p-'


def without_paragraph_ids(html: str) -> str:
    """`html` with each `<p id="p-N">` written `<p>`: the copy of a page search reads.

    Material's search keeps a paragraph's tag and words but never its id, and parsing
    an attribute costs it about 3 µs: 18 ms over the benchmark's heavy course. Found by
    exact search for the tag as Python-Markdown writes it for a paragraph with no other
    attribute (`<` is escaped in text); any other tag is kept.
    """
    pieces: list[str] = []
    position = 0
    while (start := html.find(NUMBERED_START, position)) >= 0:
        digits = start + len(NUMBERED_START)
        close = html.find('">', digits)
        if close < 0:
            break
        number = html[digits:close]
        if number.isdecimal() and number.isascii():
            pieces += (html[position:start], "<p>")
            position = close + 2
        else:
            pieces.append(html[position:digits])
            position = digits
    if not pieces:
        return html
    pieces.append(html[position:])
    return "".join(pieces)


class ParagraphAnchors(Treeprocessor):
    """Give each top-level paragraph an id, and remember them in document order."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.anchors: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.anchors = []
        number = 0
        for child in root:
            if child.tag != "p" or self._is_raw_html_block(child):
                continue
            number += 1
            child.set("id", child.get("id") or paragraph_id(number))
            self.anchors.append(child.get("id", ""))

    def _is_raw_html_block(self, paragraph: etree.Element) -> bool:
        """A `<p>` that only wraps stashed block HTML (a raw `<div>`, fenced code).

        Python-Markdown unwraps these after rendering, but only when the `<p>` has
        no attributes; an id would leave `<p id="p-N"><pre>…` behind.
        """
        text = paragraph.text
        if not text or STX not in text or len(paragraph):
            return False  # the common case: a paragraph of text
        placeholder = HTML_PLACEHOLDER_RE.fullmatch(text.strip())
        if placeholder is None:
            return False
        blocks = self.md.htmlStash.rawHtmlBlocks
        index = int(placeholder.group(1))
        raw = blocks[index] if index < len(blocks) else None
        if not isinstance(raw, str):
            return False
        tag = re.match(r"</?([^ >]+)", raw.lstrip())  # the stashed HTML, not the page
        if tag is None:
            return False
        return tag.group(1)[0] in "!?@%" or self.md.is_block_level(tag.group(1))


class ParagraphAnchorsExtension(Extension):
    """Register `ParagraphAnchors` as the `seminar-paragraphs` treeprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ParagraphAnchors(md), "seminar-paragraphs", PRIORITY)
