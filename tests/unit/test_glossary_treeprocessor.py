"""Linking terms in rendered Markdown: exact HTML for each rule."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor

from seminar.glossary import Glossary, TermMatcher, parse_glossary
from seminar.glossary.treeprocessor import (
    LINK_PLACEHOLDER,
    GlossaryExtension,
    GlossaryLinker,
    LinkedPage,
    TermLinks,
)
from seminar.memo import Memo
from seminar.paragraphs import ParagraphAnchorsExtension

GLOSSARY = parse_glossary(
    "Individualism\nIndividualist\n:   Person first.\n\n"
    "Collaborative individualism\n:   Together, each on their own.\n\n"
    "Policy\n:   A plan, unlike *individualism*.\n"
)
MATCHER = TermMatcher(GLOSSARY)
EXTENSIONS = ["def_list", "attr_list", "toc", "md_in_html", "fenced_code"]


def link(text: str, slug: str, href: str = "glossary.md") -> str:
    return (
        f'<a class="seminar-term" data-seminar-popup="seminar-def-{slug}" '
        f'href="{href}#term-{slug}">{text}</a>'
    )


def render(
    text: str,
    page: str = "essay.md",
    mode: str = "first",
    *,
    final: bool = False,
    glossary: Glossary = GLOSSARY,
) -> tuple[str, GlossaryLinker]:
    """`text` rendered with term links; `final`: as the plugin renders, the glossary's
    URL given, so links are finished HTML (with plain Python-Markdown as the host,
    the source path `glossary.md` is also the final URL: the HTML must not differ)."""
    matcher = MATCHER if glossary is GLOSSARY else TermMatcher(glossary)
    linker = GlossaryLinker(glossary, matcher, "glossary.md", mode)  # type: ignore[arg-type]
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, ParagraphAnchorsExtension(), GlossaryExtension(linker)]
    )
    linker.begin_page(page, linker.glossary_href(page) if final else None)
    return md.convert(text), linker


IND = link("individualism", "individualism")
POLICY = link("policy", "policy")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Case, inflection and the author's casing.
        (
            "Individualism matters.",
            f'<p id="p-1">{link("Individualism", "individualism")} matters.</p>',
        ),
        ("Two individualists.", f'<p id="p-1">Two {link("individualists", "individualism")}.</p>'),
        # First occurrence per section only (aliases count as the entry).
        (
            "An individualist and individualism.",
            f'<p id="p-1">An {link("individualist", "individualism")} and individualism.</p>',
        ),
        (
            "individualism\n\nindividualism",
            f'<p id="p-1">{IND}</p>\n<p id="p-2">individualism</p>',
        ),
        # A new heading starts a new section; headings themselves are never linked.
        (
            "# Individualism\n\nindividualism\n\n## Policy\n\nindividualism",
            '<h1 id="individualism">Individualism</h1>\n'
            f'<p id="p-1">{IND}</p>\n'
            '<h2 id="policy">Policy</h2>\n'
            f'<p id="p-2">{IND}</p>',
        ),
        # Longest term wins.
        (
            "collaborative individualism and individualism",
            f'<p id="p-1">{link("collaborative individualism", "collaborative-individualism")}'
            f" and {IND}</p>",
        ),
        # Skip zones: code, pre, kbd, links, raw HTML classes, attr_list classes.
        (
            "`individualism` and individualism",
            f'<p id="p-1"><code>individualism</code> and {IND}</p>',
        ),
        ("    individualism\n", "<pre><code>individualism\n</code></pre>"),
        ("```\nindividualism\n```\n", "<pre><code>individualism\n</code></pre>"),
        ("<kbd>policy</kbd> policy", f'<p id="p-1"><kbd>policy</kbd> {POLICY}</p>'),
        (
            "[individualism](https://example.org) individualism",
            f'<p id="p-1"><a href="https://example.org">individualism</a> {IND}</p>',
        ),
        (
            '<span class="seminar-skip">individualism *policy*</span> policy',
            '<p id="p-1"><span class="seminar-skip">individualism <em>policy</em></span>'
            f" {POLICY}</p>",
        ),
        (
            '<span class="citation">policy</span> policy',
            f'<p id="p-1"><span class="citation">policy</span> {POLICY}</p>',
        ),
        (
            "*individualism*{.seminar-skip} individualism",
            f'<p id="p-1"><em class="seminar-skip">individualism</em> {IND}</p>',
        ),
        (
            '<div class="seminar-skip" markdown>\nindividualism\n</div>\n\nindividualism',
            f'<div class="seminar-skip">\n<p>individualism</p>\n</div>\n<p id="p-1">{IND}</p>',
        ),
        # Explicit markup: a link to the glossary anchor becomes a term link and
        # counts as the section's first.
        (
            "[the person-first view](glossary.md#term-individualism), individualism",
            f'<p id="p-1">{link("the person-first view", "individualism")}, individualism</p>',
        ),
        # ... an alias anchor points to its entry.
        (
            "[them](glossary.md#term-individualist)",
            '<p id="p-1"><a class="seminar-term" data-seminar-popup="seminar-def-individualism" '
            'href="glossary.md#term-individualist">them</a></p>',
        ),
        # Inside emphasis and other inline markup.
        ("*policies*", f'<p id="p-1"><em>{link("policies", "policy")}</em></p>'),
    ],
)
@pytest.mark.parametrize("final", [False, True], ids=["host-rewrites", "finished"])
def test_linking(source, expected, final):
    html, linker = render(source, final=final)
    assert html == expected
    assert linker.pages["essay.md"].problems == []


@pytest.mark.parametrize("final", [False, True], ids=["host-rewrites", "finished"])
def test_links_are_relative_to_the_page_folder(final):
    html, _ = render("Policy.", page="week1/reading.md", final=final)
    assert html == f'<p id="p-1">{link("Policy", "policy", "../glossary.md")}.</p>'


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("all", f'<p id="p-1">{POLICY} and {POLICY}</p>'),
        ("first", f'<p id="p-1">{POLICY} and policy</p>'),
        ("none", '<p id="p-1">policy and policy</p>'),
    ],
)
def test_link_modes(mode, expected):
    html, linker = render("policy and policy", mode=mode)
    assert html == expected
    # Every occurrence is recorded for "Used in", linked or not.
    assert [o.slug for o in linker.pages["essay.md"].occurrences] == ["policy", "policy"]


def test_none_mode_still_honours_explicit_links():
    html, linker = render("[a plan](glossary.md#term-policy) and policy", mode="none")
    assert html == f'<p id="p-1">{link("a plan", "policy")} and policy</p>'
    assert linker.pages["essay.md"].linked == ["policy"]


def test_link_to_an_unknown_term_anchor_is_a_problem_and_left_alone():
    html, linker = render("[x](glossary.md#term-nope)")
    assert html == '<p id="p-1"><a href="glossary.md#term-nope">x</a></p>'
    ((written, problem),) = linker.pages["essay.md"].problems
    assert written == "glossary.md#term-nope"
    assert "'glossary.md#term-nope'" in problem
    assert "no term has it" in problem


def test_occurrences_record_section_and_paragraph():
    _, linker = render("# Essay\n\nIndividualism.\n\n## Part two {#two}\n\nSome policy.\n")
    found = linker.pages["essay.md"]
    assert [
        (o.slug, o.section_id, o.section_title, o.section_level, o.paragraph)
        for o in found.occurrences
    ] == [
        ("individualism", "essay", "Essay", 1, "p-1"),
        ("policy", "two", "Part two", 2, "p-2"),
    ]
    assert found.linked == ["individualism", "policy"]


GLOSSARY_PAGE = (
    "# Glossary\n\nIntro.\n\n"
    "Individualism\nIndividualist\n:   Person first.\n\n"
    "Collaborative individualism\n:   Together, each on their own.\n\n"
    "Policy\n:   A plan, unlike *individualism*.\n"
)


def test_glossary_page_anchors_jump_bar_and_no_self_links():
    html, linker = render(GLOSSARY_PAGE, page="glossary.md")
    assert '<dt id="term-individualism">Individualism</dt>' in html
    assert '<dt id="term-individualist">Individualist</dt>' in html
    assert '<dd data-seminar-term="individualism">Person first.</dd>' in html
    # The definition of "Collaborative individualism" does not link to itself, and
    # "individualism" inside it is part of the longer term: nothing is linked.
    assert (
        '<dd data-seminar-term="collaborative-individualism">Together, each on their own.</dd>'
        in html
    )
    # Another entry's definition links to a term (the first in the section).
    assert (
        '<dd data-seminar-term="policy">A plan, unlike <em>'
        + link("individualism", "individualism", "")
        + "</em>.</dd>"
    ) in html
    bar = re.search(r'<nav aria-label="Glossary A to Z" class="seminar-az">.*?</nav>', html)
    assert bar is not None
    assert '<a href="#term-collaborative-individualism">C</a>' in bar.group()
    assert '<a href="#term-individualism">I</a>' in bar.group()
    assert '<a href="#term-policy">P</a>' in bar.group()
    assert '<span aria-hidden="true">A</span>' in bar.group()
    assert html.index("seminar-az") < html.index("<dl>")
    # The glossary page is not a place where terms are "used".
    assert linker.pages["glossary.md"].occurrences == []


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


PIECES = st.sampled_from(
    [
        "individualism",
        "Individualist's",
        "policies",
        "collaborative",
        "`policy`",
        "*policy*",
        "[policy](x.md)",
        '<span class="seminar-skip">policy</span>',
        "the",
        "&",
        "<",
        "café",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(PIECES, st.sampled_from([" ", "\n", ", ", "\n\n", "-"])), max_size=25))
def test_linking_never_changes_the_text(pieces):
    source = "".join(piece + sep for piece, sep in pieces)
    plain = markdown.markdown(source, extensions=EXTENSIONS)
    linked, _ = render(source, mode="all")
    assert text_of(linked) == text_of(plain)


ODD_GLOSSARY = parse_glossary(
    "R&D\n:   Research and development.\n\n"
    "Café society\n:   Fashionable people.\n\n"
    "Policy\n:   A plan.\n"
)
ODD_PIECES = st.sampled_from(
    [
        "R&D",
        "r&amp;d",
        "R&D's",
        "Café society",
        "café  societies",
        "policy",
        "&",
        "<",
        ">",
        '"',
        "&copy;",
        "\\*policy",
        "*R&D*",
        "`R&D`",
        "<b>policy</b>",
        "the",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(ODD_PIECES, st.sampled_from([" ", "\n", ", ", "\n\n"])), max_size=20))
def test_finished_links_are_the_links_python_markdown_writes(pieces):
    """Links put in as finished HTML read exactly as the elements the serializer writes."""
    source = "".join(piece + sep for piece, sep in pieces)
    for page in ("essay.md", "week/reading.md"):
        host, _ = render(source, page, "all", glossary=ODD_GLOSSARY)
        finished, _ = render(source, page, "all", final=True, glossary=ODD_GLOSSARY)
        assert finished == host


class _SeenHrefs(Treeprocessor):
    """Records the hrefs a treeprocessor at MkDocs' `relpath` priority (0) is shown."""

    def __init__(self, md: markdown.Markdown, seen: list[str]) -> None:
        super().__init__(md)
        self.seen = seen

    def run(self, root: etree.Element) -> None:
        self.seen += [a.get("href") or "" for a in root.iter("a")]


