"""Real builds with citations: output hooks, back-links, errors, escaping, styles, caching."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from seminar.citations import bibtex, delta
from seminar.citations.engine import Formatted, Formatter, Narrowing, run_pandoc
from tests.conftest import build_in_another_process
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
    assert texts(html, "section", "seminar-references")[0].startswith("References¶ Bandinelli")


def test_the_references_section_is_in_the_table_of_contents_with_a_permalink(
    showcase: Path, build_site
):
    site = build_site(showcase, strict=True)
    tags = elements(read(site, "essay/index.html"))
    toc = [
        a["href"]
        for t, a in tags
        if t == "a" and "md-nav__link" in (a.get("class") or "") and a["href"].startswith("#")
    ]
    # After the author's headings and the questions, as on the page.
    assert toc[-2:] == ["#seminar-questions", "#seminar-references"]
    sections = [a for t, a in tags if t == "section" and a.get("class") == "seminar-references"]
    assert sections == [{"class": "seminar-references", "aria-labelledby": "seminar-references"}]
    permalinks = [a for t, a in tags if t == "a" and a.get("href") == "#seminar-references"]
    assert {"class": "headerlink", "href": "#seminar-references", "title": "Permanent link"} in (
        permalinks
    )
    # The bibliography page lists every work itself: no References section, no entry.
    references_page = elements(read(site, "references/index.html"))
    assert not any(a.get("href") == "#seminar-references" for _, a in references_page)


def test_each_work_is_indexed_once_on_the_references_page(showcase: Path, build_site):
    import json

    site = build_site(showcase, strict=True)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + " " + doc["title"] + " " + doc["text"]
    title = "Hubs vs networks in the creative economy"
    # The essay's References section is on the page, after search has read it...
    assert title in " ".join(texts(read(site, "essay/index.html"), "section", "seminar-references"))
    assert not any(doc["location"].endswith("#seminar-references") for doc in index["docs"])
    # ...so search finds the work on the references page, and the citation on the essay.
    assert [page for page, text in by_page.items() if title in text] == ["references/"]
    assert "Bandinelli &amp; Gandini, 2019" in by_page["essay/"]
    # The references page's "Cited in" back-links are navigation: on the page, not searched.
    assert texts(read(site, "references/index.html"), "p", "seminar-cited-in")[0].startswith(
        "Cited in: Reading"
    )
    assert "Cited in" not in by_page["references/"]
    assert "Hofstede" in by_page["references/"]


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


@pytest.mark.parametrize("override", ["bibliography-entry.html", "bibliography.html"])
def test_a_custom_dir_overrides_the_bibliography_or_each_entry(make_project, build_site, override):
    """An entry (`bibliography-entry.html`) is overridden alone; a whole `bibliography.html`
    of one's own still gets each work's key, formatted entry and back-links."""
    mine = {
        "bibliography-entry.html": '<p class="mine" id="ref-{{ entry.key | e }}">'
        "{{ entry.html | safe }} ({{ entry.places | length }} pages)</p>",
        "bibliography.html": '<div class="mine">{% for entry in entries %}'
        '<p id="ref-{{ entry.key | e }}">{{ entry.html | safe }} '
        "({{ entry.places | length }} pages)</p>{% endfor %}</div>",
    }
    project = make_project(
        {
            "index.md": "# Home\n\nOne [@doe2020].\n",
            "two.md": "# Two\n\nTwo [@roe2019] and [@doe2020].\n",
            "references.md": "# References\n",
        },
        seminar="bibliography: references.bib",
        bib=BIB,
        overrides={f"partials/seminar/{override}": mine[override]},
    )
    site = build_site(project, strict=True)
    html = read(site, "references/index.html")
    assert html.count('class="mine"') == (2 if override == "bibliography-entry.html" else 1)
    assert "(2 pages)" in html  # doe2020, cited on both pages
    assert "(1 pages)" in html
    assert "seminar-cited-in" not in html  # the shipped entry is not used


def test_every_form_is_formatted_like_pandoc(make_project, build_site):
    project = make_project(
        {
            "index.md": "# Home\n\n"
            "One [@doe2020]. Two [see @doe2020, pp. 33-35; also @roe2019, chap. 1]. "
            "Three [-@roe2019]. Four: @roe2019 argues. Five: @doe2020 [p. 33] says.\n\n"
            "Six [see \\* @doe2020, p. 2]. Seven [see `code` @doe2020].\n"
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
        # An escaped character and a code span in a prefix are the author's text.
        "(see * Doe, 2020, p. 2)",
        "(see code Doe, 2020)",
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


def test_unknown_keys_in_lists_name_their_own_lines_in_page_order(make_project, build_site, caplog):
    # Python-Markdown converts a list's items after the block that follows the list.
    page = (
        "# Home\n\nFirst [@aaa].\n\n- item one [@bbb]\n- item two [@ccc]\n\n"
        "Last [@ddd].\n\n1. numbered [@eee]\n\nEnd [@fff].\n"
    )
    project = make_project({"index.md": page}, seminar="bibliography: references.bib", bib=BIB)
    build_site(project)
    found = [
        record.getMessage()
        for record in caplog.records
        if "unknown citation key" in record.getMessage()
    ]
    assert [message.split(": unknown")[0].rsplit("docs/", 1)[1] for message in found] == [
        "index.md:3",
        "index.md:5",
        "index.md:6",
        "index.md:8",
        "index.md:10",
        "index.md:12",
    ]
    assert [message.split("'")[1] for message in found] == [
        "aaa",
        "bbb",
        "ccc",
        "ddd",
        "eee",
        "fff",
    ]


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
    # Pandoc reads the url field as a web address: the scheme it gets is https.
    schemes = {urlsplit(a.get("href") or "").scheme for t, a in tags if t == "a"}
    assert schemes <= {"", "http", "https"}
    (entry,) = texts(html, "div", "csl-entry")
    assert "<script>alert(1)</script>" in entry
    assert "<img src=x onerror=alert(2)>" in entry


#: Every kind of `.bib` problem, and the start of its message (after `references.bib:`).
BAD_BIBS = [
    pytest.param(
        BIB + "\n@book{broken,\n  title = {Unclosed,\n  year = 2001\n",
        "18: this BibTeX block does not parse (its braces do not balance: 2 '{' but 0 '}')",
        id="unclosed-brace",
    ),
    pytest.param(
        BIB + "\n@book{doe2020,\n  title = {Again},\n  year = {2001},\n}\n",
        "18: duplicate citation key 'doe2020' (first defined at ",
        id="duplicate-key",
    ),
    pytest.param(
        "@book{a,\n  title = {T},\n  title = {U},\n}\n",
        "1: entry 'a' has the field title twice. Fix: keep one of them.",
        id="duplicate-field",
    ),
    pytest.param(
        "@string{press = {P}}\n@string{press = {Q}}\n",
        "2: duplicate @string name 'press' (first defined at ",
        id="duplicate-string",
    ),
    pytest.param(
        "@book{a,\n  title = {T},\n  publisher = UNKNOWN,\n  year = {2001},\n}\n",
        "3: the field 'publisher' of entry 'a' uses 'UNKNOWN', which is neither a @string nor",
        id="undefined-string",
    ),
    pytest.param(
        "@book{a,\n  title = {T}\n  year = {2001},\n}\n",
        "2: the field 'title' of entry 'a' has text after its closing brace: '\\n  year = {2001}'",
        id="missing-comma",
    ),
    pytest.param(
        "@book{a,\n  title = {T},\n  ti tle = {U},\n}\n",
        "3: entry 'a' has a field named 'ti tle'.",
        id="field-name-with-space",
    ),
    pytest.param(
        "@book{a,\n  title = {T},\n  note = ,\n}\n",
        "3: the field 'note' of entry 'a' is empty.",
        id="empty-value",
    ),
    pytest.param("@{a,\n  title = {T},\n}\n", "1: entry 'a' has no entry type.", id="no-type"),
    pytest.param(
        "@book{a b,\n  title = {T},\n}\n", "1: the citation key 'a b' holds a space", id="key-space"
    ),
    pytest.param(
        "@book{a<b>,\n  title = {T},\n}\n",
        "1: the citation key 'a<b>' holds a space, comma, brace, quote or one of #<>~^|",
        id="key-pandoc-cannot-read",
    ),
    pytest.param(
        "@book{,\n  title = {T},\n}\n", "1: this @book entry has no citation key.", id="no-key"
    ),
    pytest.param(
        "@book{a,\n  title = {Closed}} too soon},\n  year = {2020},\n}\n",
        "3: the field 'year' is outside any entry, so it would be lost",
        id="stray-field",
    ),
    pytest.param(
        "@book{a,\n  title = {Half: 50% of all cases},\n}\n",
        "2: the field 'title' of entry 'a' has a bare '%', which starts a LaTeX comment",
        id="bare-percent",
    ),
    pytest.param(
        "@book{a,\n  title = {Rule #1},\n}\n",
        "2: the field 'title' of entry 'a' has '#' before a digit",
        id="macro-parameter",
    ),
    pytest.param(
        "@book{a,\n  title = {Cost of $x},\n}\n",
        "2: the field 'title' of entry 'a' opens math with '$' and never closes it",
        id="unclosed-math",
    ),
    pytest.param(
        "@book{a,\n  title = {\\begin{quote}Q},\n}\n",
        "2: the field 'title' of entry 'a' has \\begin{quote} without \\end{quote}",
        id="unclosed-environment",
    ),
    pytest.param(
        "@incollection{c,\n  title = {T},\n  crossref = {nowhere},\n}\n",
        "1: entry 'c': crossref 'nowhere' names no entry in this file.",
        id="crossref-to-nothing",
    ),
    pytest.param(
        "@book{a,\n  title = {Caf\xe9},\n}\n".encode("latin-1"),
        "2: this file is not UTF-8 (byte 0xe9).",
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("bib", "message"), BAD_BIBS)
def test_a_bad_bib_edited_during_serve_is_a_plugin_error_with_file_and_line(
    make_project, caplog, bib, message
):
    """Under `serve`, the build stops with MkDocs' error line (a PluginError), then recovers."""
    project = make_project(
        {"index.md": "# Home\n\n[@doe2020]\n"}, seminar="bibliography: references.bib", bib=BIB
    )
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    path = project / "references.bib"
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
        if isinstance(bib, bytes):
            path.write_bytes(bib)
        else:
            path.write_text(bib, encoding="utf-8")
        caplog.clear()
        # MkDocs turns a PluginError (only a BuildError) into one ERROR line and Abort;
        # any other exception would escape `build` as itself.
        with pytest.raises(Abort):
            build(config, serve_url="http://127.0.0.1:8000/")
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert [r.name for r in errors] == ["mkdocs.commands.build"]
        assert f"seminar: references.bib:{message}" in errors[0].getMessage()
        assert "Fix:" in errors[0].getMessage()
        path.write_text(BIB.replace("A Book about Things", "A Fixed Book"), encoding="utf-8")
        build(config, serve_url="http://127.0.0.1:8000/")
        html = (Path(config.site_dir) / "index.html").read_text("utf-8")
        assert texts(html, "div", "csl-entry") == ["Doe, J. (2020). A fixed book. Press."]
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize(("bib", "message"), BAD_BIBS[:3])
def test_bad_bib_fails_a_plain_build_too(make_project, build_site, caplog, bib, message):
    project = make_project(
        {"index.md": "# Home\n\n[@doe2020]\n"}, seminar="bibliography: references.bib", bib=bib
    )
    with pytest.raises(Abort):
        build_site(project)
    assert f"references.bib:{message}" in caplog.text


