"""Real builds of the showcase course in `tmp_path`."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA, REPO
from tests.htmltext import essay_sentences, page_text

CITATION = "(Bandinelli & Gandini, 2019)"


def essay_body() -> str:
    """The five paragraphs of the source essay, without its reference line."""
    text = (DATA / "essay.txt").read_text(encoding="utf-8")
    return text.split("\nReference\n")[0]


def test_the_repository_copy_of_the_essay_is_the_five_paragraph_source():
    body = essay_body()
    assert len(body.strip().split("\n")) == 5
    assert body.count(CITATION) == 2


def test_strict_build_writes_every_page(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    for page in ("index.html", "essay/index.html", "glossary/index.html", "references/index.html"):
        assert (site / page).is_file(), page
    assert "Individualism and Collaborative Culture" in page_text(site, "essay/index.html")


def test_every_sentence_of_the_essay_reaches_the_page(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    # Every sentence of the source essay, citations included, formatted as APA prints
    # them, must be on the page, in order.
    page = page_text(site, "essay/index.html", skip={"seminar-references"})
    page = page.replace("( ", "(")  # text_of puts a space where the citation link begins
    sentences = essay_sentences(essay_body())
    assert len(sentences) == 14
    assert sum(CITATION in sentence for sentence in sentences) == 2
    position = 0
    for sentence in sentences:
        found = page.find(sentence, position)
        assert found >= 0, f"sentence missing or out of order: {sentence!r}"
        position = found + len(sentence)
    assert "[@bandinelli2019]" not in page


def test_glossary_page_is_a_definition_list_of_12_to_20_terms(showcase: Path, build_site):
    site = build_site(showcase)
    html = (site / "glossary/index.html").read_text(encoding="utf-8")
    from html.parser import HTMLParser

    class Count(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.dt = self.dd = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.dt += tag == "dt"
            self.dd += tag == "dd"

    counter = Count()
    counter.feed(html)
    assert 12 <= counter.dd <= 20
    assert counter.dt > counter.dd  # some entries carry aliases
    text = page_text(site, "glossary/index.html").lower()
    for term in (
        "sovereignty of the individual",
        "individualism",
        "collectivism",
        "derivative nature of society",
        "social cooperation",
        "collaborative individualism",
        "self-reliance",
    ):
        assert term in text, term


def test_build_is_deterministic(showcase: Path, build_site, tmp_path: Path):
    first = build_site(showcase)
    copy = tmp_path / "first-site"
    shutil.copytree(first, copy)
    second = build_site(showcase)
    for path in sorted(p for p in copy.rglob("*") if p.is_file()):
        if path.name in {"sitemap.xml.gz"}:
            continue  # gzip stores a timestamp
        relative = path.relative_to(copy)
        assert path.read_bytes() == (second / relative).read_bytes(), relative


def test_showcase_makes_no_request_to_web_fonts(showcase: Path, build_site):
    site = build_site(showcase)
    html = (site / "essay/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html


def test_repository_has_the_documented_layout():
    for name in (
        "mkdocs.yml",
        "docs",
        "references.bib",
        "plugins/seminar/plugin.py",
        "tests",
        "Makefile",
        "pyproject.toml",
        "README.md",
        ".ci/run",
        ".github/workflows",
    ):
        assert (REPO / name).exists(), name
