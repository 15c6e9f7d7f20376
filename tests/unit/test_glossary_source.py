"""Reading the glossary page: entries, aliases, definitions, line numbers, errors."""

from __future__ import annotations

import pytest

from seminar.glossary.source import GlossaryError, parse_glossary, slugify
from tests.conftest import REPO


def test_showcase_glossary_entries_aliases_and_lines():
    text = (REPO / "docs/glossary.md").read_text(encoding="utf-8")
    glossary = parse_glossary(text)
    terms = [entry.term.text for entry in glossary.entries]
    assert len(terms) == 16
    assert terms[0] == "Cognitive consistency"
    assert terms[-1] == "Voluntary cooperation"
    individualism = glossary.entry("individualism")
    assert individualism is not None
    assert [alias.text for alias in individualism.aliases] == ["Individualist", "Individualistic"]
    lines = text.splitlines()
    for entry in glossary.entries:
        for form in entry.forms:
            assert lines[form.line - 1].strip() == form.text
    assert glossary.entry("individualistic") is individualism
    assert individualism.definition.startswith("A moral and political outlook")
    assert individualism.definition.endswith("not\npersons to serve society.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Term\n:   Def.\n", [("Term", (), "Def.", 1)]),
        ("Term\nAlias\n:   Def.\n", [("Term", ("Alias",), "Def.", 1)]),
        # A loose list: one blank line between term and definition.
        ("Term\n\n:   Def.\n", [("Term", (), "Def.", 1)]),
        # Lazy continuation, then an indented second paragraph.
        (
            "Term\n:   One\ntwo.\n\n    Three.\n",
            [("Term", (), "One\ntwo.\n\nThree.", 1)],
        ),
        # Two definitions of one term are kept together.
        ("Term\n:   One.\n:   Two.\n", [("Term", (), "One.\n\nTwo.", 1)]),
        ("Term\n:   One.\n\n:   Two.\n", [("Term", (), "One.\n\nTwo.", 1)]),
        # Emphasis around a term line is not part of the term.
        ("*Term*\n:   Def.\n", [("Term", (), "Def.", 1)]),
        # Front matter counts in line numbers but holds no entries.
        ("---\ntitle: G\n---\n\nTerm\n:   Def.\n", [("Term", (), "Def.", 5)]),
        # Prose paragraphs before an entry are not terms.
        ("# Glossary\n\nSome intro.\n\nTerm\n:   Def.\n", [("Term", (), "Def.", 5)]),
        # A fenced code block is never read as entries.
        ("```\nCode\n:   not a term\n```\nTerm\n:   Def.\n", [("Term", (), "Def.", 5)]),
        ("Plain paragraph.\n", []),
    ],
)
def test_parse_table(text, expected):
    entries = parse_glossary(text).entries
    assert [
        (e.term.text, tuple(a.text for a in e.aliases), e.definition, e.line) for e in entries
    ] == expected


def test_a_term_defined_twice_names_both_lines():
    text = "Alpha\n:   One.\n\nBeta\n:   Two.\n\nalpha\n:   Three.\n"
    with pytest.raises(GlossaryError) as error:
        parse_glossary(text)
    assert error.value.line == 7
    assert "'alpha' is defined twice: at line 1 ('Alpha') and at line 7" in str(error.value)
    assert "Fix:" in str(error.value)


def test_an_alias_that_repeats_another_term_is_a_duplicate():
    text = "Alpha\n:   One.\n\nBeta\nAlpha\n:   Two.\n"
    with pytest.raises(GlossaryError, match=r"at line 1 .* and at line 5"):
        parse_glossary(text)


def test_an_empty_definition_is_an_error_naming_its_line():
    with pytest.raises(GlossaryError) as error:
        parse_glossary("Intro.\n\nAlpha\n:\n")
    assert error.value.line == 3
    assert "'Alpha' has an empty definition at line 4" in str(error.value)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Sovereignty of the individual", "sovereignty-of-the-individual"),
        ("Self-reliance", "self-reliance"),
        ("  Café  society ", "cafe-society"),
        ("C++ / Rust", "c-rust"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slug_of_a_term_without_latin_letters_is_stable_and_anchor_safe():
    slug = slugify("個人主義")
    assert slug == slugify("個人主義")
    assert slug.startswith("t")
    assert slug.isalnum()
    assert slug.isascii()


def test_digest_changes_with_the_text():
    assert parse_glossary("A\n:   B.\n").digest != parse_glossary("A\n:   C.\n").digest


@pytest.mark.parametrize(
    ("needle", "line"), [("one", 1), ("two", 2), ("x.md#term-a", 3), ("absent", None)]
)
def test_line_of(needle, line):
    from seminar.glossary.source import line_of

    assert line_of("one\ntwo\nsee [a](x.md#term-a)\n", needle) == line
