"""Paragraph anchors: exact Markdown → HTML."""

from __future__ import annotations

import markdown
import pytest

from seminar.paragraphs import ParagraphAnchorsExtension, without_paragraph_ids


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


@pytest.mark.parametrize(
    ("html", "searched"),
    [
        ("", ""),
        ('<p id="p-1">One.</p>\n<p id="p-12">Two.</p>', "<p>One.</p>\n<p>Two.</p>"),
        # An author's own id, another attribute, and what only looks like a number: kept.
        ('<p id="mine">A</p><p id="p-1">B</p>', '<p id="mine">A</p><p>B</p>'),
        ('<p class="x" id="p-1">A</p>', '<p class="x" id="p-1">A</p>'),
        ('<p id="p-1" class="x">A</p><p id="p-2">B</p>', '<p id="p-1" class="x">A</p><p>B</p>'),
        (
            '<p id="p-">A</p><p id="p-²">B</p><p id="p-3">C</p>',
            '<p id="p-">A</p><p id="p-²">B</p><p>C</p>',
        ),
        # Text and code cannot hold the tag: Python-Markdown escapes `<` in them.
        (
            '<pre><code>&lt;p id="p-1"&gt;</code></pre>',
            '<pre><code>&lt;p id="p-1"&gt;</code></pre>',
        ),
        ('<p id="p-1', '<p id="p-1'),
    ],
)
def test_search_reads_numbered_paragraphs_without_their_ids(html, searched):
    assert without_paragraph_ids(html) == searched


def test_search_reads_the_words_of_every_paragraph_rendered():
    html = render("One *two*.\n\nThree [four](x).\n\n    code\n\n> five\n\nSix.")
    assert without_paragraph_ids(html) == (
        '<p>One <em>two</em>.</p>\n<p>Three <a href="x">four</a>.</p>\n'
        "<pre><code>code\n</code></pre>\n<blockquote>\n<p>five</p>\n</blockquote>\n<p>Six.</p>"
    )


def test_a_page_without_numbered_paragraphs_is_handed_on_as_it_is():
    html = "<h1>Title</h1><ul><li>item</li></ul>" * 50
    assert without_paragraph_ids(html) is html