@pytest.mark.parametrize(
    ("page", "glossary_url", "expected"),
    [
        ("part/reading.md", "../../glossary/", "../../glossary/#term-individualism"),
        ("essay.md", "glossary.html", "glossary.html#term-individualism"),
        ("glossary.md", "", "#term-individualism"),
    ],
)
def test_given_the_glossary_url_term_links_skip_the_hosts_link_rewriting(
    page: str, glossary_url: str, expected: str
) -> None:
    seen: list[str] = []
    linker = GlossaryLinker(GLOSSARY, MATCHER, "glossary.md", "first")
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, ParagraphAnchorsExtension(), GlossaryExtension(linker)]
    )
    md.treeprocessors.register(_SeenHrefs(md, seen), "relpath-spy", 0)
    linker.begin_page(page, glossary_url)
    html = md.convert("Individualism, and [an author's link](glossary.md#term-policy).")
    # What MkDocs' rewriting sees: the author's link only; ours are finished HTML.
    assert seen == ["glossary.md#term-policy"]
    assert (
        '<a class="seminar-term" data-seminar-popup="seminar-def-individualism" '
        f'href="{expected}">Individualism</a>'
    ) in html


# Under `serve`: a page whose tree is the same as in the last build is linked again by
# replaying what was done to it, without walking it or matching a term.

