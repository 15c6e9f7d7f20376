"""Real builds with a glossary: term links, pop-up stores, the glossary page, errors."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.htmltext import page_text

if TYPE_CHECKING:
    from collections.abc import Iterable


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each one, by index."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[int, list[str]] = {}
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}:
            self._open.append(len(self.tags) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.text.setdefault(index, []).append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str | None], str]]:
        found = []
        for index, (name, attributes) in enumerate(self.tags):
            if name == tag and all(
                attributes.get(k.replace("_", "-")) == v for k, v in attrs.items()
            ):
                found.append((attributes, " ".join(" ".join(self.text.get(index, [])).split())))
        return found


SEP = "\u203a"  # between a page title and a section title
STORE = '<section hidden class="seminar-glossary-store">'


def parse(path: Path, *, before_store: bool = False) -> Elements:
    html = path.read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(html.split(STORE)[0] if before_store else html)
    return parser


def test_showcase_essay_links_terms_to_the_glossary(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    essay = parse(site / "essay/index.html")
    terms = parse(site / "essay/index.html", before_store=True).find(
        "a", **{"class": "seminar-term"}
    )
    popups = {attrs["data-seminar-popup"]: (attrs["href"], text) for attrs, text in terms}
    assert popups["seminar-def-sovereignty-of-the-individual"] == (
        "../glossary/#term-sovereignty-of-the-individual",
        "sovereignty of the individual",
    )
    assert popups["seminar-def-voluntary-cooperation"] == (
        "../glossary/#term-voluntary-cooperation",
        "voluntary interactions",
    )
    # One link per term in the essay's one section (the default `first`).
    assert len(popups) == len(terms) == 15
    # Each link's definition is in the page, in the hidden store.
    (store,) = essay.find("section", **{"class": "seminar-glossary-store"})
    assert "hidden" in store[0]
    for popup_id in popups:
        assert len(essay.find("div", id=popup_id)) == 1
    (sovereignty,) = essay.find("div", id="seminar-def-sovereignty-of-the-individual")
    assert sovereignty[1].startswith("Sovereignty of the individual The principle that each")
    # The definition's own link, written `essay.md` in the glossary, works from the essay.
    assert ({"href": "./"}, "The essay") in essay.find("a", href="./")


def test_showcase_glossary_page_has_anchors_jump_bar_and_used_in(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    glossary = parse(site / "glossary/index.html")
    ids = [attrs["id"] for attrs, _ in glossary.find("dt")]
    assert "term-sovereignty-of-the-individual" in ids
    assert "term-individualistic" in ids  # aliases have anchors too
    (bar,) = glossary.find("nav", **{"class": "seminar-az"})
    assert bar[1].split() == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert ({"href": "#term-voluntary-cooperation"}, "V") in glossary.find("a")
    sovereignty = [
        (attrs, text)
        for attrs, text in glossary.find("dd")
        if attrs.get("data-seminar-term") == "sovereignty-of-the-individual"
    ]
    ((_, text),) = sovereignty
    # Pages in build order; a page's h1 section is the page, deeper sections follow its
    # name. The essay shares its h1 with the landing page, so both go by their nav titles
    # ("Reading", "Course"), as in the citations' "Cited in".
    assert text.endswith(
        f"Used in Course {SEP} Learning objectives Course {SEP} How to use this site Reading ¶1"
    )
    links = [
        attrs["href"]
        for attrs, _ in glossary.find("a")
        if attrs.get("href", "").startswith("../essay/")
    ]
    assert "../essay/#individualism-and-collaborative-culture" in links
    assert "../essay/#p-1" in links
    assert "../#learning-objectives" in [attrs["href"] for attrs, _ in glossary.find("a")]
    # An entry nobody uses has no "Used in".
    collaborative = [
        text
        for attrs, text in glossary.find("dd")
        if attrs.get("data-seminar-term") == "collaborative-individualism"
    ]
    assert "Used in" not in collaborative[0]


def test_assets_are_shipped_and_linked(showcase: Path, build_site):
    site = build_site(showcase)
    for asset in ("popup.js", "popup.css", "glossary.css"):
        assert (site / "assets/seminar" / asset).is_file()
    head = parse(site / "essay/index.html")
    assert head.find("script", src="../assets/seminar/popup.js")
    assert head.find("link", href="../assets/seminar/popup.css", rel="stylesheet")


def test_unused_terms_are_reported_at_info_level(showcase: Path, build_site, caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.seminar"):
        build_site(showcase, strict=True)
    messages = [r for r in caplog.records if "terms not used on any page" in r.getMessage()]
    (record,) = messages
    assert record.levelno == logging.INFO
    assert record.getMessage().endswith(
        "glossary.md: terms not used on any page: Collaborative individualism"
    )


GLOSSARY = "# Glossary\n\nPolicy\n:   A plan.\n\nIndividualism\nIndividualist\n:   Person first.\n"


def project(make_project, pages: dict[str, str], seminar: str = "glossary: glossary.md"):
    return make_project({"glossary.md": GLOSSARY, **pages}, seminar=seminar)


def test_a_term_defined_twice_stops_the_build_naming_both_lines(make_project, build_site, caplog):
    root = make_project(
        {"index.md": "# Hi\n", "glossary.md": GLOSSARY + "\npolicy\n:   Again.\n"},
        seminar="glossary: glossary.md",
    )
    with pytest.raises(Abort):
        build_site(root)
    assert (
        "seminar: glossary.md:10: the term 'policy' is defined twice: at line 3 ('Policy') "
        "and at line 10"
    ) in caplog.text


def test_an_empty_definition_stops_the_build(make_project, build_site, caplog):
    root = make_project(
        {"index.md": "# Hi\n", "glossary.md": "Policy\n:\n"}, seminar="glossary: glossary.md"
    )
    with pytest.raises(Abort):
        build_site(root)
    assert (
        "seminar: glossary.md:1: the term 'Policy' has an empty definition at line 2" in caplog.text
    )


def test_a_link_to_an_unknown_term_warns_and_fails_strict(make_project, build_site, caplog):
    root = project(make_project, {"index.md": "# Home\n\nSee [the plan](glossary.md#term-plan).\n"})
    build_site(root)
    assert (
        "index.md:3: the link 'glossary.md#term-plan' points to the glossary anchor" in caplog.text
    )
    with pytest.raises(Abort):
        build_site(root, strict=True)


def test_pages_in_subfolders_and_plain_urls(make_project, build_site):
    root = project(
        make_project,
        {"index.md": "# Home\n", "week1/reading.md": "# Reading\n\nA policy.\n"},
    )
    site = build_site(root, use_directory_urls=False)
    reading = parse(site / "week1/reading.html")
    ((attrs, text),) = reading.find("a", **{"class": "seminar-term"})
    assert (attrs["href"], text) == ("../glossary.html#term-policy", "policy")
    glossary = parse(site / "glossary.html")
    assert ({"href": "week1/reading.html#reading"}, "Reading") in glossary.find("a")


@pytest.mark.parametrize(("mode", "linked"), [("first", 1), ("all", 2), ("none", 0)])
def test_glossary_links_option(make_project, build_site, mode, linked):
    root = project(
        make_project,
        {"index.md": "A policy and a policy.\n"},
        seminar=f"glossary: glossary.md\nglossary_links: {mode}",
    )
    site = build_site(root, strict=True)
    index = parse(site / "index.html", before_store=True)
    assert len(index.find("a", **{"class": "seminar-term"})) == linked
    # Back-links list the place whatever the mode.
    assert "Used in" in page_text(site, "glossary/index.html")


def test_bad_glossary_links_option_fails_at_load(make_project, caplog):
    root = project(
        make_project, {"index.md": "Hi\n"}, seminar="glossary: glossary.md\nglossary_links: some"
    )
    with pytest.raises(Abort):
        load_config(str(root / "mkdocs.yml"))
    assert "glossary_links" in caplog.text


def test_definitions_never_go_into_attributes_and_terms_are_escaped(make_project, build_site):
    glossary = '"Rock" & roll\n:   Music with "quotes" & 1 < 2 and *emphasis*.\n'
    root = make_project(
        {"glossary.md": glossary, "index.md": 'We like "rock" & roll.\n'},
        seminar="glossary: glossary.md",
    )
    site = build_site(root, strict=True)
    index = parse(site / "index.html")
    for _, attributes in index.tags:
        for value in attributes.values():
            assert "quotes" not in (value or "")
    ((_, text),) = index.find("div", id="seminar-def-rock-roll")
    assert text == '"Rock" & roll Music with "quotes" & 1 < 2 and emphasis .'
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>&quot;Rock&quot; &amp; roll</strong>" in html
    assert index.find("em")


def test_the_matcher_is_built_once_per_glossary_version(make_project, caplog):
    root = project(make_project, {"index.md": "A policy.\n"})

    def build_once():
        config = load_config(str(root / "mkdocs.yml"))
        plugin = config.plugins["seminar"]
        config.plugins.on_startup(command="serve", dirty=False)
        from mkdocs.commands.build import build

        build(config)
        return plugin

    first = build_once()
    matcher = first._glossary_cache[2]
    second = build_once()
    assert second is first  # MkDocs keeps the instance across serve rebuilds
    assert second._glossary_cache[2] is matcher  # same text: same matcher
    (root / "docs/glossary.md").write_text(GLOSSARY + "\nPlan\n:   A policy.\n", encoding="utf-8")
    (root / "docs/index.md").write_text("A policy and a plan.\n", encoding="utf-8")
    third = build_once()
    assert third._glossary_cache[2] is not matcher
    site = Path(load_config(str(root / "mkdocs.yml")).site_dir)
    index = parse(site / "index.html", before_store=True)
    assert [text for _, text in index.find("a", **{"class": "seminar-term"})] == ["policy", "plan"]


def test_copied_definitions_stay_out_of_the_search_index(showcase: Path, build_site):
    import json

    site = build_site(showcase)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    essay_text = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("essay/")
    )
    glossary_text = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("glossary/")
    )
    definition = "the final authority over their own life"
    assert definition not in essay_text
    assert definition in glossary_text  # where it belongs
    assert "sovereignty of the individual" in essay_text


def tagged_bibliography(entries: Iterable[str]) -> str:
    """The full bibliography in the shape `bibliography.html` gives it, without back-links."""
    items = "".join(
        f'\n<div class="seminar-bibliography-entry" role="listitem">\n'
        f'<div class="csl-entry" id="ref-{number}">{entry}</div>\n</div>'
        for number, entry in enumerate(entries)
    )
    return f'<div class="seminar-bibliography references csl-bib-body" role="list">{items}\n</div>'


def test_search_reads_the_words_of_term_links_and_citations_without_their_tags(
    showcase: Path, build_site, monkeypatch, tmp_path: Path
):
    """Search reads each page with its term links and citations reduced to their words,
    its paragraphs without their ids and the bibliography's entries without the tags it
    drops: its index is the one it makes from the pages as they are, byte for byte, and
    every page keeps its links and ids."""
    from seminar import plugin
    from seminar.citations import site as citations_site
    from seminar.citations.searched import searched_words
    from seminar.glossary.unlinked import without_term_links
    from seminar.paragraphs import without_paragraph_ids

    unlinked: list[int] = []
    reduced: list[str] = []
    unnumbered: list[int] = []

    def counting(html: str) -> str:
        result = without_term_links(html)
        unlinked.append(len(html) - len(result))
        return result

    def counting_ids(html: str) -> str:
        result = without_paragraph_ids(html)
        unnumbered.append(len(html) - len(result))
        return result

    def words(citation: str) -> str:
        result = searched_words(citation)
        if result != citation:
            reduced.append(result)
        return result

    monkeypatch.setattr(plugin, "without_term_links", counting)
    monkeypatch.setattr(plugin, "without_paragraph_ids", counting_ids)
    monkeypatch.setattr(citations_site, "searched_words", words)
    site = build_site(showcase)
    assert unlinked
    assert all(removed > 0 for removed in unlinked)
    assert sum(removed > 0 for removed in unnumbered) >= 5
    assert "(Mill, 1859)" in reduced
    index = (site / "search/search_index.json").read_bytes()
    pages = {path.relative_to(site): path.read_bytes() for path in site.rglob("*.html")}
    assert b'class="seminar-term"' in pages[Path("essay/index.html")]
    assert b'<span class="citation" data-cites=' in pages[Path("essay/index.html")]
    assert b'<p id="p-1">' in pages[Path("essay/index.html")]
    monkeypatch.setattr(plugin, "without_term_links", lambda html: html)
    monkeypatch.setattr(plugin, "without_paragraph_ids", lambda html: html)
    monkeypatch.setattr(citations_site, "searched_words", lambda citation: citation)
    # The bibliography as the shipped template lists it, every tag of each entry kept.
    monkeypatch.setattr(citations_site, "searched_bibliography", tagged_bibliography)
    linked = build_site(showcase, site_dir=str(tmp_path / "linked"))
    assert (linked / "search/search_index.json").read_bytes() == index
    assert {path.relative_to(linked): path.read_bytes() for path in linked.rglob("*.html")} == pages


def test_without_def_list_each_entry_is_reported(tmp_path: Path, build_site, caplog):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    (docs / "index.md").write_text("A policy.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - seminar:\n      glossary: glossary.md\n",
        encoding="utf-8",
    )
    build_site(tmp_path)
    assert "glossary.md:3: the entry 'Policy' is not a definition list item" in caplog.text
    assert "glossary.md:6: the entry 'Individualism' is not a definition list item" in caplog.text
    with pytest.raises(Abort):
        build_site(tmp_path, strict=True)
