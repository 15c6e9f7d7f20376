"""What search reads of a rendered citation: exact input -> output."""

from __future__ import annotations

import pytest

from seminar.citations.searched import searched_bibliography, searched_entry, searched_words

LINK = '<a href="#ref-{0}" data-seminar-popup="ref-{0}">'


@pytest.mark.parametrize(
    ("citation", "words"),
    [
        (
            f'<span class="citation" data-cites="doe2020">({LINK.format("doe2020")}Doe, 2020</a>)'
            "</span>",
            "(Doe, 2020)",
        ),
        (
            '<span class="citation" data-cites="a b">'
            f"({LINK.format('a')}A, 2001</a>; {LINK.format('b')}B &amp; C, 2002</a>, p.&#160;5)"
            "</span>",
            "(A, 2001; B &amp; C, 2002, p.&#160;5)",
        ),
        # An unknown key: the citation as written, already without links.
        (
            '<span class="citation citation-missing" data-cites="nope">[@nope?]</span>',
            '<span class="citation citation-missing" data-cites="nope">[@nope?]</span>',
        ),
        ('<span class="citation" data-cites="x">[@x?]</span>', "[@x?]"),
        # Other markup stays (MLA cites titles in italics); a link around markup is
        # handed on as it is.
        (
            '<span class="citation" data-cites="t">(<em>Title</em> 12)</span>',
            "(<em>Title</em> 12)",
        ),
        (
            f'<span class="citation" data-cites="t">({LINK.format("t")}<em>T</em></a> 12)</span>',
            f'<span class="citation" data-cites="t">({LINK.format("t")}<em>T</em></a> 12)</span>',
        ),
        # Shapes of another template are handed on as they are.
        ('<sup class="citation">1</sup>', '<sup class="citation">1</sup>'),
        (
            '<span class="citation" data-cites="a">(A)</span> <span>and more</span>',
            '<span class="citation" data-cites="a">(A)</span> <span>and more</span>',
        ),
        (
            '<span class="citation" data-cites="a"><span class="x">A</span></span>',
            '<span class="citation" data-cites="a"><span class="x">A</span></span>',
        ),
        (
            f'<span class="citation" data-cites="a">{LINK.format("a")}never closed</span>',
            f'<span class="citation" data-cites="a">{LINK.format("a")}never closed</span>',
        ),
        ("", ""),
    ],
)
def test_search_reads_a_citations_words(citation, words):
    assert searched_words(citation) == words


@pytest.mark.parametrize(
    ("entry", "searched"),
    [
        ("Doe, J. (2020). Press.", "Doe, J. (2020). Press."),
        (
            'Doe, J. (2020). <em>A <span class="nocase">Book</span></em>. '
            '<a href="https://doi.org/10.1/x" rel="noopener">https://doi.org/10.1/x</a>',
            "Doe, J. (2020). A Book. https://doi.org/10.1/x",
        ),
        (
            'R&amp;D <span style="font-variant:small-caps;">Roe</span>, <strong>5</strong><br>next',
            "R&amp;D Roe, 5next",
        ),
        # Search keeps code, sub and sup in its index: they stay.
        ("H<sub>2</sub>O and <code>x &lt; y</code>", "H<sub>2</sub>O and <code>x &lt; y</code>"),
        ("<i>x</i><sup>2</sup>", "x<sup>2</sup>"),
        ("", ""),
    ],
)
def test_search_reads_a_reference_entry_without_the_tags_it_drops(entry, searched):
    assert searched_entry(entry) == searched


@pytest.mark.parametrize(
    ("entries", "searched"),
    [
        ([], ""),
        (["Doe, J. (2020). Press."], "Doe, J. (2020). Press."),
        (
            ["Doe, J. (2020). <em>Book</em>.", "Roe, R. (1999). H<sub>2</sub>O."],
            "Doe, J. (2020). Book.\nRoe, R. (1999). H<sub>2</sub>O.",
        ),
    ],
)
def test_search_reads_the_bibliography_as_its_entries_words_one_a_line(entries, searched):
    assert searched_bibliography(iter(entries)) == searched