def test_a_duplicate_key_across_two_files_names_both(make_project, build_site, caplog):
    project = make_project(
        {"index.md": "# Home\n\n[@doe2020]\n"},
        seminar="bibliography: [references.bib, more.bib]",
        bib=BIB,
    )
    (project / "more.bib").write_text("\n@misc{doe2020,\n  title = {Other},\n}\n", "utf-8")
    with pytest.raises(Abort):
        build_site(project)
    assert (
        "seminar: more.bib:2: duplicate citation key 'doe2020' (first defined at "
        "references.bib:1)" in caplog.text
    )


@pytest.mark.parametrize(
    ("second", "warning"),
    [
        (
            None,
            "references.bib:1: entry 'part' inherits from 'Whole', but the entry is 'whole': "
            "Pandoc matches keys case-sensitively and inherits nothing. "
            "Fix: write crossref = {whole}.",
        ),
        (
            "more.bib",
            "references.bib:1: entry 'part' inherits from 'Whole', which is in another file "
            "(more.bib:1): Pandoc only inherits within one file, so it inherits nothing.",
        ),
    ],
)
def test_a_crossref_pandoc_would_ignore_is_a_warning(
    make_project, build_site, caplog, second, warning
):
    part = (
        "@incollection{part,\n  author = {Doe, Jane},\n  title = {Part},\n"
        "  crossref = {Whole},\n}\n"
    )
    whole = "@book{whole,\n  title = {Whole},\n  publisher = {Press},\n  year = {2001},\n}\n"
    if second is None:
        project = make_project(
            {"index.md": "# Home\n\n[@part]\n"},
            seminar="bibliography: references.bib",
            bib=part + "\n" + whole,
        )
    else:
        project = make_project(
            {"index.md": "# Home\n\n[@part]\n"},
            seminar=f"bibliography: [references.bib, {second}]",
            bib=part,
        )
        (project / second).write_text(whole.replace("{whole,", "{Whole,"), "utf-8")
    site = build_site(project)
    assert warning in caplog.text  # paths as written, relative to mkdocs.yml
    # As Pandoc: nothing inherited, so no year and no publisher.
    assert texts(read(site, "index.html"), "div", "csl-entry") == ["Doe, J. (n.d.). Part."]
    with pytest.raises(Abort):
        build_site(project, strict=True)


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


