"""Broken and hostile input, each in a real build: a clear error naming file, line and fix,
or correct rendering. Never a traceback, never silent loss, never markup from a `.bib`.

The documented behaviour of each case is in README.md, "Guarantees".
"""

from __future__ import annotations

import logging
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.htmltext import page_text as _page_text

GOOD = "@book{doe2020,\n  author = {Doe, Jane},\n  title = {A Book},\n  year = {2020},\n}\n"


def page_text(site: Path, page: str, **kwargs: object) -> str:
    """The article's text; tags split text nodes, so `( Doe` is `(Doe` as the reader sees it."""
    return _page_text(site, page, **kwargs).replace("( ", "(").replace("[ ", "[")


class Tags(HTMLParser):
    """Every element (tag, attributes) and, for `script`, its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def build_fails(make_project, build_site, caplog, bib: str | bytes, page: str = "[@doe2020]"):
    project = make_project(
        {"index.md": f"# Home\n\n{page}\n"}, seminar="bibliography: references.bib", bib=""
    )
    target = project / "references.bib"
    if isinstance(bib, bytes):
        target.write_bytes(bib)
    else:
        target.write_text(bib, encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project)
    assert "Traceback" not in caplog.text
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    return error.getMessage()


# --- .bib files that cannot be read as written ------------------------------------------------


@pytest.mark.parametrize(
    ("bib", "where", "says"),
    [
        pytest.param(
            GOOD + "\n@book{open,\n  title = {Unclosed {brace},\n  year = {2001},\n}\n",
            "references.bib:7:",
            "its braces do not balance: 4 '{' but 3 '}'",
            id="unclosed-brace",
        ),
        pytest.param(
            "@book{doe2020,\n  title = {Closed}} too soon},\n  year = {2020},\n}\n",
            "references.bib:3:",
            "the field 'year' is outside any entry, so it would be lost",
            id="extra-closing-brace",
        ),
        pytest.param(
            "@book{doe2020,\n  title = {A Book}\n  year = {2020},\n}\n",
            "references.bib:2:",
            "the field 'title' of entry 'doe2020' has text after its closing brace",
            id="missing-comma-between-fields",
        ),
        pytest.param(
            "@book{doe2020,\n  year = 2020\n  title = {A Book},\n}\n",
            "references.bib:2:",
            "the field 'year' of entry 'doe2020' is '2020\\n  title = {A Book}', which is not a "
            "value",
            id="missing-comma-after-bare-value",
        ),
        pytest.param(
            "@book{doe2020\n  title = {A Book},\n}\n",
            "references.bib:1:",
            "Expected comma after entry key",
            id="missing-comma-after-key",
        ),
        pytest.param(
            GOOD + "\n@article{doe2020,\n  title = {Another},\n  year = {2001},\n}\n",
            "references.bib:7:",
            "duplicate citation key 'doe2020' (first defined at",
            id="duplicate-key",
        ),
        pytest.param(
            "@book{,\n  title = {No Key},\n  year = {2001},\n}\n",
            "references.bib:1:",
            "this @book entry has no citation key",
            id="no-key",
        ),
        pytest.param(
            b"@book{doe2020,\n  author = {Doe, Jane},\n  title = {Caf\xe9},\n}\n",
            "references.bib:3:",
            "this file is not UTF-8 (byte 0xe9)",
            id="invalid-utf8",
        ),
    ],
)
def test_a_broken_bib_stops_the_build_naming_file_line_and_fix(
    make_project, build_site, caplog, bib, where, says
):
    message = build_fails(make_project, build_site, caplog, bib)
    assert where in message
    assert says in message
    assert "Fix:" in message


def test_a_byte_order_mark_is_not_a_problem(make_project, build_site):
    project = make_project(
        {"index.md": "# Home\n\nSee [@doe2020].\n"}, seminar="bibliography: references.bib"
    )
    (project / "references.bib").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    site = build_site(project, strict=True)
    assert "See (Doe, 2020)." in page_text(site, "index.html")


def test_an_unknown_entry_type_is_formatted_and_warned_about(make_project, build_site, caplog):
    bib = (
        "@frobnicate{odd,\n  author = {Odd, Otto},\n  title = {Strange Work},\n  year = {1999},\n}"
    )
    project = make_project(
        {"index.md": "# Home\n\nSee [@odd].\n"}, seminar="bibliography: references.bib", bib=bib
    )
    site = build_site(project)
    assert "references.bib:1: entry 'odd' has the type '@frobnicate'" in caplog.text
    assert "Fix: use a standard type" in caplog.text
    text = page_text(site, "index.html")
    assert "See (Odd, 1999)." in text
    assert "Odd, O. (1999). Strange work." in text
    with pytest.raises(Abort):
        build_site(project, strict=True)


# --- markup in a .bib never reaches the page as markup ----------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"><b onmouseover=alert(2)>'
FIELDS = (
    "title",
    "booktitle",
    "journal",
    "series",
    "publisher",
    "address",
    "edition",
    "volume",
    "number",
    "note",
    "howpublished",
    "type",
    "isbn",
    "editor",
)


def test_markup_in_any_field_is_shown_as_text_never_run(make_project, build_site):
    fields = "".join(f"  {name} = {{{HOSTILE} {name}}},\n" for name in FIELDS)
    bib = (
        "@incollection{evil,\n"
        f"  author = {{Hacker, Harry and {{{HOSTILE}}}}},\n{fields}"
        "  pages = {1--2<script>alert(3)</script>},\n"
        "  year = {2021},\n"
        '  doi = {10.1000/x"><script>alert(4)</script>},\n'
        "  url = {javascript:alert(5)},\n}\n"
        "@misc{link,\n  title = {Linked},\n"
        '  url = {https://example.org/?q="><script>alert(6)</script>},\n  year = {2020},\n}\n'
        "@misc{data,\n  title = {Data URL},\n  url = {data:text/html,<script>alert(7)</script>},\n"
        "  year = {2019},\n}\n"
    )
    project = make_project(
        {
            "index.md": "# Home\n\nSee [@evil] and [@link; @data] and @evil.\n",
            "references.md": "# References\n",
        },
        seminar="bibliography: references.bib",
        bib=bib,
    )
    site = build_site(project, strict=True)
    for name in ("index.html", "references/index.html"):
        html = (site / name).read_text(encoding="utf-8")
        parsed = tags(html)
        assert not [s for s in parsed.scripts if "alert" in s], name
        for tag, attributes in parsed.tags:
            assert tag != "img", name
            for attribute, value in attributes.items():
                assert not attribute.startswith("on"), (name, tag, attribute)
                assert "alert" not in (value or "") or attribute == "href", (name, tag, attribute)
                if attribute in {"href", "src"}:
                    assert not (value or "").strip().lower().startswith(("javascript", "data")), (
                        name,
                        value,
                    )
        # Nothing is lost: the markup is there, as text.
        shown = _page_text(site, name)
        assert '<script>alert("x")</script><img src=x onerror=alert(1)>' in shown, name
        assert '"><b onmouseover=alert(2)> title' in shown, name
    text = page_text(site, "index.html")
    # The fields Pandoc's BibTeX reader and APA print for an @incollection (not its
    # journal, note, address, ISBN, …).
    for name in ("title", "booktitle", "publisher", "edition", "volume", "editor"):
        assert f"<b onmouseover=alert(2)> {name}" in text, name


def test_a_hostile_citation_key_stops_the_build_with_its_line(make_project, build_site, caplog):
    """Pandoc's BibTeX reader cannot take `<` in a key: the key is refused, never printed raw."""
    key = "x<b>&amp;'<i>y"  # the BibTeX reader takes neither `"` nor `=` in a key
    bib = f"@book{{{key},\n  author = {{Doe, Jane}},\n  title = {{T}},\n  year = {{2020}},\n}}\n"
    project = make_project(
        {"index.md": f"# Home\n\nSee [@{{{key}}}].\n"},
        seminar="bibliography: references.bib",
        bib=bib,
    )
    with pytest.raises(Abort):
        build_site(project)
    assert f"references.bib:1: the citation key {key!r} holds a space, comma, brace" in caplog.text
    assert "Fix: use letters, digits and -_:./ in keys." in caplog.text


