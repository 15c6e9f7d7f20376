"""The CSL types Pandoc may give a BibTeX text's entries, read from their first word.

`tests/integration/test_style_cut_agreement.py` checks the table against Pandoc itself.
"""

from __future__ import annotations

import pytest

from seminar.citations.entry_types import TYPES, csl_types


def blocks(*texts: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A subset's text and its blocks' first lines, as `bibtex.Subset` holds them."""
    origins, line = [], 1
    for text in texts:
        origins.append((line, 0))
        line += text.count("\n") + 2
    return "\n\n".join(texts) + "\n", tuple(origins)


BOOK = "@book{mill1859,\n  title = {On Liberty},\n}"
ARTICLE = "@Article{hofstede1980,\n  title = {Culture},\n  entrysubtype = {magazine},\n}"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([blocks(BOOK)], {"book"}),
        # An article may be a journal's, a magazine's or a newspaper's: all three.
        (
            [blocks(BOOK, ARTICLE)],
            {"book", "article-journal", "article-magazine", "article-newspaper"},
        ),
        # Case and spaces as BibTeX allows them; `@string`, `@preamble`, `@comment` are no entries.
        (
            [
                blocks(
                    '@STRING{acm = "ACM"}', "@preamble{ {x} }", "@comment{x}", "@ InProceedings{a,}"
                )
            ],
            {"paper-conference"},
        ),
        ([blocks("@unpublished{talk,\n  venue = {Paris},\n}")], {"manuscript", "speech"}),
        ([blocks("@xdata{press,\n  publisher = {P},\n}", BOOK)], {"book"}),
        ([blocks("@misc{note,}")], {""}),
        # The blocks of every file count.
        ([blocks(BOOK), blocks("@online{site,}")], {"book", "webpage"}),
        ([], set()),
    ],
)
def test_the_types_of_every_entry(texts, expected):
    assert csl_types(texts) == expected


@pytest.mark.parametrize(
    "block",
    [
        pytest.param("@gadget{tool,}", id="an entry type the table does not know"),
        pytest.param("% a comment first\n@book{a,}", id="a block that does not start with @"),
        pytest.param("@{a,}", id="no entry type"),
    ],
)
def test_a_block_it_cannot_read_keeps_the_whole_style(block):
    assert csl_types([blocks(BOOK, block)]) is None


def test_the_table_is_in_lower_case_as_pandoc_folds_entry_types():
    assert all(name == name.lower() for name in TYPES)
