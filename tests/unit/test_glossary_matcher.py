"""The combined term pattern: inflections, case, overlaps, word boundaries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.glossary.matcher import TermMatcher, inflections, normalise, plural
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


ACCENTED = TermMatcher(parse_glossary("Café society\n:   Idle talk.\n\nÉlite\n:   The few.\n"))


@pytest.mark.parametrize(
    ("matcher", "text", "expected"),
    [
        (
            ACCENTED,
            "CAFÉ SOCIETY and élites",
            [("CAFÉ SOCIETY", "cafe-society"), ("élites", "elite")],
        ),
        (ACCENTED, "the Élite\u2019s view", [("Élite\u2019s", "elite")]),
        # `İ` lower-cases to two characters: what follows it keeps its place.
        (MATCHER, "İ individualism", [("individualism", "individualism")]),
        (MATCHER, "İndividualism", []),
        (MATCHER, "POLICY\u00a0— TAXES", [("POLICY", "policy"), ("TAXES", "tax")]),
    ],
)
def test_case_is_ignored_by_lower_casing_in_place(matcher, text, expected):
    assert [(text[m.start : m.end], m.slug) for m in matcher.finditer(text)] == expected


TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *"individualism",
            *"INDIVIDUALISM",
            *"policy",
            *"TAX",
            *"café SOCIÉTÉ",
            " ",
            "\n",
            "\u00a0",
            "-",
            "'",
            "\u2019",
            ".",
            "é",
            "É",
            "—",
            "s",
        ]
    ),
    max_size=60,
) | st.lists(
    st.sampled_from(
        [
            "Individualism",
            "POLICIES",
            "policy\u2019s",
            "Social  ties",
            "taxes",
            "self-reliance",
            "Café society",
            "ÉLITES",
            "policys",
            "taxs",
            "individualists'",
            "social ties'",
            "Policies's",
            "Social Ties's",
            "s'",
            " ",
            ", ",
            "-",
            "x",
        ]
    ),
    max_size=20,
).map("".join)


def case_blind_list(matcher: TermMatcher) -> re.Pattern[str]:
    """The plain way: every inflected form, longest first, one `re.IGNORECASE` alternation."""
    forms = sorted(matcher.forms, key=lambda form: (-len(form), form))
    body = "|".join(
        re.escape(form).replace(r"\ ", r"\s+").replace("'", "['\u2019]") for form in forms
    )
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@given(TEXT)
def test_the_trie_finds_what_a_case_blind_list_of_every_form_finds(text):
    """The trie of stems with shared endings, run over the lower-cased text, finds what
    the flat case-blind list of every inflected form finds (outside the few letters
    that lower-case to two, or match another one only case-blind: the long s and `s`)."""
    for matcher in (MATCHER, ACCENTED):
        expected = [
            (m.start(), m.end(), matcher.forms[normalise(m.group())])
            for m in case_blind_list(matcher).finditer(text)
        ]
        assert [(m.start, m.end, m.slug) for m in matcher.finditer(text)] == expected
