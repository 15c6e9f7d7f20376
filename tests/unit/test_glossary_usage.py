"""Where each term is used: the data behind the glossary's "Used in" lists, exactly."""

from __future__ import annotations

from seminar.glossary.treeprocessor import PageTerms
from seminar.glossary.usage import (
    Paragraph,
    Place,
    TermUses,
    each_use,
    occurrences_by_term,
    places_of,
    used_in_details,
)

ESSAY = PageTerms(
    slugs=["policy", "individualism", "policy", "policy"],
    section_of=[0, 0, 1, 1],
    paragraphs=["p-1", "p-1", "p-3", None],
    sections=[("essay", "Essay", 1), ("two", "Part two", 2)],
)
WEEK = PageTerms(slugs=["policy"], section_of=[0], paragraphs=["p-2"], sections=[(None, "", 0)])
PAGES = {"essay.md": ESSAY, "week/one.md": WEEK}
TITLES = {"essay.md": ("Essay", "essay/"), "week/one.md": ("Week one", "week/one/")}


def test_occurrences_by_term_in_page_order():
    assert occurrences_by_term(PAGES) == {
        "policy": TermUses(["essay.md", "essay.md", "essay.md", "week/one.md"], [0, 2, 3, 0]),
        "individualism": TermUses(["essay.md"], [1]),
    }


def test_each_use_gives_page_section_and_paragraph():
    uses = occurrences_by_term(PAGES)["policy"]
    assert list(each_use(uses, PAGES)) == [
        ("essay.md", ("essay", "Essay", 1), "p-1"),
        ("essay.md", ("two", "Part two", 2), "p-3"),
        ("essay.md", ("two", "Part two", 2), None),
        ("week/one.md", (None, "", 0), "p-2"),
    ]


def test_places_group_by_section_with_links_relative_to_the_glossary():
    uses = occurrences_by_term(PAGES)["policy"]
    places = places_of(each_use(uses, PAGES), TITLES, "glossary/")
    assert places == [
        Place("Essay", "../essay/#essay", "", [Paragraph("¶1", "../essay/#p-1")], {"p-1"}),
        Place("Essay", "../essay/#two", "Part two", [Paragraph("¶3", "../essay/#p-3")], {"p-3"}),
        Place("Week one", "../week/one/", "", [Paragraph("¶2", "../week/one/#p-2")], {"p-2"}),
    ]


def test_used_in_details_one_flat_tuple_per_term():
    assert used_in_details("essay.md", ("Essay", "essay/"), ESSAY) == {
        "policy": (
            "essay.md", "Essay", "essay/",
            "essay", "Essay", 1, "p-1",
            "two", "Part two", 2, "p-3",
            "two", "Part two", 2, None,
        ),
        "individualism": ("essay.md", "Essay", "essay/", "essay", "Essay", 1, "p-1"),
    }  # fmt: skip
    assert used_in_details("week/one.md", (None, None), WEEK) == {
        "policy": ("week/one.md", None, None, None, "", 0, "p-2")
    }
