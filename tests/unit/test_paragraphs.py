"""Paragraph anchors: exact Markdown → HTML."""

from __future__ import annotations

import markdown
import pytest

from seminar.paragraphs import ParagraphAnchorsExtension


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", ParagraphAnchorsExtension()])


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
    ],
)
def test_top_level_paragraphs_are_numbered(source, html):
    assert render(source) == html
