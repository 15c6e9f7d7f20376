"""Find citation placeholders in a rendered page and replace them.

The placeholders are our own `<span … data-seminar-cite="N">` elements, found
with `html.parser` (exact tags, never a regular expression over the page). For
each one we also note the top-level paragraph (`<p id="p-N">`) it sits in, for
the "Cited in: Essay ¶2" back-links.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

MARKER = "seminar:bibliography"


@dataclass(frozen=True)
class Placeholder:
    """Where a citation placeholder is in the page HTML.

    Attributes:
        index: Its number on the page (`data-seminar-cite`).
        start: Offset of `<span`.
        end: Offset just after its `</span>`.
        paragraph: Id of the enclosing top-level `<p>`, or "".
    """

    index: int
    start: int
    end: int
    paragraph: str


def _line_starts(html: str) -> list[int]:
    """The offset of every line's start: `str.find`, not a Python loop over each character."""
    starts = [0]
    newline = html.find("\n")
    while newline >= 0:
        starts.append(newline + 1)
        newline = html.find("\n", newline + 1)
    return starts


class _Finder(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = _line_starts(html)
        self.found: list[Placeholder] = []
        self.markers: list[tuple[int, int]] = []
        self.depth = 0
        self.paragraph = ""
        self.current: tuple[int, int] | None = None  # (index, start)
        self.span_depth = 0

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.current is not None:
            self.span_depth += tag == "span"
            return
        values = dict(attrs)
        if self.depth == 0 and tag == "p":
            self.paragraph = values.get("id") or ""
        index = values.get("data-seminar-cite") or ""
        if tag == "span" and index.isdigit():
            self.current = (int(index), self.position())
            self.span_depth = 1
            return
        if tag not in {"br", "hr", "img", "input", "meta", "link", "wbr"}:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.current is not None:
            if tag == "span":
                self.span_depth -= 1
                if self.span_depth == 0:
                    index, start = self.current
                    end = self.position() + len(self.get_endtag_text(tag))
                    self.found.append(Placeholder(index, start, end, self.paragraph))
                    self.current = None
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            self.paragraph = ""

    def get_endtag_text(self, tag: str) -> str:
        return f"</{tag}>"

    def handle_comment(self, data: str) -> None:
        if data.strip() == MARKER and self.current is None:
            end = self.position()
            self.markers.append((end, end + len(data) + 7))


def find_placeholders(html: str) -> list[Placeholder]:
    """Every citation placeholder of a page, in order."""
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    return finder.found


def find_marker(html: str) -> tuple[int, int] | None:
    """The span of the first `<!-- seminar:bibliography -->` comment, if any."""
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    return finder.markers[0] if finder.markers else None


def splice(html: str, replacements: dict[int, str], placeholders: list[Placeholder]) -> str:
    """Replace each placeholder by its index's HTML; other text is kept byte for byte."""
    out, position = [], 0
    for placeholder in placeholders:
        if placeholder.index not in replacements:
            continue
        out.append(html[position : placeholder.start])
        out.append(replacements[placeholder.index])
        position = placeholder.end
    out.append(html[position:])
    return "".join(out)
