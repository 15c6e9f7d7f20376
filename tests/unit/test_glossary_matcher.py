"""The combined term pattern: inflections, case, overlaps, word boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.glossary.matcher import TermMatcher, inflections, plural
from seminar.glossary.source import parse_glossary

GLOSSARY = parse_glossary(
    "Individualism\nIndividualist\n:   Person first.\n\n"
    "Collaborative individualism\n:   Together, independently.\n\n"
    "Sovereignty of the individual\n:   Final authority.\n\n"
    "Social ties\n:   Relationships.\n\n"
    "Policy\n:   A plan.\n\n"
    "Self-reliance\n:   On one's own.\n\n"
    "Tax\n:   A levy.\n"
)
MATCHER = TermMatcher(GLOSSARY)


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.slug) for m in MATCHER.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Individualism matters.", [("Individualism", "individualism")]),
        ("INDIVIDUALISM", [("INDIVIDUALISM", "individualism")]),
        ("two individualists", [("individualists", "individualism")]),
        ("an individualist's view", [("individualist's", "individualism")]),
        ("an individualist\u2019s view", [("individualist\u2019s", "individualism")]),
        ("individualists' views", [("individualists'", "individualism")]),
        ("new policies", [("policies", "policy")]),
        ("the policy's aim", [("policy's", "policy")]),
        ("taxes", [("taxes", "tax")]),
        ("her social ties", [("social ties", "social-ties")]),
        # Longest term wins over a term inside it.
        (
            "collaborative individualism",
            [("collaborative individualism", "collaborative-individualism")],
        ),
        (
            "Collaborative individualisms and individualism",
            [
                ("Collaborative individualisms", "collaborative-individualism"),
                ("individualism", "individualism"),
            ],
        ),
        # Whitespace inside a term may be any run of spaces and line breaks.
        (
            "the sovereignty  of the\nindividual",
            [("sovereignty  of the\nindividual", "sovereignty-of-the-individual")],
        ),
        ("self-reliance", [("self-reliance", "self-reliance")]),
        ("Self-Reliance's", [("Self-Reliance's", "self-reliance")]),
        # Word boundaries: never part of a longer word or hyphenated compound.
        ("nonindividualism", []),
        ("individualismo", []),
        ("anti-individualism", []),
        ("individualism-based", []),
        ("policyholder", []),
        ("self reliance", []),
        ("", []),
        ("(individualism)", [("individualism", "individualism")]),
        ('"individualism"', [("individualism", "individualism")]),
    ],
)
def test_matches(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("tie", "ties"),
        ("policy", "policies"),
        ("day", "days"),
        ("tax", "taxes"),
        ("church", "churches"),
    ],
)
def test_plural(word, expected):
    assert plural(word) == expected


def test_inflections_keep_a_term_that_already_ends_in_s():
    assert inflections("Social ties") == ["social ties", "social ties's"]


def test_a_matcher_for_an_empty_glossary_finds_nothing():
    assert list(TermMatcher(parse_glossary("No entries.\n")).finditer("individualism")) == []


def test_the_pattern_is_one_trie_not_a_list_of_terms():
    # "individualism" and "individualist" share one branch for their common prefix.
    assert MATCHER.pattern is not None
    assert MATCHER.pattern.pattern.count("|individualis") == 1
    assert "|individualis(?:m" in MATCHER.pattern.pattern


WORDS = st.sampled_from(
    ["individualism", "Individualist's", "policy", "collaborative", "social", "ties", "the", "of"]
)


@given(st.lists(st.tuples(WORDS, st.sampled_from([" ", "\n", ", ", "-", "'", ". "])), max_size=30))
def test_matches_are_ordered_disjoint_slices_of_known_forms(pieces):
    text = "".join(word + sep for word, sep in pieces)
    previous_end = 0
    for match in MATCHER.finditer(text):
        assert previous_end <= match.start < match.end <= len(text)
        previous_end = match.end
        assert GLOSSARY.entry(match.slug) is not None
        before = text[match.start - 1] if match.start else " "
        after = text[match.end] if match.end < len(text) else " "
        assert not before.isalnum()
        assert before != "-"
        assert not after.isalnum()
        assert after != "-"
