"""Our pipeline (bibtexparser checks, cited subset, one batch) against Pandoc on the whole `.bib`.

The corpus is `xampl.bib`, the BibTeX sample Debian ships in `texlive-base`; `make test`
extracts it from the `.deb` into `.cache/corpus/` (see the Makefile).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from seminar.citations import bibtex
from seminar.citations.engine import run_pandoc, style_path
from seminar.citations.sanitize import pieces
from tests.conftest import REPO
from tests.pandoc_direct import citations_for, pandoc_html

XAMPL = REPO / ".cache" / "corpus" / "xampl.bib"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def direct(citations: list[str], style: str) -> tuple[dict[str, str], dict[str, str]]:
    html = pandoc_html(XAMPL, style_path(style), citations)
    found, _ = pieces(html, "c-")
    entries, _ = pieces(html, "ref-")
    return found, entries


def agreement(style: str) -> tuple[float, list[tuple[str, str]]]:
    assert XAMPL.is_file(), f"{XAMPL} is missing: `make test` extracts it from texlive-base"
    bibliography = bibtex.load([str(XAMPL)])
    keys = bibliography.keys()
    assert len(keys) == 36
    citations = citations_for(keys)
    ours = run_pandoc(citations, bibliography.subset(keys), style, "en-US")
    theirs_cites, theirs_entries = direct(citations, style)
    pairs = [
        (plain(ours.citations[text]), plain(theirs_cites[f"c-{n}"]))
        for n, text in enumerate(citations)
    ]
    pairs += [
        (plain(ours.entries.get(key, "")), plain(theirs_entries.get(f"ref-{key}", "")))
        for key in keys
    ]
    differences = [pair for pair in pairs if pair[0] != pair[1]]
    return 1 - len(differences) / len(pairs), differences


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date", "mla", "harvard"])
def test_citations_and_bibliography_agree_with_pandoc_on_xampl(style):
    score, differences = agreement(style)
    print(f"{style} agreement {score:.3f}", *differences, sep="\n")
    assert score >= 0.98, differences


def test_a_small_cited_subset_agrees_too():
    """Only two entries cited: their crossref parents still reach Pandoc, nothing else does."""
    bibliography = bibtex.load([str(XAMPL)])
    keys = ["inbook-crossref", "incollection-crossref"]
    subset = bibliography.subset(keys)
    assert len(subset) == 1
    assert bibliography.needed(keys) == {*keys, "whole-set", "whole-collection"}
    text = subset[0].text
    assert "@INBOOK{inbook-crossref," in text
    assert "@BOOK{whole-set," in text
    assert "@STRING{ACM" in text
    assert "@preamble{" in text
    assert "@ARTICLE{article-full," not in text
    citations = citations_for(keys)
    ours = run_pandoc(citations, subset, "apa", "en-US")
    theirs_cites, theirs_entries = direct(citations, "apa")
    assert [plain(ours.citations[c]) for c in citations] == [
        plain(theirs_cites[f"c-{n}"]) for n in range(len(citations))
    ]
    assert ours.order == keys
    assert [plain(ours.entries[k]) for k in keys] == [
        plain(theirs_entries[f"ref-{k}"]) for k in keys
    ]


def test_corpus_is_really_cited_in_every_form():
    citations = citations_for(bibtex.load([str(XAMPL)]).keys())
    assert len(citations) == 36 * 5 + 1
    assert sum(bool(re.match(r"\[-@", c)) for c in citations) == 36
