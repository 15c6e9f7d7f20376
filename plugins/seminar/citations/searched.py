"""What search reads of a rendered citation or reference entry: its words, without its tags.

Material's search parses every page with `html.parser`, tag by tag, and keeps only
the words of a `<span>` or an `<a>`: a citation's two or three tags cost search
about as much as a sentence. The plugin hands search each page with its
citations replaced by their words (exact string replacement of the HTML it
rendered itself), and the page keeps its markup. The words come out only when
the citation has the shape the shipped template gives it: one `<span
class="citation" …>`, no other span inside, links to works with plain text in
them. Anything else (a `custom_dir` template of another shape) is handed to
search as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_START = '<span class="citation"'
_END = "</span>"


def searched_words(citation: str) -> str:
    """The citation's words, or the citation unchanged when its shape is not known."""
    if not citation.startswith(_START) or not citation.endswith(_END):
        return citation
    start_tag_end = citation.find(">")
    inner = citation[start_tag_end + 1 : -len(_END)]
    if start_tag_end < 0 or "<span" in inner or _END in inner:
        return citation
    pieces: list[str] = []
    position = 0
    while (link := inner.find("<a ", position)) >= 0:
        close = inner.find(">", link)
        end = inner.find("</a>", close)
        if close < 0 or end < 0 or inner.find("<", close + 1, end) >= 0:
            return citation
        pieces += (inner[position:link], inner[close + 1 : end])
        position = end + len("</a>")
    pieces.append(inner[position:])
    return "".join(pieces)


#: The tags a formatted reference entry may have (`sanitize.ALLOWED_TAGS`) whose words
#: search keeps and whose tags it drops; `code`, `sub` and `sup` it keeps, so they stay.
_DROPPED = frozenset({"a", "b", "br", "em", "i", "small", "span", "strong"})


def searched_entry(entry: str) -> str:
    """A formatted reference entry without the tags search drops.

    Only for what `sanitize` wrote: every attribute value escaped, so a tag ends at
    the first `>` after its `<`, and text holds no `<`.
    """
    pieces: list[str] = []
    position = 0
    while (start := entry.find("<", position)) >= 0:
        end = entry.find(">", start)
        if end < 0:
            break
        name = entry[start + 1 : end].lstrip("/").split(" ", 1)[0].rstrip("/").lower()
        pieces.append(entry[position:start] if name in _DROPPED else entry[position : end + 1])
        position = end + 1
    if not pieces:
        return entry
    pieces.append(entry[position:])
    return "".join(pieces)


def searched_bibliography(entries: Iterable[str]) -> str:
    """What search reads of the full bibliography: each entry's words, one entry a line.

    Search keeps the words of the `<div>`s around each entry and drops the tags, so
    the index is the same as from the rendered list, without the two tags an entry
    (the tags each cost search a parser call, and a big library has thousands). The
    page's readers get the rendered list: this is only what search is handed.
    """
    return "\n".join(searched_entry(entry) for entry in entries)
