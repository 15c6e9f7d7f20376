"""Re-serialise Pandoc's HTML through a whitelist, and cut it into named pieces.

Whatever comes from a `.bib` file is untrusted. Pandoc already escapes text, but
its output still passes through here: only harmless tags and attributes
survive, links must be `http(s)` or `#ref-…`, and every `#ref-KEY` link becomes a
pop-up trigger (`data-seminar-popup="ref-KEY"`). Uses `html.parser`, never a
regular expression over HTML.

Characters outside Latin-1 are written as character references (an en dash as `&#8211;`),
as Python-Markdown writes its own typography (`&rsquo;`, `&para;`). CPython stores a
string at one byte per character only while every character in it is Latin-1: one
en dash from a reference list made the whole page it lands in twice the memory.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = {"a", "b", "br", "code", "em", "i", "small", "span", "strong", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"class", "href", "title", "style"}
SAFE_STYLES = {"font-variant:small-caps;", "font-variant: small-caps;", "font-variant:small-caps"}
VOID = {"br"}


def latin1(html: str) -> str:
    """`html` with every character outside Latin-1 as a numeric character reference."""
    return html.encode("latin-1", "xmlcharrefreplace").decode("latin-1")


def safe_href(href: str) -> bool:
    """Only web links and links to reference entries are kept."""
    lowered = href.strip().lower()
    return lowered.startswith(("http://", "https://", "#ref-"))


class _Pieces(HTMLParser):
    """Collect the sanitised inner HTML of every element whose id starts with a prefix."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.prefixes = prefixes
        self.pieces: dict[str, str] = {}
        self.order: list[str] = []
        self.current: str | None = None
        self.depth = 0
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.current is None:
            ident = dict(attrs).get("id") or ""
            if tag == "div" and ident.startswith(self.prefixes):
                self.current, self.depth, self.out, self.open = ident, 1, [], []
            return
        self.depth += tag not in VOID
        classes = (dict(attrs).get("class") or "").split()
        if tag not in ALLOWED_TAGS or (tag == "span" and "citation" in classes):
            self.open.append("")  # Pandoc's own citation span: ours replaces it
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES or value is None:
                continue
            if name == "href" and not safe_href(value):
                continue
            if name == "style" and value.strip() not in SAFE_STYLES:
                continue
            kept.append((name, value))
        href = dict(kept).get("href")
        if tag == "a" and href is None:
            self.open.append("")  # an unsafe link keeps its text, loses the link
            return
        if tag == "a" and href and href.startswith("#ref-"):
            kept.append(("data-seminar-popup", href[1:]))
        elif tag == "a":
            kept.append(("rel", "noopener"))
        rendered = "".join(f' {name}="{latin1(escape(value))}"' for name, value in kept)
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.current is not None and tag in VOID:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self.current is None or tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            html = "".join(self.out).strip()
            self.pieces[self.current] = " ".join(html.split("\n"))
            self.order.append(self.current)
            self.current = None
            return
        name = self.open.pop() if self.open else ""
        if name:
            self.out.append(f"</{name}>")

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.out.append(latin1(escape(data, quote=False)))


def pieces(html: str, *prefixes: str) -> tuple[dict[str, str], list[str]]:
    """Sanitised inner HTML of the `<div id="PREFIX…">` elements, and their order.

    Args:
        html: Pandoc's HTML output.
        prefixes: Id prefixes of the wanted `div`s, e.g. `"c-"`, `"ref-"`.
    """
    parser = _Pieces(prefixes)
    parser.feed(html)
    parser.close()
    return parser.pieces, parser.order
