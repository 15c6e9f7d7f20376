"""Placeholders found by exact search are exactly those the HTML parser finds; author HTML
that looks like one sends the page back to the parser."""

from __future__ import annotations

import markdown
import pytest

from seminar.citations.resolve import find_emitted, find_placeholders
from seminar.citations.syntax import CitationsExtension
from seminar.paragraphs import ParagraphAnchorsExtension


def render(text: str) -> tuple[str, list[str]]:
    extension = CitationsExtension()
    html = markdown.markdown(
        text, extensions=[ParagraphAnchorsExtension(), extension, "attr_list", "md_in_html"]
    )
    return html, [c.paragraph for c in extension.citations]


@pytest.mark.parametrize(
    "text",
    [
        "Plain [@a].",
        "One [@a] and @b [p. 3].\n\nTwo [see @c, pp. 1-2; @d].",
        "*Emphasis [@a]* and **strong @b**.",
        "- a list [@a]\n- item @b\n\nAfter [@c].",
        "> quoted [@a]\n\nNot quoted [@b].",
        "Own id [@a].\n{: #mine }\n\nNext [@b].",
        "Keys with odd characters [@a:b.c#d$e%f&g-h+i?j<k>l~m/n].",
        "Escaped \\@a and code `[@a]`, then [@b].",
        '<div markdown="1">\nInside [@a].\n</div>\n\nOutside [@b].',
    ],
)
def test_exact_search_finds_what_the_parser_finds(text):
    html, paragraphs = render(text)
    emitted = find_emitted(html, paragraphs)
    assert emitted is not None
    assert emitted == find_placeholders(html)
    assert emitted


@pytest.mark.parametrize(
    "text",
    [
        'Forged <span data-seminar-cite="0">x</span> before [@a].',
        'Real [@a], then <span class="citation" data-cites="a" data-seminar-cite="0">x</span>.',
        'Real [@a].\n\n<!-- data-seminar-cite="0" -->',
        "Real [@a].\n\n<script>var x = 'data-seminar-cite=';</script>",
    ],
)
def test_anything_that_looks_like_a_placeholder_goes_to_the_parser(text):
    html, paragraphs = render(text)
    assert find_emitted(html, paragraphs) is None