SERVE_PAGE = (
    "# Essay\n\nIndividualism, *policy* and an individualist.\n\n"
    "## Part two {#two}\n\nSee [the plan](glossary.md#term-policy) and [x](glossary.md#term-nope)."
    '\n\n<div class="seminar-skip">policy</div>\n\nPolicy `policy` <b>individualism</b> policy.'
    "\n\n```\npolicy\n```\n\nCollaborative individualism, again policy.\n"
)


def render_serving(
    source: str, memo: Memo[LinkedPage], page: str = "essay.md", mode: str = "first"
) -> tuple[str, GlossaryLinker]:
    """`source` rendered as the plugin renders under `serve`: finished links, a memo."""
    linker = GlossaryLinker(GLOSSARY, MATCHER, "glossary.md", mode, memo)  # type: ignore[arg-type]
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, ParagraphAnchorsExtension(), GlossaryExtension(linker)]
    )
    linker.begin_page(page, linker.glossary_href(page))
    return md.convert(source), linker


def serve_twice(
    first: str, second: str, page: str = "essay.md", mode: str = "first"
) -> tuple[Memo[LinkedPage], str, GlossaryLinker]:
    """`first` rendered as one `serve` build renders it, then `second` as the next build."""
    memo: Memo[LinkedPage] = Memo(keep=True)
    memo.next_build()
    render_serving(first, memo)
    memo.next_build()
    return memo, *render_serving(second, memo, page, mode)