# --- size ---------------------------------------------------------------------------------------


def test_a_50_mb_bib_builds_and_only_cited_entries_are_formatted(make_project, build_site, caplog):
    abstract = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. \\'{e}t\\'{e} " * 12
    entry = (
        '@article{{key{0},\n  author = {{Doe, Jane and Ro\\"{{e}}, Richard}},\n'
        "  title = {{On Things, Part {0}}},\n  journal = {{Journal of Studies}},\n"
        "  year = {{2001}},\n  pages = {{1--10}},\n  abstract = {{{1}}},\n}}\n\n"
    )
    one = len(entry.format(0, abstract).encode())
    count = 50_000_000 // one + 1
    project = make_project(
        {"index.md": f"# Home\n\nFirst [@key0], last [@key{count - 1}].\n"},
        seminar="bibliography: references.bib",
        bib="",
    )
    bib = project / "references.bib"
    with bib.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(entry.format(n, abstract))
    assert bib.stat().st_size >= 50_000_000
    caplog.set_level(logging.INFO)
    started = time.perf_counter()
    site = build_site(project, strict=True)
    elapsed = time.perf_counter() - started
    text = page_text(site, "index.html")
    assert "First (Doe & Roë, 2001a), last (Doe & Roë, 2001b)." in text
    assert "Doe, J., & Roë, R. (2001a). On things, part 0. Journal of Studies, 1\u201310." in text
    assert f"Doe, J., & Roë, R. (2001b). On things, part {count - 1}." in text
    # The log names a few uncited entries and counts the rest, not 50,000 lines.
    never = [r for r in caplog.records if "never cited" in r.getMessage()]
    assert len(never) == 21
    assert never[-1].getMessage().endswith(f"and {count - 22} more entries that are never cited")
    assert elapsed < 60, f"a 50 MB .bib took {elapsed:.1f} s"


