"""Real builds with citations: output hooks, back-links, errors, escaping, styles, caching."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.htmltext import page_text, text_of

APA = (
    "Bandinelli, C., & Gandini, A. (2019). Hubs vs networks in the creative economy: Towards a "
    "'collaborative individualism'. In R. Gill, A. C. Pratt, & T. E. Virani (Eds.), Creative hubs "
    "in question: Place, space and work in the creative economy (pp. 89\u2013110). "
    "Palgrave Macmillan."
)

BIB = """@book{doe2020,
  author = {Doe, Jane},
  title = {A Book about Things},
  publisher = {Press},
  year = {2020},
}

@article{roe2019,
  author = {Roe, Richard and Poe, Edgar},
  title = {An Article},
  journal = {Journal of Studies},
  volume = {4},
  pages = {1--10},
  year = {2019},
  doi = {10.1000/xyz},
}
"""


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


class Texts(HTMLParser):
    """The exact text (whitespace collapsed) of every `<tag class=css_class>` element."""

    def __init__(self, tag: str, css_class: str) -> None:
        super().__init__()
        self.tag, self.css_class = tag, css_class
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == self.tag
        elif tag == self.tag and self.css_class in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == self.tag:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def texts(html: str, tag: str, css_class: str) -> list[str]:
    parser = Texts(tag, css_class)
    parser.feed(html)
    return [" ".join(t.split()).replace("\u2018", "'").replace("\u2019", "'") for t in parser.texts]


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_showcase_citation_links_to_its_apa_entry(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    html = read(site, "essay/index.html")
    spans = [a for t, a in elements(html) if t == "span" and "citation" in (a.get("class") or "")]
    assert [a["data-cites"] for a in spans] == ["bandinelli2019", "bandinelli2019"]
    links = [a for t, a in elements(html) if t == "a" and a.get("href") == "#ref-bandinelli2019"]
    assert len(links) == 2
    assert all(a["data-seminar-popup"] == "ref-bandinelli2019" for a in links)
    assert texts(html, "span", "citation") == ["(Bandinelli & Gandini, 2019)"] * 2
    entries = [a for t, a in elements(html) if t == "div" and a.get("id") == "ref-bandinelli2019"]
    assert entries == [{"class": "csl-entry", "id": "ref-bandinelli2019", "role": "listitem"}]
    assert texts(html, "div", "csl-entry") == [APA]
    assert texts(html, "section", "seminar-references")[0].startswith("References Bandinelli")


def test_references_page_lists_everything_cited_with_back_links(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    html = read(site, "references/index.html")
    # The reading's source, then the three classic works the instructors' guide cites
    # as examples (docs/instructors/citations.md), in APA's alphabetical order.
    entries = texts(html, "div", "csl-entry")
    assert entries[0] == APA
    assert [entry.split(" (")[0] for entry in entries[1:]] == [
        "Hofstede, G.",
        "Mill, J. S.",
        "Triandis, H. C.",
    ]
    assert (
        texts(html, "p", "seminar-cited-in")
        == ["Cited in: Reading ¶2; Glossary"] + ["Cited in: Citations"] * 3
    )
    hrefs = [a.get("href") for t, a in elements(html) if t == "a"]
    assert "../essay/#p-2" in hrefs
    assert "../glossary/" in hrefs
    ids = [a.get("id") for _, a in elements(html) if a.get("id")]
    assert ids.count("ref-bandinelli2019") == 1  # no second References section here


def test_every_form_is_formatted_like_pandoc(make_project, build_site):
    project = make_project(
        {
            "index.md": "# Home\n\n"
            "One [@doe2020]. Two [see @doe2020, pp. 33-35; also @roe2019, chap. 1]. "
            "Three [-@roe2019]. Four: @roe2019 argues. Five: @doe2020 [p. 33] says.\n"
        },
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    site = build_site(project, strict=True)
    html = read(site, "index.html")

    assert texts(html, "span", "citation") == [
        "(Doe, 2020)",
        # Pandoc 2.19's citeproc prints the chapter locator without its label here
        # (Pandoc 3 prints "Chapter 1"); we match the Pandoc we ship.
        "(see Doe, 2020, pp. 33\u201335; also Roe & Poe, 2019, 1)",
        "(2019)",
        "Roe & Poe (2019)",
        "Doe (2020, p. 33)",
    ]
    text = page_text(site, "index.html")
    assert "https://doi.org/10.1000/xyz" in text


def test_unknown_key_stays_visible_warns_with_line_and_fails_strict(
    make_project, build_site, caplog
):
    project = make_project(
        {"index.md": "# Home\n\nFine [@doe2020].\n\nTypo here [@do2020].\n"},
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    site = build_site(project)
    assert "docs/index.md:5: unknown citation key 'do2020' — did you mean 'doe2020'?" in caplog.text
    html = read(site, "index.html")
    assert texts(html, "span", "citation-missing") == ["[@do2020?]"]
    with pytest.raises(Abort):
        build_site(project, strict=True)


def test_uncited_entries_are_reported_at_info_level(make_project, build_site, caplog):
    caplog.set_level(logging.INFO)
    project = make_project(
        {"index.md": "# Home\n\nOnly [@doe2020].\n"},
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    build_site(project, strict=True)
    records = [r for r in caplog.records if "never cited" in r.getMessage()]
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.INFO, f"seminar: {project / 'references.bib'}:8: entry 'roe2019' is never cited")
    ]


def test_everything_from_the_bib_is_escaped(make_project, build_site):
    bib = (
        "@misc{evil,\n  author = {Hacker, Harry},\n"
        "  title = {Title with <script>alert(1)</script> and <img src=x onerror=alert(2)>},\n"
        "  url = {javascript:alert(3)},\n  howpublished = {<b>bold</b>},\n  year = {2021},\n}\n"
    )
    project = make_project(
        {"index.md": "# Home\n\nSee [@evil].\n"}, seminar="bibliography: references.bib", bib=bib
    )
    site = build_site(project, strict=True)
    html = read(site, "index.html")
    tags = elements(html)
    assert not [a for t, a in tags if t in {"script", "img"} and "alert" in str(a)]
    assert not any((a.get("href") or "").lower().startswith("javascript") for _, a in tags)
    assert not any("javascript" in (a.get("href") or "").lower() for _, a in tags)
    (entry,) = texts(html, "div", "csl-entry")
    assert "<script>alert(1)</script>" in entry
    assert "<img src=x onerror=alert(2)>" in entry


@pytest.mark.parametrize(
    ("bib", "message"),
    [
        (
            BIB + "\n@book{doe2020,\n  title = {Again},\n  year = {2001},\n}\n",
            "references.bib:18: duplicate citation key 'doe2020' (first defined at",
        ),
        (
            BIB + "\n@book{broken,\n  title = {Unclosed,\n  year = 2001\n",
            "references.bib:18: this BibTeX block does not parse",
        ),
        (
            "@book{a,\n  title = {T},\n  publisher = UNKNOWN,\n  year = {2001},\n}\n",
            "references.bib:3: entry 'a' uses 'UNKNOWN', which is neither a @string nor a month",
        ),
        (
            "@incollection{c,\n  title = {T},\n  crossref = {nowhere},\n}\n",
            "references.bib:1: crossref 'nowhere' names no entry",
        ),
    ],
)
def test_bad_bib_fails_the_build_with_file_and_line(make_project, build_site, caplog, bib, message):
    project = make_project(
        {"index.md": "# Home\n\n[@doe2020]\n"}, seminar="bibliography: references.bib", bib=bib
    )
    with pytest.raises(Abort):
        build_site(project)
    assert message in caplog.text


def test_duplicate_key_names_both_lines(make_project, build_site, caplog):
    bib = BIB + "\n@book{doe2020,\n  title = {Again},\n  year = {2001},\n}\n"
    project = make_project(
        {"index.md": "# Home\n"}, seminar="bibliography: references.bib", bib=bib
    )
    with pytest.raises(Abort):
        build_site(project)
    assert "references.bib:18: duplicate citation key 'doe2020' (first defined at " in caplog.text
    assert "references.bib:1)" in caplog.text


@pytest.mark.parametrize(
    ("style", "citation", "entry_start"),
    [
        ("apa", "(Doe, 2020)", "Doe, J. (2020). A book about things. Press."),
        ("ieee", "[1]", "[1] J. Doe, A book about things. Press, 2020."),
        ("chicago-author-date", "(Doe 2020)", "Doe, Jane. 2020. A Book about Things. Press."),
        ("mla", "(Doe)", "Doe, Jane. A Book about Things. Press, 2020."),
        ("harvard", "(Doe, 2020)", "Doe, J. (2020) A book about things. Press."),
    ],
)
def test_bundled_styles(make_project, build_site, style, citation, entry_start):
    project = make_project(
        {"index.md": "# Home\n\nOne [@doe2020].\n"},
        seminar=f"bibliography: references.bib\ncsl: {style}",
        bib=BIB,
    )
    html = read(build_site(project, strict=True), "index.html")
    assert texts(html, "span", "citation") == [citation]
    assert texts(html, "div", "csl-entry") == [entry_start]


def test_serve_rebuilds_reuse_parsed_bib_and_formatted_results(make_project):
    project = make_project(
        {"index.md": "# Home\n\nOne [@doe2020].\n"}, seminar="bibliography: references.bib", bib=BIB
    )
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        plugin = config.plugins["seminar"]
        build(config, serve_url="http://127.0.0.1:8000/")
        bibliography = plugin.citations.bibliography
        build(config, serve_url="http://127.0.0.1:8000/")
        assert plugin.citations.bibliography is bibliography
        assert plugin.citations.formatter.runs == 1
        (project / "docs/index.md").write_text("# Home\n\nTwo [@roe2019].\n", encoding="utf-8")
        build(config, serve_url="http://127.0.0.1:8000/")
        assert plugin.citations.formatter.runs == 2
        html = (Path(config.site_dir) / "index.html").read_text("utf-8")
        assert texts(html, "span", "citation") == ["(Roe & Poe, 2019)"]
    finally:
        config.plugins.on_shutdown()


def test_citation_in_a_glossary_definition_keeps_its_work_in_every_pop_up(make_project, build_site):
    """A definition's citation is formatted once, on the glossary page, then copied."""
    bib = (
        "@book{mill1859, author={Mill, John Stuart}, title={On Liberty}, year={1859},"
        " publisher={John W. Parker and Son}}\n"
        "@book{hofstede1980, author={Hofstede, Geert}, title={Culture's Consequences},"
        " year={1980}, publisher={Sage}}\n"
    )
    project = make_project(
        {
            "index.md": "# Home\n\nLiberty matters [@mill1859]. Culture shapes us.\n",
            "other.md": "# Other\n\nEvery culture differs.\n",
            "glossary.md": "# Glossary\n\nCulture\n:   Shared values of a group [@hofstede1980].\n",
        },
        seminar="bibliography: references.bib\nglossary: glossary.md\nquestions:\n  enabled: false",
        bib=bib,
    )
    site = build_site(project, strict=True)
    for page in ("index.html", "other/index.html"):
        store = text_of(
            (site / page).read_text(encoding="utf-8"), "section", "seminar-glossary-store"
        ).replace("( ", "(")  # text_of puts a space where the citation's link starts
        assert "(Hofstede, 1980)" in store, (page, store)
        assert "Mill" not in store
        assert "[@hofstede1980]" not in store