def found_on(linker: GlossaryLinker, page: str = "essay.md") -> tuple[object, ...]:
    found = linker.pages[page]
    return (found.occurrences, found.linked, found.problems)


def test_serve_links_an_unchanged_page_again_without_matching_a_term(monkeypatch):
    memo: Memo[LinkedPage] = Memo(keep=True)
    memo.next_build()
    first, first_linker = render_serving(SERVE_PAGE, memo)
    fresh, fresh_linker = render(SERVE_PAGE, final=True)
    assert first == fresh
    assert found_on(first_linker) == found_on(fresh_linker)
    assert (memo.hits, memo.misses) == (0, 1)
    # In memory, the record holds the linked texts and the page's finished links.
    (record,) = memo._now.values()
    assert record.links
    assert all(finished.startswith('<a class="seminar-term" ') for finished in record.links)
    assert any(isinstance(text, str) for _, text, _, _ in record.changes)

    memo.next_build()

    def no_matching(self: TermMatcher, text: str) -> None:
        raise AssertionError("an unchanged page was matched again")

    monkeypatch.setattr(TermMatcher, "finditer", no_matching)
    again, again_linker = render_serving(SERVE_PAGE, memo)
    assert memo.hits == 1
    assert again == fresh
    assert found_on(again_linker) == found_on(fresh_linker)
    # What the page holds: the author's link made a term link, a problem, both sections.
    assert link("the plan", "policy") in again
    assert found_on(again_linker)[2] == found_on(fresh_linker)[2] != []
    assert {o.section_id for o in found_on(again_linker)[0]} == {"essay", "two"}


