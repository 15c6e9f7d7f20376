"""The instructors' guide in the showcase: its examples are rendered by the plugin, not pasted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.htmltext import page_text
from tests.integration.test_citations import elements, read, texts

if TYPE_CHECKING:
    from pathlib import Path

GUIDE = ("index", "citations", "glossary", "questions", "configuration", "deploy")

#: Every citation of docs/instructors/citations.md, in page order, as APA (en-GB) prints it:
#: first the examples in running text, then the table of every form.
CITATIONS = [
    "(Mill, 1859)",
    "(Hofstede, 1980; Triandis, 1989)",
    "(see Mill, 1859, 2; also Triandis, 1989, pp. 506\u2013520)",
    "(1980)",
    "Triandis (1989)",
    "Mill (1859, 1)",
    "(Mill, 1859)",
    "(Hofstede, 1980; Triandis, 1989)",
    "(see Mill, 1859, 2)",
    "(Triandis, 1989, pp. 506\u2013520; also Hofstede, 1980)",
    "(1980)",
    "Triandis (1989)",
    "Mill (1859, 1)",
    "Mill (1859)",
]


def code_blocks(html: str) -> list[str]:
    return texts(html, "code", "language-markdown")


def test_every_citation_form_is_shown_as_source_and_rendered_live(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    html = read(site, "instructors/citations/index.html")
    assert texts(html, "span", "citation") == CITATIONS
    # The source of each live example is on the page too, as code.
    sources = " ".join(code_blocks(html))
    for written in ("[@mill1859]", "[@hofstede1980; @triandis1989]", "[-@hofstede1980]"):
        assert written in sources, written
    # Every author-year links to its entry in the page's own References section.
    ids = {a.get("id") for _, a in elements(html)}
    for key in ("mill1859", "hofstede1980", "triandis1989"):
        assert f"ref-{key}" in ids, key
    assert texts(html, "section", "seminar-references")[0].startswith("References¶ Hofstede")


def test_glossary_examples_link_terms_live(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    html = read(site, "instructors/glossary/index.html")
    terms = [
        (a.get("href"), a.get("data-seminar-popup"))
        for tag, a in elements(html)
        if tag == "a" and "seminar-term" in (a.get("class") or "")
    ]
    assert terms == [
        ("../../glossary/#term-self-reliance", "seminar-def-self-reliance"),
        ("../../glossary/#term-social-ties", "seminar-def-social-ties"),
        ("../../glossary/#term-self-reliance", "seminar-def-self-reliance"),
    ]
    # Their definitions are in the page, for the pop-ups.
    ids = {a.get("id") for _, a in elements(html)}
    assert {"seminar-def-self-reliance", "seminar-def-social-ties"} <= ids
    assert texts(html, "span", "seminar-skip") == ["self-reliance"]


def test_the_guide_is_its_own_section_without_questions(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    for page in GUIDE:
        path = "instructors/index.html" if page == "index" else f"instructors/{page}/index.html"
        html = read(site, path)
        assert not texts(html, "section", "seminar-questions"), page
    # The landing page is still the course's, and the handout holds only the reading's six.
    assert page_text(site, "index.html").startswith("Individualism and Collaborative Culture")
    handout = read(site, "handout/index.html")
    assert len(texts(handout, "li", "seminar-question")) == 6
    # In the navigation, the guide is a section after the course's pages.
    nav = [a.get("href") for tag, a in elements(read(site, "index.html")) if tag == "a"]
    assert nav.index("instructors/") > nav.index("references/")
