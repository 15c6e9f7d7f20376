"""Pandoc's citation grammar: exact Markdown → HTML placeholders, and what Pandoc is given."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.citations import prescan, syntax
from seminar.citations.prescan import scan, without_code
from seminar.citations.syntax import CitationsExtension

ODD = "a:b.c#d$e%f&amp;g-h+i?j&lt;k&gt;l~m/n"
PLACE = '<span class="citation" data-cites="{keys}" data-seminar-cite="{n}">{text}</span>'


def render(text: str) -> tuple[str, list[str]]:
    extension = CitationsExtension()
    html = markdown.markdown(text, extensions=[extension])
    return html, [c.pandoc() for c in extension.citations]


def cite(keys: str, text: str, n: int = 0) -> str:
    return PLACE.format(keys=keys, n=n, text=text)


@pytest.mark.parametrize(
    ("source", "html", "pandoc"),
    [
        ("A [@key].", f"<p>A {cite('key', '[@key]')}.</p>", ["[@key]"]),
        ("[@a; @b]", f"<p>{cite('a b', '[@a; @b]')}</p>", ["[@a; @b]"]),
        (
            "[see @key, pp. 33\u201335; also @b, chap. 1]",
            "<p>" + cite("key b", "[see @key, pp. 33\u201335; also @b, chap. 1]") + "</p>",
            ["[see @key, pp. 33\u201335; also @b, chap. 1]"],
        ),
        ("[-@key]", f"<p>{cite('key', '[-@key]')}</p>", ["[-@key]"]),
        ("As @key says.", f"<p>As {cite('key', '@key')} says.</p>", ["@key"]),
        ("@key [p. 33] says", f"<p>{cite('key', '@key [p. 33]')} says</p>", ["@key [p. 33]"]),
        ("(@key)", f"<p>({cite('key', '@key')})</p>", ["@key"]),
        ("@key.", f"<p>{cite('key', '@key')}.</p>", ["@key"]),
        (
            "x @a:b.c#d$e%f&g-h+i?j<k>l~m/n. y",
            "<p>x "
            + cite(
                "a:b.c#d$e%f&amp;g-h+i?j&lt;k&gt;l~m/n", "@a:b.c#d$e%f&amp;g-h+i?j&lt;k&gt;l~m/n"
            )
            + ". y</p>",
            ["@a:b.c#d$e%f&g-h+i?j<k>l~m/n"],
        ),
        ("@{weird key} x", f"<p>{cite('weird key', '@{weird key}')} x</p>", ["@{weird key}"]),
        (
            "[@{weird key}, p. 2]",
            f"<p>{cite('weird key', '[@{weird key}, p. 2]')}</p>",
            ["[@{weird key}, p. 2]"],
        ),
        ("\\@key is not cited", "<p>@key is not cited</p>", []),
        ("mail me at ann@example.org", "<p>mail me at ann@example.org</p>", []),
        ("see https://example.org/@user", "<p>see https://example.org/@user</p>", []),
        (
            "<https://example.org/@user>",
            '<p><a href="https://example.org/@user">https://example.org/@user</a></p>',
            [],
        ),
        ("`[@key]` and `@key`", "<p><code>[@key]</code> and <code>@key</code></p>", []),
        ("    [@key]", "<pre><code>[@key]\n</code></pre>", []),
        ("[text @key](http://x.org)", '<p><a href="http://x.org">text @key</a></p>', []),
        ("[@key](http://x.org)", '<p><a href="http://x.org">@key</a></p>', []),
        ("[no key here]", "<p>[no key here]</p>", []),
        # A backslash escape is given to Pandoc as written (the pre-scan reads it so), a
        # code span as its text.
        ("[see \\* @a]", "<p>" + cite("a", "[see \\* @a]") + "</p>", ["[see \\* @a]"]),
        ("[see `x` @a]", f"<p>{cite('a', '[see x @a]')}</p>", ["[see x @a]"]),
        (
            "[@a, p. 3] and @b's",
            f"<p>{cite('a', '[@a, p. 3]')} and {cite('b', '@b', 1)}'s</p>",
            ["[@a, p. 3]", "@b"],
        ),
    ],
)
def test_citation_forms(source, html, pandoc):
    assert render(source) == (html, pandoc)


def test_source_lines_are_recorded():
    extension = CitationsExtension()
    markdown.markdown("# T\n\nOne [@a].\n\n```\n@x\n```\n\nTwo\nthree @b.", extensions=[extension])
    assert [(c.keys, c.line) for c in extension.citations] == [(("a",), 3), (("b",), 10)]


def test_prescan_finds_what_rendering_finds():
    text = "A [see @a, p. 3; @b]. As @c [p. 4] says, and [-@d]."
    # In document order: the order readers meet them (IEEE numbers follow it).
    assert [c.pandoc() for c in scan(text)] == ["[see @a, p. 3; @b]", "@c [p. 4]", "[-@d]"]


WORDS = st.text(
    alphabet=st.characters(
        whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" ,.;:!?'-"
    ),
    max_size=40,
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


@settings(deadline=None)  # timing varies on a loaded CI machine; the property is what counts
@given(before=WORDS, after=WORDS, key=st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True))
def test_text_around_citations_is_never_lost_or_wrapped_twice(before, after, key):
    text = f"Word {before} [@{key}] {after} end."
    html, pandoc = render(text)
    assert pandoc == [f"[@{key}]"]
    assert html.count("<span") == 1
    assert cite(key, f"[@{key}]") in html
    assert " ".join(plain(html).split()) == " ".join(text.split())


@pytest.mark.parametrize(
    ("markdown", "found"),
    [
        ("@b says [@a].", ["@b", "[@a]"]),  # document order, narrative first here
        ("Write `[@a]` or ``@b``; then [@c].", ["[@c]"]),
        ("```md\n[@a] @b\n```\n\nThen @c.", ["@c"]),
        ("~~~~\n[@a]\n~~~\n[@b]\n~~~~\n[@c]", ["[@c]"]),  # a shorter fence does not close
        ("- item\n\n    ```\n    [@a]\n    ```\n\n    [@b]", ["[@b]"]),  # fences in lists
        ("<!-- [@a] -->\n[@b]", ["[@b]"]),
        ("    indented [@a]", ["[@a]"]),  # kept: admonition bodies look the same
        ("A `tick\n\nspan` [@a]", ["[@a]"]),  # a code span never crosses a blank line
        ("\\`[@a]`", ["[@a]"]),  # an escaped backtick opens no span
    ],
)
def test_the_pre_scan_skips_code_and_comments(markdown, found):
    assert [citation.pandoc() for citation in scan(markdown)] == found


@given(text=st.text(alphabet="ab@[]`~\n -", max_size=60))
@settings(deadline=None)
def test_blanking_code_keeps_every_offset_and_line(text):
    blanked = without_code(text)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


# The patterns as first written, lookbehind first: the reordered ones must agree.
NARRATIVE_AS_WRITTEN = re.compile(
    r"(?<![\w@.\\/:\x02\x03])@"
    + syntax._key("")
    + r"(?:(?P<space>[ ]?)\[(?P<locator>[^\[\]@]*)\](?![(\[]))?"
)
CODE_SPAN_AS_WRITTEN = re.compile(
    r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S
)
MARKDOWNISH = st.text(st.sampled_from("@`\\/.:_-{}[] \n\tab1;é\x02"), max_size=60)


@settings(max_examples=500)
@given(MARKDOWNISH)
def test_reordered_patterns_match_exactly_what_the_lookbehind_first_ones_did(text: str) -> None:
    for fast, written in (
        (syntax.NARRATIVE, NARRATIVE_AS_WRITTEN),
        (prescan.CODE_SPAN, CODE_SPAN_AS_WRITTEN),
    ):
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == [
            (m.span(), m.groupdict()) for m in written.finditer(text)
        ]


def test_citations_are_equal_when_they_cite_alike_wherever_they_are_written():
    items = (syntax.CiteItem("doe2020", prefix="see", suffix=", p. 3"),)
    here = syntax.Citation(items, source="[see @doe2020, p. 3]", line=3, paragraph="p-1")
    there = syntax.Citation(items, source="[see  @doe2020, p. 3]", line=9, paragraph="p-4")
    assert here == there
    assert hash(here) == hash(there)
    assert here != syntax.Citation(items, narrative=True)
    assert here != syntax.Citation((syntax.CiteItem("doe2020"),))
    assert "line=3" in repr(here)


def test_the_inline_processors_reuse_the_compiled_patterns():
    md = markdown.Markdown(extensions=[CitationsExtension()])
    compiled = {type(p).__name__: p.compiled_re for p in md.inlinePatterns}
    assert compiled["BracketedCitations"] is syntax.BRACKETED
    assert compiled["NarrativeCitations"] is syntax.NARRATIVE