def test_a_thousand_keys_in_one_bracket(make_project, build_site, caplog):
    bib = "".join(
        f"@book{{k{n},\n  author = {{Author{n:04d}, Ann}},\n  title = {{Book {n}}},\n"
        f"  year = {{{1000 + n}}},\n}}\n"
        for n in range(1000)
    )
    keys = "; ".join(f"@k{n}" for n in range(1000))
    project = make_project(
        {"index.md": f"# Home\n\nAll [{keys}].\n\nWith typos [@k1; @k2x; {keys}; @nope].\n"},
        seminar="bibliography: references.bib",
        bib=bib,
    )
    site = build_site(project)
    html = (site / "index.html").read_text(encoding="utf-8")
    parsed = tags(html)
    spans = [a for t, a in parsed.tags if t == "span" and "citation" in (a.get("class") or "")]
    assert len(spans) == 2
    assert spans[0]["data-cites"] == " ".join(f"k{n}" for n in range(1000))
    links = [a for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#ref-")]
    assert len(links) == 1000
    assert len({a["href"] for a in links}) == 1000
    text = page_text(site, "index.html")
    assert "All (Author0000, 1000; Author0001, 1001;" in text
    assert "Author0999, 1999)." in text
    assert len([a for t, a in parsed.tags if "csl-entry" in (a.get("class") or "")]) == 1000
    # The citation with unknown keys stays as written, each unknown key marked.
    assert f"With typos [@k1; @k2x?; {keys}; @nope?]." in text
    assert "index.md:5: unknown citation key 'k2x' — did you mean 'k2'?" in caplog.text
    assert "index.md:5: unknown citation key 'nope'" in caplog.text


# --- glossaries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glossary", "message"),
    [
        pytest.param(
            "Policy\n:   A plan.\n\nPOLICY\n:   Again.\n",
            "glossary.md:6: the term 'POLICY' is defined twice: at line 3 ('Policy') and at "
            "line 6. Fix:",
            id="duplicate-term",
        ),
        pytest.param(
            "Policy\nPlan\n:   A plan.\n\nPlan\n:   Again.\n",
            "glossary.md:7: the term 'Plan' is defined twice: at line 4 ('Plan') and at line 7.",
            id="alias-defined-again",
        ),
        pytest.param(
            "Policy\n:   A plan.\n\nEmpty\n:\n\nLater\n:   Fine.\n",
            "glossary.md:6: the term 'Empty' has an empty definition at line 7. Fix:",
            id="empty-definition",
        ),
    ],
)
def test_a_broken_glossary_stops_the_build_naming_the_line(
    make_project, build_site, caplog, glossary, message
):
    project = make_project(
        {"index.md": "# Home\n\nA policy.\n", "glossary.md": f"# Glossary\n\n{glossary}"},
        seminar="glossary: glossary.md",
    )
    with pytest.raises(Abort):
        build_site(project)
    assert "Traceback" not in caplog.text
    assert f"seminar: {message}" in caplog.text


def test_a_term_inside_another_term_is_linked_once_the_longest_wins(make_project, build_site):
    glossary = (
        "# Glossary\n\nIndividual\n:   A person.\n\nIndividualism\n:   Persons first.\n\n"
        "Collaborative individualism\n:   Together, each for themselves.\n"
    )
    page = (
        "# Home\n\nCollaborative individualism is not individualism, "
        "and an individual's individualism is not collaborative individualism.\n"
    )
    project = make_project(
        {"index.md": page, "glossary.md": glossary},
        seminar="glossary: glossary.md\nglossary_links: all",
    )
    site = build_site(project, strict=True)
    html = (site / "index.html").read_text(encoding="utf-8")
    article = html[: html.index('<section hidden class="seminar-glossary-store"')]
    links = LinkTexts()
    links.feed(article)
    assert links.terms == [
        ("Collaborative individualism", "collaborative-individualism"),
        ("individualism", "individualism"),
        ("individual's", "individual"),
        ("individualism", "individualism"),
        ("collaborative individualism", "collaborative-individualism"),
    ]
    assert links.nested == 0
    assert (
        "Collaborative individualism is not individualism, and an individual's individualism "
        "is not collaborative individualism."
    ) in page_text(site, "index.html", skip={"seminar-glossary-store"})


class LinkTexts(HTMLParser):
    """The text and target slug of every term link; how many links sit inside another."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.terms: list[tuple[str, str]] = []
        self.nested = 0
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        values = dict(attrs)
        if self._open:
            self.nested += 1
        slug = None
        if "seminar-term" in (values.get("class") or ""):
            slug = (values.get("href") or "").split("#term-")[-1]
            self.terms.append(("", slug))
        self._open.append(slug)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] is not None:
            text, slug = self.terms[-1]
            self.terms[-1] = (text + data, slug)
