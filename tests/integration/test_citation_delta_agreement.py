"""Formatting only what an edit added gives exactly what Pandoc gives formatting everything.

A synthetic course of the benchmark's kind (a few surnames shared by many works, LaTeX
accents in names, every citation form) is formatted whole by Pandoc; then citations
of works it already cites are added, one at a time: the small document's witnesses
must come back as before, and its answer (read with the style cut to its citations,
`citation_style`) must equal a whole run of the new batch.
Namesakes are read as each style compares people: the bundled styles by the first
person of each list, and APA made to disambiguate every name (`all-names`) by all.
The plan of every citation (`delta.every_citation`, where no small document will do)
is checked the same way, and so is the plan a style that numbers citations or tests
their position always gets (IEEE, Chicago): every citation in its new order, an added
citation put anywhere.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

from bench.corpus import CourseSpec, write_course
from seminar.citations import bibtex, delta
from seminar.citations.engine import run_pandoc, style_path
from seminar.citations.prescan import scan

if TYPE_CHECKING:
    from pathlib import Path

FORMS = ("@{k}", "[@{k}, p. {p}]", "[-@{k}]", "[see @{k}; @{j}]", "@{k} [p. {p}]")


def course(
    tmp_path: Path, spec: CourseSpec
) -> tuple[bibtex.Bibliography, dict[str, tuple[str, ...]]]:
    """A synthetic course's `.bib`, and its citations (Pandoc text -> keys) in page order."""
    write_course(spec, tmp_path / "course")
    bibliography = bibtex.load([str(tmp_path / "course" / "references.bib")])
    citations: dict[str, tuple[str, ...]] = {}
    for page in sorted((tmp_path / "course" / "docs").rglob("*.md")):
        for citation in scan(page.read_text(encoding="utf-8")):
            citations.setdefault(citation.pandoc(), tuple(citation.keys))
    return bibliography, citations


@pytest.mark.parametrize(
    ("style", "seed", "every"),
    [
        ("apa", 1, False),
        ("harvard", 2, False),
        ("mla", 3, False),
        ("apa-every-name", 4, False),
        # The plan of every citation, where no small document will do.
        ("apa", 5, True),
        ("mla", 6, True),
    ],
)
def test_narrowed_answers_equal_whole_runs(
    tmp_path: Path, style: str, seed: int, *, every: bool
) -> None:
    if style == "apa-every-name":
        csl = tmp_path / "apa-every-name.csl"
        rule = 'givenname-disambiguation-rule="{}"'
        apa = style_path("apa").read_text(encoding="utf-8")
        csl.write_text(
            apa.replace(rule.format("primary-name-with-initials"), rule.format("all-names")),
            encoding="utf-8",
        )
        style = str(csl)
    first_only = delta.first_names_only(style_path(style).read_text(encoding="utf-8"))
    assert first_only is (not style.endswith("every-name.csl"))
    bibliography, before = course(tmp_path, CourseSpec("d", 24, 200, 320, 220, 220, 3))
    cited = sorted({key for keys in before.values() for key in keys})
    bibs = bibliography.subset(cited)
    whole = run_pandoc(list(before), bibs, style, "en-US")

    def names(key: str) -> frozenset[str] | None:
        return delta.names(bibliography.block(key) or "", first_only)

    rng = random.Random(seed)
    planned = narrowed = 0
    for _ in range(4):
        form = rng.choice(FORMS)
        keys = {"k": rng.choice(cited), "j": rng.choice(cited), "p": rng.randint(2, 300)}
        added = next(scan(form.format(**keys)))
        now = {**before, added.pandoc(): tuple(added.keys)}
        plan = (
            delta.every_citation(before, now, set(cited), [added.pandoc()])
            if every and added.pandoc() not in before
            else delta.plan(before, now, names)
        )
        if plan is None or not plan.added:
            continue
        planned += 1
        assert not every or plan.citations == list(now)
        # As the formatter runs it: Pandoc reads the style cut to its citations.
        small = run_pandoc(
            plan.citations, bibliography.subset(plan.keys), style, "en-US", citations_only=True
        )
        # The witnesses come back as before (else the formatter would format everything:
        # correct, but no faster), and the answer used is Pandoc's own.
        assert [small.citations.get(text) for text in plan.witnesses] == [
            whole.citations[text] for text in plan.witnesses
        ]
        narrowed += 1
        expected = run_pandoc(list(now), bibs, style, "en-US")
        assert small.citations[added.pandoc()] == expected.citations[added.pandoc()], form
        # Nothing else changes: every other citation and the reference list are as before.
        assert all(expected.citations[text] == whole.citations[text] for text in before)
        assert (expected.entries, expected.order) == (whole.entries, whole.order)
    assert narrowed == planned >= 2