NAMESAKES = (
    "@book{doe2020a, author={Doe, Jane}, title={First Book}, year={2020}, publisher={P}}\n"
    "@book{doe2020b, author={Doe, Jane}, title={Second Book}, year={2020}, publisher={P}}\n"
    "@book{doe2018, author={Doe, Kim}, title={Third Book}, year={2018}, publisher={P}}\n"
    "@article{roe2019, author={Roe, Richard and Poe, Edgar}, title={An Article},"
    " journal={J}, year={2019}}\n"
    + "".join(
        f"@book{{{name.lower()}{year}, author={{{name}, Ann}}, title={{T}}, year={{{year}}},"
        " publisher={P}}\n"
        for name, year in [("Lee", 2001), ("Kim", 2002), ("Park", 2003), ("Choi", 2004)]
    )
)


def serve_edit(project: Path, edited: str) -> tuple[Formatter, str, str]:
    """Build `project` as `serve` does, save `edited` over its `index.md` and rebuild.

    Returns:
        The plugin's formatter, then `index.html` as the rebuild made it and as a fresh
        build of the edited site makes it (a separate process, so nothing is shared).
    """
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        formatter = config.plugins["seminar"].citations.formatter
        build(config, serve_url="http://127.0.0.1:8000/")
        assert (formatter.runs, formatter.narrowed) == (1, 0)
        (project / "docs/index.md").write_text(edited, encoding="utf-8")
        config = load_config(str(project / "mkdocs.yml"))
        build(config, serve_url="http://127.0.0.1:8000/")
        html = (Path(config.site_dir) / "index.html").read_text("utf-8")
    finally:
        config.plugins.on_shutdown()
    fresh = build_in_another_process(project, project.parent / "fresh")
    return formatter, html, (fresh / "index.html").read_text("utf-8")


