"""Post-render HTML work: relative URLs, copied definitions, stores, back-link insertion."""

from __future__ import annotations

import pytest

from seminar.glossary import parse_glossary
from seminar.glossary.html import (
    PopupStores,
    definitions_html,
    find_definitions,
    insert_after_definitions,
    rebasable,
    rebase,
    rebase_urls,
    relative_url,
)


@pytest.mark.parametrize(
    ("url", "from_page", "expected"),
    [
        ("glossary/#term-x", "essay/", "../glossary/#term-x"),
        ("glossary/#term-x", "", "glossary/#term-x"),
        ("glossary/#term-x", "glossary/", "#term-x"),
        ("glossary/", "glossary/", "./"),
        ("essay/", "week1/reading/", "../../essay/"),
        ("glossary.html#term-x", "essay.html", "glossary.html#term-x"),
        ("glossary.html#term-x", "week1/essay.html", "../glossary.html#term-x"),
        ("", "essay/", "../"),
        ("img/a.png", "essay/", "../img/a.png"),
    ],
)
def test_relative_url(url, from_page, expected):
    assert relative_url(url, from_page) == expected


@pytest.mark.parametrize(
    ("fragment", "to_page", "expected"),
    [
        ('<a href="../essay/">e</a>', "essay/", '<a href="./">e</a>'),
        ('<a href="../essay/#p-2">e</a>', "week1/reading/", '<a href="../../essay/#p-2">e</a>'),
        ('<a href="#term-x">x</a>', "essay/", '<a href="../glossary/#term-x">x</a>'),
        ('<img alt="a" src="../img/a.png" />', "", '<img alt="a" src="img/a.png" />'),
        # Absolute and external URLs are kept; other attributes are kept.
        (
            '<a class="k" href="https://example.org/a?b=1&amp;c=2">x</a>',
            "essay/",
            '<a class="k" href="https://example.org/a?b=1&amp;c=2">x</a>',
        ),
        ('<a href="mailto:a@b.c">m</a>', "essay/", '<a href="mailto:a@b.c">m</a>'),
        # Ids are dropped from the copy; text and other tags are byte for byte.
        (
            '<sup id="fnref:1"><a href="#fn:1">1</a></sup> <em>x &amp; y</em>',
            "essay/",
            '<sup><a href="../glossary/#fn:1">1</a></sup> <em>x &amp; y</em>',
        ),
        (
            'a\n<b>multi\nline</b> <a\nhref="../x/">x</a>',
            "essay/",
            'a\n<b>multi\nline</b> <a href="../x/">x</a>',
        ),
    ],
)
def test_rebase_urls_from_the_glossary_page(fragment, to_page, expected):
    assert rebase_urls(fragment, "glossary/", to_page) == expected


def test_a_definition_read_once_is_copied_into_each_page_as_if_read_for_it():
    fragment = '<a href="#term-x">x</a> <img src="../img/a.png" /> <a href="../essay/#p-2">e</a>'
    read = rebasable(fragment, "glossary/")
    for page in ("essay/", "week1/reading/", "", "glossary/", "notes.html"):
        assert rebase(read, page) == rebase_urls(fragment, "glossary/", page)
    assert rebase(read, "essay/") == (
        '<a href="../glossary/#term-x">x</a> <img src="../img/a.png" /> <a href="#p-2">e</a>'
    )


def test_rebase_on_the_same_page_only_drops_ids():
    assert (
        rebase_urls('<a id="a" href="#b">x</a>', "glossary/", "glossary/") == '<a href="#b">x</a>'
    )


PAGE = (
    '<h1 id="glossary">Glossary</h1>\n<dl>\n'
    '<dt id="term-a">A</dt>\n<dd data-seminar-term="a">First <em>a</em>.</dd>\n'
    '<dd data-seminar-term="a">Second.<dl><dd>nested</dd></dl></dd>\n'
    '<dt id="term-b">B</dt>\n<dd data-seminar-term="b">\n<p>Bee.</p>\n</dd>\n'
    "<dt>Other</dt>\n<dd>untouched</dd>\n</dl>"
)


def test_definitions_are_cut_from_the_glossary_page():
    spans = find_definitions(PAGE)
    assert definitions_html(PAGE, spans) == {
        "a": "First <em>a</em>.\nSecond.<dl><dd>nested</dd></dl>",
        "b": "<p>Bee.</p>",
    }


def test_back_links_go_at_the_end_of_each_entrys_last_definition():
    spans = find_definitions(PAGE)
    html = insert_after_definitions(PAGE, spans, {"a": "[A]", "b": "[B]"}.get)
    assert html == PAGE.replace("nested</dd></dl></dd>", "nested</dd></dl>[A]</dd>").replace(
        "<p>Bee.</p>\n</dd>", "<p>Bee.</p>\n[B]</dd>"
    )


def test_store_escapes_the_term_and_keeps_the_definition_html():
    glossary = parse_glossary('"Quote" & <co>\n:   Def.\n')
    (entry,) = glossary.entries
    stores = PopupStores(glossary, {entry.slug: "<em>rich</em>"}, "glossary/")
    store = stores.store([entry.slug, "unknown"], "essay/")
    assert store == (
        '\n<section hidden class="seminar-glossary-store">'
        f'<div id="seminar-def-{entry.slug}" class="seminar-def">'
        '<p class="seminar-def__term"><strong>&quot;Quote&quot; &amp; &lt;co&gt;</strong></p>'
        "<em>rich</em></div></section>\n"
    )
    assert entry.slug == "quote-co"


def test_each_page_gets_the_definitions_with_links_that_work_there():
    glossary = parse_glossary("A\n:   Def.\n\nB\n:   Def.\n")
    definitions = {"a": '<p>See <a href="#term-b">b</a>.</p>', "b": "<p>Plain.</p>"}
    stores = PopupStores(glossary, definitions, "glossary/")
    for page in ("essay/", "week1/reading/", "glossary/", ""):
        store = stores.store(["a", "b"], page)
        assert rebase_urls(definitions["a"], "glossary/", page) in store
        assert "<p>Plain.</p></div>" in store
    assert 'href="../../glossary/#term-b"' in stores.store(["a"], "week1/reading/")


def test_no_store_without_definitions():
    glossary = parse_glossary("A\n:   Def.\n")
    assert PopupStores(glossary, {}, "glossary/").store(["a"], "essay/") == ""
    assert PopupStores(glossary, {"a": "x"}, "glossary/").store([], "essay/") == ""
