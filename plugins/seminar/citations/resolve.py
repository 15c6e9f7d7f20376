"""Find citation placeholders in a rendered page and replace them.

The placeholders are our own `<span class="citation" data-cites="…"
data-seminar-cite="N">` elements. `find_emitted` looks for exactly the ones the
page's Markdown produced, by exact string search (never a regular expression):
each number `0, 1, …` once (in the order Python-Markdown processed them), each
closed by `</span>` with no tag inside, and `data-seminar-cite=` nowhere else in
the page. Author HTML cannot pass for one unnoticed: any other
`data-seminar-cite=` (even in a comment or a script, where a parser would not
see it) breaks the count, and the page is then read by `find_placeholders`, with
`html.parser`, exactly as before. The top-level paragraph each citation sits in
(for "Cited in: Essay ¶2") was noted on the Markdown tree (`syntax.py`).
"""

from __future__ import annotations

from html.parser import HTMLParser

MARKER = "seminar:bibliography"


class Placeholder:
    """Where a citation placeholder is in the page HTML.

    A plain class: a frozen dataclass costs each build about a millisecond at import,
    and a named tuple's `index` would hide `tuple.index`.

    Attributes:
        index: Its number on the page (`data-seminar-cite`).
        start: Offset of `<span`.
        end: Offset just after its `</span>`.
        paragraph: Id of the enclosing top-level `<p>`, or "".
    """

    __slots__ = ("end", "index", "paragraph", "start")

    def __init__(self, index: int, start: int, end: int, paragraph: str) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.paragraph = paragraph

    def _fields(self) -> tuple[int, int, int, str]:
        return (self.index, self.start, self.end, self.paragraph)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Placeholder):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Placeholder({self.index!r}, {self.start!r}, {self.end!r}, {self.paragraph!r})"


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


#: How every placeholder starts: Python-Markdown writes attributes in the order set.
OPENING = '<span class="citation" data-cites="'


def find_emitted(html: str, paragraphs: list[str]) -> list[Placeholder] | None:
    """The page's placeholders by exact search, or None when they are not exactly ours.

    Args:
        html: The page.
        paragraphs: For each citation the page's Markdown produced, its paragraph id.
    """
    if html.count("data-seminar-cite=") != len(paragraphs):
        return None  # another span claims to be a placeholder: let the parser judge
    found: list[Placeholder] = []
    position = 0
    for _ in paragraphs:
        start = html.find(OPENING, position)
        close = html.find(">", start) if start >= 0 else -1
        attribute = html.rfind(' data-seminar-cite="', start, close)
        if attribute < 0 or html[close - 1] != '"':
            return None
        number = html[attribute + len(' data-seminar-cite="') : close - 1]
        end = html.find("</span>", close)
        if not number.isdigit() or end < 0 or html.find("<", close + 1, end) >= 0:
            return None
        position = end + len("</span>")
        index = int(number)
        if index >= len(paragraphs):
            return None
        found.append(Placeholder(index, start, position, paragraphs[index]))
    if sorted(p.index for p in found) != list(range(len(paragraphs))):
        return None
    return found


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
