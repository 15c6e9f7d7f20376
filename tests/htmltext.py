"""Read built pages with a real HTML parser (never a regular expression over HTML)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_VOID = {
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
}


class _TextOf(HTMLParser):
    """Collect the text inside the first element matching (tag, class)."""

    def __init__(self, tag: str, css_class: str | None, skip_classes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class, self.skip_classes = tag, css_class, skip_classes
        self.depth = 0  # depth inside the wanted element; 0 = outside
        self.skip_depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done or tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth:
            self.depth += 1
            if self.skip_depth:
                self.skip_depth += 1
            elif classes & self.skip_classes:
                self.skip_depth = 1
        elif tag == self.tag and (self.css_class is None or self.css_class in classes):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.depth or tag in _VOID:
            return
        self.depth -= 1
        if self.skip_depth:
            self.skip_depth -= 1
        if not self.depth:
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_depth:
            self.parts.append(data)


def text_of(
    html: str, tag: str = "article", css_class: str | None = None, skip: set[str] | None = None
) -> str:
    """The whitespace-normalised text of the first `<tag class=css_class>` element."""
    parser = _TextOf(tag, css_class, skip or set())
    parser.feed(html)
    return normalise(" ".join(parser.parts))


def page_text(site: Path, page: str, **kwargs: object) -> str:
    """The text of the article of a built page, e.g. `page_text(site, "essay/index.html")`."""
    return text_of((site / page).read_text(encoding="utf-8"), **kwargs)  # type: ignore[arg-type]


def normalise(text: str) -> str:
    """Straight quotes, one space between words, no space before punctuation."""
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
    )
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([.,;:!?)])", r"\1", text).strip()


def essay_sentences(text: str) -> list[str]:
    """Split plain prose (not HTML) into sentences at ., ! or ? followed by a space."""
    return [s for s in re.split(r"(?<=[.!?])\s+", normalise(text)) if s]