DOES = "# Home\n\nOne [@doe2020a]. Two [@doe2020b]. Three @doe2018. Four [@roe2019].\n"


def test_a_serve_edit_that_cites_a_cited_work_again_formats_only_that(make_project):
    """Pandoc formats the new citation beside its work's namesakes, not the whole site,
    and the page reads exactly as a fresh build of the edited site makes it."""
    others = "# Others\n\n[@lee2001], [@kim2002], [@park2003] and [@choi2004].\n"
    project = make_project(
        {"index.md": DOES, "others.md": others},
        seminar="bibliography: references.bib",
        bib=NAMESAKES,
    )
    formatter, html, expected = serve_edit(project, DOES + "\nFive [@doe2020a, p. 5].\n")
    assert (formatter.runs, formatter.narrowed) == (1, 1)
    assert texts(html, "span", "citation") == texts(expected, "span", "citation")
    assert texts(html, "div", "csl-entry") == texts(expected, "div", "csl-entry")
    assert texts(html, "span", "citation") == [
        "(J. Doe, 2020a)",
        "(J. Doe, 2020b)",
        "K. Doe (2018)",
        "(Roe & Poe, 2019)",
        "(J. Doe, 2020a, p. 5)",
    ]


def test_a_serve_edit_where_most_works_are_namesakes_formats_every_citation_alone(
    make_project,
):
    """Three of the four works are Does: no small document will do, so Pandoc formats
    every citation (with the style cut to them) and the reference list stays; the
    page reads exactly as a fresh build of the edited site makes it."""
    project = make_project(
        {"index.md": DOES}, seminar="bibliography: references.bib", bib=NAMESAKES
    )
    edited = DOES + "\nFive [@doe2020a, p. 5] and [-@doe2018].\n"
    formatter, html, expected = serve_edit(project, edited)
    assert (formatter.runs, formatter.narrowed) == (1, 1)
    assert texts(html, "span", "citation") == texts(expected, "span", "citation")
    assert texts(html, "div", "csl-entry") == texts(expected, "div", "csl-entry")
    assert texts(html, "span", "citation")[-2:] == ["(J. Doe, 2020a, p. 5)", "(2018)"]
    assert len(texts(html, "div", "csl-entry")) == 4


