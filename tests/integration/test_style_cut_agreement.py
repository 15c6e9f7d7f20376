"""A style cut to the cited works' types formats exactly as the whole style, in real Pandoc.

Pandoc 2.19 reads a style in time that grows with the style written out in full
(Chicago author-date: about 2.8 s), so every run reads it without the branches no
cited work's type can take (`citation_style.cut`), given the types read from the
entries' first words (`entry_types`). These tests hold both to Pandoc's own answers:
the table against the types Pandoc gives entries, and the cut style's output against
the whole style's, byte for byte.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from seminar.citations import bibtex, engine
from seminar.citations.citation_style import cut
from seminar.citations.engine import pandoc_path, run_pandoc, style_path
from seminar.citations.entry_types import TYPES, csl_types
from seminar.styles import BUNDLED_STYLES
from tests.conftest import REPO
from tests.pandoc_direct import citations_for, pandoc_html

XAMPL = REPO / ".cache" / "corpus" / "xampl.bib"
SHOWCASE = REPO / "references.bib"

#: Fields the reader could decide a type by: every one Pandoc reads beside the entry type
#: (subtype, event), and the ones a guess might (kind of thesis, how published, where).
VARIANTS = {
    "plain": "",
    "magazine": "entrysubtype = {magazine},",
    "newspaper": "entrysubtype = {newspaper},",
    "event": "eventdate = {2001-05-02}, eventtitle = {Congress}, venue = {Paris},",
    "everything": (
        "type = {phdthesis}, howpublished = {online}, url = {https://example.org},"
        " school = {S}, institution = {I}, organization = {O}, journal = {J},"
        " booktitle = {B}, editor = {Doe, Jane}, publisher = {P}, location = {L},"
        " number = {3}, pages = {1--2}, note = {N}, eprinttype = {arxiv}, eprint = {1},"
    ),
    "cross-referenced": "crossref = {parent},",
}
PARENT = "@article{parent, title = {P}, entrysubtype = {newspaper}, venue = {Rome}}\n"
#: Blocks `entry_types` counts as no work: Pandoc must give none of them a reference.
NOT_WORKS = (
    '@string{acm = "ACM"}\n@preamble{"x"}\n@comment{a note}\n@xdata{shared, publisher = {P}}\n'
)


def pandoc_types(path: Path, reader: str) -> dict[str, str]:
    result = subprocess.run(
        [str(pandoc_path()), "--sandbox", f"--from={reader}", "--to=csljson", str(path)],
        capture_output=True,
        check=True,
    )
    return {entry["id"]: entry.get("type", "") for entry in json.loads(result.stdout)}


@pytest.mark.parametrize("reader", ["biblatex", "bibtex"])
def test_every_row_of_the_table_is_what_pandoc_reads(tmp_path, reader):
    entries = [
        f"@{name}{{{name}-{variant}, author = {{Smith, John}}, title = {{T}}, year = {{2000}},"
        f" {fields}}}\n"
        for name in TYPES
        for variant, fields in VARIANTS.items()
    ]
    path = tmp_path / "types.bib"
    path.write_text(NOT_WORKS + PARENT + "".join(entries), encoding="utf-8")
    found = pandoc_types(path, reader)
    assert len(found) == 1 + len(TYPES) * len(VARIANTS)
    for name, expected in TYPES.items():
        reached = {found[f"{name}-{variant}"] for variant in VARIANTS}
        assert reached == expected, name


def direct(tmp_path: Path, bib: Path, citations: list[str], csl: str) -> str:
    """Pandoc's whole answer (HTML) for these citations, with this style's text."""
    style = tmp_path / "style.csl"
    style.write_text(csl, encoding="utf-8")
    return pandoc_html(bib, style, citations)


CORPORA = {
    # Books, an article and a chapter: what a course cites.
    "showcase": (SHOWCASE, None),
    # Nine types, crossrefs, @string and @preamble.
    "xampl": (XAMPL, None),
    # One type: nearly every type branch goes.
    "xampl articles": (
        XAMPL,
        ("article-minimal", "article-full", "article-crossref", "whole-journal"),
    ),
}


def cited(corpus: str) -> tuple[list[str], list[bibtex.Subset], frozenset[str]]:
    """The keys cited from a corpus, their BibTeX and their types."""
    path, chosen = CORPORA[corpus]
    assert path.is_file(), f"{path} is missing: `make test` extracts xampl.bib from texlive-base"
    bibliography = bibtex.load([str(path)])
    keys = list(chosen or bibliography.keys())
    subset = bibliography.subset(keys)
    types = csl_types((part.text, part.origins) for part in subset)
    assert types is not None
    return keys, subset, types


#: Harvard tests the types of xampl's nine types only: nothing to cut there.
UNCUT = {("harvard", "xampl")}


@pytest.mark.parametrize(
    ("style", "corpus"),
    [
        (style, corpus)
        for style in BUNDLED_STYLES
        for corpus in CORPORA
        if (style, corpus) not in UNCUT
    ],
)
def test_the_cut_style_formats_exactly_as_the_whole_style(tmp_path, style, corpus):
    keys, subset, types = cited(corpus)
    bib = tmp_path / "cited.bib"
    bib.write_text(subset[0].text, encoding="utf-8")
    whole = style_path(style).read_text(encoding="utf-8")
    cut_style = cut(whole, types=types)
    assert cut_style is not None
    assert len(cut_style) < len(whole)
    citations = citations_for(keys)
    assert direct(tmp_path, bib, citations, cut_style) == direct(tmp_path, bib, citations, whole)


@pytest.mark.parametrize(("style", "corpus"), sorted(UNCUT))
def test_a_style_with_nothing_to_cut_is_read_whole(style, corpus):
    _, _, types = cited(corpus)
    assert cut(style_path(style).read_text(encoding="utf-8"), types=types) is None


def test_every_run_reads_the_style_cut_to_the_cited_types(monkeypatch):
    """The engine hands Pandoc the cut style, and its answer is the whole style's."""
    read: list[str] = []
    run = subprocess.run

    def spy(command, *args, **kwargs):
        style = next(arg.removeprefix("--csl=") for arg in command if arg.startswith("--csl="))
        read.append(Path(style).read_text(encoding="utf-8"))
        return run(command, *args, **kwargs)

    bibliography = bibtex.load([str(SHOWCASE)])
    keys = list(bibliography.keys())
    subset = bibliography.subset(keys)
    citations = citations_for(keys)
    whole = style_path("chicago-author-date").read_text(encoding="utf-8")
    monkeypatch.setattr(engine.subprocess, "run", spy)
    formatted = run_pandoc(citations, subset, "chicago-author-date", "en-US")
    types = csl_types((part.text, part.origins) for part in subset)
    assert types == {"book", "chapter", "article-journal", "article-magazine", "article-newspaper"}
    assert read == [cut(whole, types=types)]
    monkeypatch.setattr(engine, "_cut_style", lambda *args, **kwargs: None)
    assert run_pandoc(citations, subset, "chicago-author-date", "en-US") == formatted
    assert read[1] == whole
