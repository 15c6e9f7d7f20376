"""Paragraph anchors: exact Markdown → HTML."""

from __future__ import annotations

import markdown
import pytest

from seminar.paragraphs import ParagraphAnchorsExtension


def render(text: str) -> str:
    return markdown.markdown(
        text, extensions=["attr_list", "fenced_code", ParagraphAnchorsExtension()]
    )


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("One.\n\nTwo.", '<p id="p-1">One.</p>\n<p id="p-2">Two.</p>'),
        ("# Title\n\nOne.", '<h1>Title</h1>\n<p id="p-1">One.</p>'),
        ("One.\n{ #mine }\n\nTwo.", '<p id="mine">One.</p>\n<p id="p-2">Two.</p>'),
        ("- item\n\nOne.", '<ul>\n<li>item</li>\n</ul>\n<p id="p-1">One.</p>'),
        (
            "One.\n\n<!-- marker -->\n\nTwo.",
            '<p id="p-1">One.</p>\n<!-- marker -->\n\n<p id="p-2">Two.</p>',
        ),
        ("<div>raw</div>\n\nOne.", '<div>raw</div>\n\n<p id="p-1">One.</p>'),
        ("> quoted\n\nOne.", '<blockquote>\n<p>quoted</p>\n</blockquote>\n<p id="p-1">One.</p>'),
        # Raw block HTML and fenced code are not paragraphs (and stay unwrapped).
        ("A\n\n<div>raw</div>\n\nB", '<p id="p-1">A</p>\n<div>raw</div>\n\n<p id="p-2">B</p>'),
        (
            "A\n\n```\ncode\n```\n\nB",
            '<p id="p-1">A</p>\n<pre><code>code\n</code></pre>\n<p id="p-2">B</p>',
        ),
        ("<span>inline</span>", '<p id="p-1"><span>inline</span></p>'),
    ],
)
def test_top_level_paragraphs_are_numbered(source, html):
    assert render(source) == html