@pytest.mark.parametrize(
    ("edited", "narrowed", "numbers"),
    [
        # A citation added after the others: the numbers stay, every citation is formatted
        # once with the style cut to them.
        (DOES + "\nFive [@doe2018, p. 5].\n", (1, 1), ["[1]", "[2]", "[3]", "[4]", "[3, p. 5]"]),
        # Put first, Doe 2018 takes number 1: the witnesses say so, and Pandoc formats
        # everything again.
        (
            "# Home\n\nZero [@doe2018, p. 5].\n\n" + DOES.removeprefix("# Home\n\n"),
            (2, 1),
            ["[1, p. 5]", "[2]", "[3]", "[1]", "[4]"],
        ),
    ],
)
def test_a_serve_edit_in_a_numbered_style_formats_every_citation_in_order(
    make_project, edited, narrowed, numbers
):
    """IEEE numbers works in the order they are first cited: an edit has Pandoc format
    every citation in its new order, and the page reads exactly as a fresh build."""
    project = make_project(
        {"index.md": DOES}, seminar="bibliography: references.bib\ncsl: ieee", bib=NAMESAKES
    )
    formatter, html, expected = serve_edit(project, edited)
    assert (formatter.runs, formatter.narrowed) == narrowed
    assert texts(html, "span", "citation") == texts(expected, "span", "citation") == numbers
    assert texts(html, "div", "csl-entry") == texts(expected, "div", "csl-entry")