def test_serve_replays_the_glossary_page_and_marks_it_again(monkeypatch):
    """The glossary page's links come back like any page's; its ids, definitions' marks
    and A-Z bar are made again on the replayed tree, as on a walk."""
    fresh, fresh_linker = render(GLOSSARY_PAGE, page="glossary.md", final=True)
    memo: Memo[LinkedPage] = Memo(keep=True)
    memo.next_build()
    first, _ = render_serving(GLOSSARY_PAGE, memo, page="glossary.md")
    assert first == fresh
    memo.next_build()

    def no_matching(self: TermMatcher, text: str) -> None:
        raise AssertionError("an unchanged glossary page was matched again")

    monkeypatch.setattr(TermMatcher, "finditer", no_matching)
    again, again_linker = render_serving(GLOSSARY_PAGE, memo, page="glossary.md")
    assert (memo.hits, memo.misses) == (1, 0)
    assert again == fresh
    assert found_on(again_linker, "glossary.md") == found_on(fresh_linker, "glossary.md")
    assert '<dt id="term-policy">Policy</dt>' in again
    assert again.count('class="seminar-az"') == 1
    assert link("individualism", "individualism", "") in again


@pytest.mark.parametrize(
    "changed",
    [
        # The same words, each time in a tree or stash that links differently.
        SERVE_PAGE.replace("Collaborative individualism, again policy.", "Policy, again."),
        SERVE_PAGE.replace('<div class="seminar-skip">', "<div>"),  # only the stash differs
        SERVE_PAGE.replace("Policy `policy` <b>", "Policy `policy` {.x} <b>"),
        SERVE_PAGE.replace("again policy.\n", "again policy.\n{.seminar-skip}\n"),  # a class
        SERVE_PAGE.replace("## Part two {#two}", "Part two"),  # no new section
        SERVE_PAGE.replace("See [the plan]", "See `[the plan]`"),
    ],
)
def test_serve_never_replays_a_page_that_links_differently(changed):
    assert changed != SERVE_PAGE
    memo, html, linker = serve_twice(SERVE_PAGE, changed)
    fresh, fresh_linker = render(changed, final=True)
    assert (memo.hits, memo.misses) == (0, 1)
    assert html == fresh
    assert found_on(linker) == found_on(fresh_linker)


@pytest.mark.parametrize(("page", "mode"), [("week/essay.md", "first"), ("essay.md", "all")])
def test_serve_replays_only_for_the_same_page_place_and_link_mode(page, mode):
    memo, html, linker = serve_twice(SERVE_PAGE, SERVE_PAGE, page, mode)
    fresh, fresh_linker = render(SERVE_PAGE, page, mode, final=True)
    assert memo.hits == 0
    assert html == fresh
    assert found_on(linker, page) == found_on(fresh_linker, page)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(PIECES, st.sampled_from([" ", "\n", ", ", "\n\n", "-"])), max_size=25))
def test_a_replayed_page_reads_exactly_as_a_linked_one(pieces):
    source = "# Title\n\n" + "".join(piece + sep for piece, sep in pieces)
    memo, replayed, replayed_linker = serve_twice(source, source)
    fresh, fresh_linker = render(source, final=True)
    assert memo.hits == 1
    assert replayed == fresh
    assert found_on(replayed_linker) == found_on(fresh_linker)


def test_finished_links_go_in_after_the_stash_in_one_pass():
    """Term links wait in the linker, not in Python-Markdown's stash of raw HTML."""
    linker = GlossaryLinker(GLOSSARY, MATCHER, "glossary.md", "all")
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, ParagraphAnchorsExtension(), GlossaryExtension(linker)]
    )
    linker.begin_page("essay.md", "glossary.md")
    html = md.convert("Policy, <b>raw</b> and individualism; policy.")
    assert md.htmlStash.html_counter == 2  # `<b>` and `</b>`: the author's own HTML only
    assert html == (f'<p id="p-1">{link("Policy", "policy")}, <b>raw</b> and {IND}; {POLICY}.</p>')
    term_links = md.postprocessors["seminar-glossary-links"]
    assert isinstance(term_links, TermLinks)
    # Only the linker's own placeholders, numbered within this page's links, are replaced.
    odd = f"{LINK_PLACEHOLDER}7\x03 {LINK_PLACEHOLDER}x\x03 {LINK_PLACEHOLDER}0"
    assert term_links.run(odd) == odd
    assert term_links.run(f"a {LINK_PLACEHOLDER}1\x03 b") == f"a {IND} b"
