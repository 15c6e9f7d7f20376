"""`mkdocs serve` rebuilds reuse the last build's results, and read exactly as fresh builds.

The plugin keeps what a build rendered ("Used in" lists, stores of definitions,
citations, References sections, the bibliography, questions sections, the handout),
what linking terms did to each page's tree and each page's citations, under keys
holding everything they depend on (`seminar.memo`). Here the showcase course is
built as `serve` builds it, edited in the ways an instructor edits, rebuilt with the
same plugin instance, and every page compared with a fresh build of the edited course
made in another process.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

import seminar
from seminar.memo import Memo
from tests.conftest import build_in_another_process

ESSAY_ADDITION = (
    "\n\nA last paragraph for this test: the sovereignty of the individual returns here, "
    "as in the creative hubs [@bandinelli2019, p. 4].\n"
)


def pages(site: Path) -> dict[str, str]:
    """Every HTML page and the search index of a built site, by path."""
    found = {
        str(path.relative_to(site)): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }
    found["search/search_index.json"] = (site / "search/search_index.json").read_text("utf-8")
    return found


def assert_same_site(rebuilt: Path, fresh: Path) -> None:
    ours, theirs = pages(rebuilt), pages(fresh)
    assert sorted(ours) == sorted(theirs)
    different = [path for path in ours if ours[path] != theirs[path]]
    assert different == []


def test_serve_rebuilds_after_edits_read_exactly_as_fresh_builds(showcase, tmp_path):
    config = load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["seminar"]
    try:
        build(config)
        memos = [
            plugin.glossary_rendered,
            plugin.citations.rendered,
            plugin.citations.scanned,
            plugin.questions.rendered,
        ]
        assert all(memo.keep and len(memo) > 0 for memo in memos)

        # 1. The reading cites a work again and uses a term; a definition is reworded.
        essay = showcase / "docs/essay.md"
        essay.write_text(essay.read_text("utf-8") + ESSAY_ADDITION, encoding="utf-8")
        glossary = showcase / "docs/glossary.md"
        text = glossary.read_text("utf-8")
        reworded = text.replace("feel discomfort when these clash", "feel uneasy when they clash")
        assert reworded != text
        glossary.write_text(reworded, encoding="utf-8")
        config = load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site"))
        assert config.plugins["seminar"] is plugin
        build(config)
        # Unchanged pages' work was reused, not made again.
        assert plugin.citations.rendered.hits > 0
        assert plugin.citations.scanned.hits > 0
        assert plugin.glossary_rendered.hits > 0
        assert_same_site(
            showcase / "site", build_in_another_process(showcase, tmp_path / "fresh-1")
        )

        # 2. A `custom_dir` override of two partials: nothing rendered with the old
        # templates may be reused.
        overrides = showcase / "overrides/partials/seminar"
        overrides.mkdir(parents=True)
        shipped = Path(seminar.__file__).parent / "templates/partials/seminar"
        used_in = (shipped / "glossary-used-in.html").read_text("utf-8")
        (overrides / "glossary-used-in.html").write_text(
            used_in.replace("Used in", "Appears in"), encoding="utf-8"
        )
        references = (shipped / "references.html").read_text("utf-8")
        (overrides / "references.html").write_text(
            references.replace('class="seminar-references"', 'class="seminar-references mine"'),
            encoding="utf-8",
        )
        yml = showcase / "mkdocs.yml"
        yml.write_text(
            yml.read_text("utf-8").replace(
                "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
            ),
            encoding="utf-8",
        )
        config = load_config(str(yml), site_dir=str(showcase / "site"))
        build(config)
        glossary_html = (showcase / "site/glossary/index.html").read_text("utf-8")
        assert "Appears in" in glossary_html
        assert ">Used in<" not in glossary_html
        essay_html = (showcase / "site/essay/index.html").read_text("utf-8")
        assert 'class="seminar-references mine"' in essay_html
        assert_same_site(
            showcase / "site", build_in_another_process(showcase, tmp_path / "fresh-2")
        )

        # 3. Only the reading changes: every other page's term links are put back as the
        # last build made them (`LinkedPage`), the reading's are made again.
        essay.write_text(
            essay.read_text("utf-8") + "\n\nOne more word on collaborative individualism.\n",
            encoding="utf-8",
        )
        config = load_config(str(yml), site_dir=str(showcase / "site"))
        build(config)
        assert plugin.glossary_linker is not None
        linked_pages = plugin.glossary_linker.linked_pages
        assert linked_pages is not None
        assert linked_pages.hits > 0
        assert linked_pages.misses == 1  # the reading
        # Each page's part in the "Used in" lists and its search copy, likewise.
        assert plugin.used_in_details.hits > 0
        assert plugin.used_in_details.misses == 1
        assert plugin.searched_copies.hits > 0
        assert_same_site(
            showcase / "site", build_in_another_process(showcase, tmp_path / "fresh-3")
        )
    finally:
        config.plugins.on_shutdown()


def test_serve_keeps_no_page_of_the_last_build_until_the_next(showcase):
    """Between two `serve` builds, what the plugin keeps is plain data, never the pages.

    A page holds its Markdown, its HTML and its table of contents; the navigation holds
    every page. Kept until the next build, they would be memory for nothing and objects
    for the garbage collector to visit on each of its full passes through the rebuild.
    """
    docs = str(showcase / "docs")
    config = load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        gc.collect()
        alive = [
            obj.file.src_uri
            for obj in gc.get_objects()
            if isinstance(obj, Page) and obj.file.abs_src_path.startswith(docs)
        ]
        assert alive == []
        assert len(config.plugins["seminar"].questions.rendered) > 0  # what it does keep
    finally:
        config.plugins.on_shutdown()


def test_serve_reads_each_rendered_citation_for_search_once(showcase, monkeypatch):
    """What search reads of each rendered citation is kept from one `serve` build to the
    next: an unchanged course is rebuilt without reading any citation again, and its
    search index is the same."""
    from seminar.citations import site as citations_site

    read: list[str] = []
    words = citations_site.searched_words

    def counted(rendered: str) -> str:
        read.append(rendered)
        return words(rendered)

    monkeypatch.setattr(citations_site, "searched_words", counted)
    index = showcase / "site" / "search" / "search_index.json"
    config = load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        first, before = len(read), index.read_text(encoding="utf-8")
        assert first > 0
        # As serve's builder: a fresh configuration, the same plugin instance.
        build(load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site")))
        assert len(read) == first
        assert index.read_text(encoding="utf-8") == before
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize("keep", [True, False])
def test_a_memo_keeps_what_the_last_build_used_and_nothing_older(keep):
    memo: Memo[str] = Memo(keep=keep)
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or value.upper()

    assert memo.get("a", make("a")) == "A"
    assert memo.get("a", make("a")) == "A"
    memo.next_build()
    assert memo.get("b", make("b")) == "B"
    memo.next_build()
    assert memo.get("a", make("a")) == "A"  # not used by the build before: made again
    assert memo.get("b", make("b")) == "B"
    if keep:
        assert made == ["a", "b", "a"]
        assert (memo.hits, memo.misses, len(memo)) == (1, 1, 2)
    else:
        assert made == ["a", "a", "b", "a", "b"]
        assert (memo.hits, memo.misses, len(memo)) == (0, 2, 0)