def test_a_witness_that_comes_back_changed_makes_pandoc_format_everything(tmp_path):
    """The guard itself: given a last answer that is wrong for a witness, the small
    run's answer is not used, and Pandoc formats every citation again."""
    path = tmp_path / "references.bib"
    path.write_text(NAMESAKES, encoding="utf-8")
    bibliography = bibtex.load([str(path)])
    before = {"[@doe2020a]": ("doe2020a",), "[@roe2019]": ("roe2019",)}
    before |= {f"[@{key}]": (key,) for key in ("lee2001", "kim2002", "park2003", "choi2004")}
    bibs = bibliography.subset({key for keys in before.values() for key in keys})
    full = run_pandoc(list(before), bibs, "apa", "en-US")
    stale = Formatted({**full.citations, "[@doe2020a]": "(Doe, 1999)"}, full.entries, full.order)
    now = {**before, "[@doe2020a, p. 5]": ("doe2020a",)}
    plan = delta.plan(before, now, lambda key: delta.names(bibliography.block(key) or ""))
    assert plan is not None
    assert plan.witnesses == ["[@doe2020a]"]
    formatter = Formatter()
    try:
        narrowing = Narrowing(plan, bibliography.subset(plan.keys), stale)
        result = formatter.start(list(now), bibs, "apa", "en-US", narrowing).result()
    finally:
        formatter.close()
    assert (formatter.narrowed, formatter.runs) == (1, 1)
    assert result.citations["[@doe2020a]"] == full.citations["[@doe2020a]"] != "(Doe, 1999)"
    assert result == run_pandoc(list(now), bibs, "apa", "en-US")


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


def test_a_glossary_that_is_also_the_bibliography_page_keeps_both_back_links(
    make_project, build_site
):
    """ "Cited in" and "Used in" both go in after search, into the same page."""
    bib = (
        "@book{mill1859, author={Mill, John Stuart}, title={On Liberty}, year={1859},"
        " publisher={John W. Parker and Son}}\n"
    )
    project = make_project(
        {
            "index.md": "# Home\n\nLiberty matters [@mill1859], as culture does.\n",
            "glossary.md": "# Glossary\n\nCulture\n:   Shared values of a group.\n",
        },
        seminar=(
            "bibliography: references.bib\nbibliography_page: glossary.md\n"
            "glossary: glossary.md\nquestions:\n  enabled: false"
        ),
        bib=bib,
    )
    site = build_site(project, strict=True)
    html = read(site, "glossary/index.html")
    assert texts(html, "p", "seminar-cited-in") == ["Cited in: Home ¶1"]
    assert texts(html, "div", "csl-entry")[0].startswith("Mill, J. S. (1859). On liberty")
    assert text_of(html, "div", "seminar-used-in") == "Used in Home ¶1"
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Mill, J. S. (1859)" in index
    assert "Cited in" not in index
    assert "Used in" not in index


