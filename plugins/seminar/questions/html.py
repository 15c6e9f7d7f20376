"""The paragraphs of a rendered page, read with the standard HTML parser.

Only top-level `<p>` elements count (those the paragraph-anchors extension
numbers `p-N`): list items, quotations, admonitions and tables are not the
essay's own prose. A citation is kept as a Pandoc `[@key]` group whatever form
it has on the page: a rendered `<span class="citation" data-cites="a b">`, a
placeholder element with `data-cites`, or the raw `[@key]` text. The
citation's visible text is kept as its label ("Mill, 1859").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from seminar.questions.text import Paragraph, normalise_space

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
#: Elements whose text is not part of the sentence (footnote marks, scripts).
_SKIP_TAGS = frozenset({"sup", "script", "style", "template"})


@dataclass
class PageProse:
    """What `read_paragraphs` found: paragraphs, and labels of cited keys."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


class _ParagraphReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = PageProse()
        self.depth = 0  # nesting depth of the whole document
        self.paragraph_depth = 0  # depth of the open top-level <p>, 0 when none
        self.anchor = ""
        self.parts: list[str] = []
        self.skip_depth = 0
        self.citation_depth = 0
        self.citation_keys: list[str] = []
        self.citation_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        self.depth += 1
        values = dict(attrs)
        if not self.paragraph_depth:
            if tag == "p" and self.depth == 1:
                self.paragraph_depth = self.depth
                self.anchor = values.get("id") or ""
                self.parts = []
            return
        if self.skip_depth or self.citation_depth:
            return
        if tag in _SKIP_TAGS:
            self.skip_depth = self.depth
        elif values.get("data-cites") is not None:
            self.citation_depth = self.depth
            self.citation_keys = (values.get("data-cites") or "").split()
            self.citation_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_depth == self.depth:
            self.skip_depth = 0
        elif self.citation_depth == self.depth:
            self.citation_depth = 0
            label = normalise_space("".join(self.citation_text)).strip("()[] ")
            keys = self.citation_keys
            self.parts.append(" [" + "; ".join(f"@{k}" for k in keys) + "] ")
            # A placeholder still holds the source text ("[@key]"): not a label.
            if len(keys) == 1 and label and "@" not in label:
                self.result.labels.setdefault(keys[0], label)
        elif self.paragraph_depth == self.depth:
            self.paragraph_depth = 0
            text = normalise_space("".join(self.parts))
            if text:
                anchor = self.anchor or f"p-{len(self.result.paragraphs) + 1}"
                self.result.paragraphs.append(Paragraph(anchor, text))
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.paragraph_depth or self.skip_depth:
            return
        if self.citation_depth:
            self.citation_text.append(data)
        else:
            self.parts.append(data)


def read_paragraphs(html: str) -> PageProse:
    """The top-level paragraphs of a page's content HTML, in order."""
    reader = _ParagraphReader()
    reader.feed(html)
    reader.close()
    return reader.result