YEAR_LETTERS_BIB = """
@book{later, author = {Fischer, Nina}, title = {Zeal and order}, year = {2019},
  publisher = {Polity}, address = {Cambridge}}
@book{earlier, author = {Fischer, Nina}, title = {Anarchy and order}, year = {2019},
  publisher = {Polity}, address = {Cambridge}}
@article{other, author = {Fischer, Paul and Costa, Ana}, title = {Commons}, year = {2020},
  journal = {Journal of Civic Life}, volume = {4}, pages = {1--20}}
@incollection{chapter, author = {Dvo{\\v{r}}{\\'a}k, Jan}, title = {Trust},
  booktitle = {Essays}, editor = {Ng, Mei}, year = {2018}, pages = {5--9},
  publisher = {Routledge}, address = {London}}
"""


@pytest.mark.parametrize("style", ["apa", "harvard", "mla", "ieee"])
def test_the_cut_style_formats_citations_as_the_whole_style(tmp_path: Path, style: str) -> None:
    # Year letters follow the bibliography's order (by title here), not the order of
    # citing; names and initials tell apart two Fischers. Chicago is left out: it tests
    # `position`, so its citations are never formatted by a small run.
    (tmp_path / "references.bib").write_text(YEAR_LETTERS_BIB, encoding="utf-8")
    bibs = bibtex.load([str(tmp_path / "references.bib")]).subset(
        ["later", "earlier", "other", "chapter"]
    )
    citations = [
        "[@later]",
        "@earlier [p. 4]",
        "[see @other; @later, chap. 2]",
        "[-@earlier]",
        "[@chapter, pp. 6-7]",
    ]
    whole = run_pandoc(citations, bibs, style, "en-US")
    cut = run_pandoc(citations, bibs, style, "en-US", citations_only=True)
    assert cut.citations == whole.citations
    assert all(whole.citations.values())
    if style in ("apa", "harvard"):  # MLA tells them apart by title, IEEE by number
        assert "2019a" in cut.citations["@earlier [p. 4]"]
        assert "2019b" in cut.citations["[@later]"]


@pytest.mark.parametrize(("style", "seed"), [("ieee", 7), ("chicago-author-date", 8)])
def test_every_citation_in_order_equals_a_whole_run_for_styles_of_position(
    tmp_path: Path, style: str, seed: int
) -> None:
    assert not delta.order_free(style_path(style).read_text(encoding="utf-8"))
    bibliography, before = course(tmp_path, CourseSpec("p", 8, 120, 60, 40, 40, 3))
    cited = sorted({key for keys in before.values() for key in keys})
    bibs = bibliography.subset(cited)
    whole = run_pandoc(list(before), bibs, style, "en-US")
    texts = list(before)
    # The edits: a citation of the last work of the reference list put before
    # everything (IEEE's numbers move), a citation taken out, and citations added
    # in the second half.
    edits = [[f"@{whole.order[-1]} [p. 7]", *texts], [*texts[:1], *texts[2:]]]
    rng = random.Random(seed)
    while len(edits) < 4:
        form = rng.choice(FORMS)
        keys = {"k": rng.choice(cited), "j": rng.choice(cited), "p": rng.randint(2, 300)}
        added = next(scan(form.format(**keys))).pandoc()
        at = rng.randint(len(texts) // 2, len(texts))
        if added not in before:
            edits.append([*texts[:at], added, *texts[at:]])
    outcomes = []
    for order in edits:
        now = {text: before.get(text) or tuple(next(scan(text)).keys) for text in order}
        assert list(now) == order
        plan = delta.plan(before, now, lambda key: None, free=False)
        if plan is None:  # the citation taken out was its work's only one
            assert {key for keys in now.values() for key in keys} != set(cited)
            outcomes.append("whole")
            continue
        assert (plan.citations, plan.witnesses) == (list(now), [t for t in before if t in now])
        small = run_pandoc(plan.citations, bibs, style, "en-US", citations_only=True)
        expected = run_pandoc(list(now), bibs, style, "en-US")
        if all(small.citations.get(t) == whole.citations[t] for t in plan.witnesses):
            # The formatter keeps the last answer for the witnesses and the reference list:
            # exactly what Pandoc gives for the whole new document.
            outcomes.append("every citation")
            assert all(small.citations[t] == expected.citations[t] for t in plan.added)
            assert all(whole.citations[t] == expected.citations[t] for t in plan.witnesses)
            assert (whole.entries, whole.order) == (expected.entries, expected.order)
        else:  # a witness moved (so it does in a whole run): the formatter formats everything
            outcomes.append("whole")
            assert any(expected.citations[t] != whole.citations[t] for t in plan.witnesses)
    assert outcomes.count("every citation") >= 2, outcomes
    if style == "ieee":
        assert outcomes[0] == "whole", outcomes