@pytest.mark.parametrize(
    ("language", "heading", "cited_in"),
    [
        ("de", "Literatur", "Zitiert in:"),
        ("fr", "Références", "Cité dans :"),
        ("es", "Referencias", "Citado en:"),
        ("en", "References", "Cited in:"),
    ],
)
def test_references_heading_and_cited_in_follow_the_site_language(
    make_project, build_site, language, heading, cited_in
):
    project = make_project(
        {
            "index.md": "# Start\n\nOne [@doe2020].\n",
            "references.md": "# Sources\n\n<!-- seminar:bibliography -->\n",
        },
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    theme = {"name": "material", "font": False, "language": language}
    site = build_site(project, strict=True, theme=theme)
    html = read(site, "index.html")
    headings = texts(html, "section", "seminar-references")
    assert headings[0].startswith(f"{heading}¶ Doe, J. (2020)")
    assert texts(html, "a", "md-nav__link")[-1] == heading  # the page's table of contents
    assert texts(read(site, "references/index.html"), "p", "seminar-cited-in") == [
        f"{cited_in} Start ¶1"
    ]


def test_back_links_name_pages_by_their_own_title(make_project, build_site):
    """The h1 (or front-matter title) names a page, not the file name or the nav entry."""
    project = make_project(
        {
            "essay.md": "# Hubs and Networks\n\nIntro.\n\nFirst [@doe2020].\n\n"
            "Second [@doe2020; @roe2019].\n",
            "notes.md": "---\ntitle: Reading notes\n---\n\n# Notes\n\nSee @roe2019.\n",
            "references.md": "# References\n",
        },
        seminar="bibliography: references.bib",
        bib=BIB,
        extra_yaml=(
            "nav:\n  - Essay: essay.md\n  - Notes: notes.md\n  - References: references.md\n"
        ),
    )
    site = build_site(project, strict=True)
    assert texts(read(site, "references/index.html"), "p", "seminar-cited-in") == [
        "Cited in: Hubs and Networks ¶2, ¶3",
        "Cited in: Hubs and Networks ¶3; Reading notes ¶1",
    ]


def test_pages_that_share_a_heading_keep_their_nav_titles(make_project, build_site):
    project = make_project(
        {
            "index.md": "# Hubs\n\nIntro [@roe2019].\n",
            "essay.md": "# Hubs\n\nFirst [@roe2019].\n",
            "references.md": "# References\n",
        },
        seminar="bibliography: references.bib",
        bib=BIB,
        extra_yaml=(
            "nav:\n  - Course: index.md\n  - Reading: essay.md\n  - References: references.md\n"
        ),
    )
    site = build_site(project, strict=True)
    assert texts(read(site, "references/index.html"), "p", "seminar-cited-in") == [
        "Cited in: Course ¶1; Reading ¶1"
    ]


def test_citations_in_code_never_reach_the_formatter(make_project):
    """Only rendered citations are formatted: IEEE numbers and the batch ignore code."""
    page = (
        "# Home\n\nWrite `[@roe2019]` to cite.\n\n"
        "```markdown\nAs @roe2019 says [@roe2019].\n```\n\n"
        "<!-- [@roe2019] -->\n\n"
        "First [@doe2020], then [@roe2019].\n"
    )
    project = make_project(
        {"index.md": page}, seminar="bibliography: references.bib\ncsl: ieee", bib=BIB
    )
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        plugin = config.plugins["seminar"]
        build(config)
        assert plugin.citations.batch == ["[@doe2020]", "[@roe2019]"]
        assert plugin.citations.formatter.runs == 1  # the pre-scan was exact: one Pandoc run
    finally:
        config.plugins.on_shutdown()
    html = read(Path(config.site_dir), "index.html")
    assert texts(html, "span", "citation") == ["[1]", "[2]"]
    assert [t.split(" ", 1)[0] for t in texts(html, "div", "csl-entry")] == ["[1]", "[2]"]


def test_a_citation_only_in_code_does_not_add_a_year_letter(make_project, build_site):
    bib = (
        BIB
        + "\n@book{doe2020b,\n  author = {Doe, Jane},\n  title = {Another},\n  year = {2020},\n}\n"
    )
    project = make_project(
        {
            "index.md": "# Home\n\nSee [@doe2020].\n\n"
            "    indented [@doe2020b] code\n\n`[@doe2020b]`\n"
        },
        seminar="bibliography: references.bib",
        bib=bib,
    )
    html = read(build_site(project), "index.html")
    assert texts(html, "span", "citation") == ["(Doe, 2020)"]


def test_percent_and_hash_inside_url_commands_are_not_latex_problems(make_project, build_site):
    bib = (
        "@misc{web,\n  author = {Doe, Jane},\n  title = {A Page},\n"
        "  howpublished = {\\url{https://example.org/a%20b#s1}},\n"
        "  url = {https://example.org/x%7Ey#2},\n  year = {2020},\n}\n"
    )
    project = make_project(
        {"index.md": "# Home\n\nSee [@web].\n"}, seminar="bibliography: references.bib", bib=bib
    )
    html = read(build_site(project, strict=True), "index.html")
    (entry,) = texts(html, "div", "csl-entry")
    assert "https://example.org/a%20b#s1" in entry
    assert "https://example.org/x%7Ey#2" in entry
