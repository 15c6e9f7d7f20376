"""Re-serialising Pandoc's HTML: exact output for each rule."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.citations.sanitize import latin1, pieces


@pytest.mark.parametrize(
    ("pandoc", "expected"),
    [
        # Characters outside Latin-1 become references; Latin-1 ones stay as they are.
        ("pp. 89\u2013110", "pp. 89&#8211;110"),
        ("\u2018collaborative individualism\u2019", "&#8216;collaborative individualism&#8217;"),
        ("Schröder, Çelik &amp; Škoda", "Schröder, Çelik &amp; &#352;koda"),
        (
            '<a href="https://example.org/ł">Łódź</a>',
            '<a href="https://example.org/&#322;" rel="noopener">&#321;ód&#378;</a>',
        ),
        # The whitelist still applies.
        ('<script>x</script><em onclick="y">Title</em>', "x<em>Title</em>"),
        ('<a href="javascript:alert(1)">t</a>', "t"),
        ('<a href="#ref-a">A</a>', '<a href="#ref-a" data-seminar-popup="ref-a">A</a>'),
    ],
)
def test_pieces_are_whitelisted_and_latin1(pandoc: str, expected: str) -> None:
    found, order = pieces(f'<div id="ref-x">{pandoc}</div>', "ref-")
    assert found == {"ref-x": expected}
    assert order == ["ref-x"]


# Text a .bib can carry: no control characters, surrogates or noncharacters.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")))


@given(TEXT)
def test_latin1_keeps_the_text_and_needs_one_byte_per_character(text: str) -> None:
    escaped = latin1(html.escape(text, quote=False))
    assert all(ord(character) < 256 for character in escaped)
    assert html.unescape(escaped) == text
