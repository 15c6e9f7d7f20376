"""Page labels for back-links: front-matter title, else the first heading, else the nav title."""

from __future__ import annotations

import pytest

from seminar.titles import PageNames, heading_text, page_labels


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<h1 id="x">Hubs and Networks</h1><p>a</p>', "Hubs and Networks"),
        (
            '<h1 id="x">Hubs <em>and</em> Networks<a class="headerlink" href="#x" '
            'title="Permanent link">¶</a></h1>',
            "Hubs and Networks",
        ),
        ("<h2>Not a title</h2><h1>Late &amp; last</h1><h1>Second</h1>", "Late & last"),
        ("<p>No heading</p>", None),
        ("<h1>  </h1>", None),
    ],
)
def test_heading_text(html, text):
    assert heading_text(html) == text


def test_page_labels_prefer_the_pages_own_title_unless_two_pages_share_it():
    pages = {
        "index.md": PageNames(None, "<h1>Individualism</h1>", "Course"),
        "essay.md": PageNames(None, "<h1>Individualism</h1>", "Reading"),
        "notes.md": PageNames("Reading notes", "<h1>Notes</h1>", "Notes"),
        "glossary.md": PageNames(None, "<h1>Glossary</h1>", "Terms"),
        "bare.md": PageNames(None, "<p>text</p>", "Bare"),
    }
    assert page_labels(pages) == {
        "index.md": "Course",
        "essay.md": "Reading",
        "notes.md": "Reading notes",
        "glossary.md": "Glossary",
        "bare.md": "Bare",
    }
