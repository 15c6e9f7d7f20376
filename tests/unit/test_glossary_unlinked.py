"""The copy of a page that search reads: term links taken off their words, nothing else."""

from __future__ import annotations

import pytest

from seminar.glossary.unlinked import without_term_links

LINK = '<a class="seminar-term" data-seminar-popup="seminar-def-{0}" href="../g/#term-{0}">'


@pytest.mark.parametrize(
    ("html", "searched"),
    [
        ("", ""),
        ("<p>No terms here.</p>", "<p>No terms here.</p>"),
        (f"<p>A {LINK.format('tie')}social tie</a> here.</p>", "<p>A social tie here.</p>"),
        (
            f"<li>{LINK.format('a')}R&amp;D</a>, {LINK.format('b')}b&#8217;s</a></li>",
            "<li>R&amp;D, b&#8217;s</li>",
        ),
        # Other links are not term links.
        (
            '<h2 id="x">X<a class="headerlink" href="#x">&para;</a></h2>',
            '<h2 id="x">X<a class="headerlink" href="#x">&para;</a></h2>',
        ),
        # From a link around markup on (an author's own term link), the page is left as is.
        (
            f"{LINK.format('a')}one</a> {LINK.format('b')}<em>two</em></a> {LINK.format('c')}3</a>",
            f"one {LINK.format('b')}<em>two</em></a> {LINK.format('c')}3</a>",
        ),
        (f"<p>{LINK.format('a')}never closed</p>", f"<p>{LINK.format('a')}never closed</p>"),
        (f"<p>{LINK.format('a')}", f"<p>{LINK.format('a')}"),
    ],
)
def test_term_links_give_their_words_and_nothing_else_changes(html, searched):
    assert without_term_links(html) == searched


def test_a_page_without_term_links_is_handed_on_as_it_is():
    html = "<p>Plain.</p>" * 100
    assert without_term_links(html) is html
