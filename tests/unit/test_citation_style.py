"""A style cut to what a run reaches: branches for other types, or the bibliography's layout.

Whatever is cut, the macros nothing calls any more go with it.
"""

from __future__ import annotations

import pytest

from seminar.citations.citation_style import cut
from seminar.citations.engine import style_path
from seminar.styles import BUNDLED_STYLES

NS = 'xmlns="http://purl.org/net/xbiblio/csl"'

STYLE = f"""<?xml version="1.0" encoding="utf-8"?>
<style {NS} class="in-text" version="1.0">
  <info><title>Test</title></info>
  <locale xml:lang="en"><terms><term name="and">and</term></terms></locale>
  <macro name="author"><names variable="author"><name/></names></macro>
  <macro name="author-short"><text macro="author"/></macro>
  <macro name="year"><date variable="issued"><date-part name="year"/></date></macro>
  <macro name="sort-title"><text variable="title"/></macro>
  <macro name="publisher"><text variable="publisher"/><text macro="place"/></macro>
  <macro name="place"><text variable="publisher-place"/></macro>
  <citation disambiguate-add-year-suffix="true">
    <layout><text macro="author-short"/><text macro="year"/></layout>
  </citation>
  <bibliography et-al-min="21" hanging-indent="true">
    <sort><key macro="author"/><key macro="sort-title"/></sort>
    <layout><text macro="author"/><text macro="publisher"/></layout>
  </bibliography>
</style>
"""

CUT = f"""<style class="in-text" version="1.0" {NS}>
  <info><title>Test</title></info>
  <locale xml:lang="en"><terms><term name="and">and</term></terms></locale>
  <macro name="author"><names variable="author"><name /></names></macro>
  <macro name="author-short"><text macro="author" /></macro>
  <macro name="year"><date variable="issued"><date-part name="year" /></date></macro>
  <macro name="sort-title"><text variable="title" /></macro>
  <citation disambiguate-add-year-suffix="true">
    <layout><text macro="author-short" /><text macro="year" /></layout>
  </citation>
  <bibliography et-al-min="21" hanging-indent="true">
    <sort><key macro="author" /><key macro="sort-title" /></sort>
    <layout><text variable="title" /></layout></bibliography>
</style>"""


def test_the_layout_goes_and_the_macros_only_it_calls_with_it():
    # `publisher` and `place` (called by `publisher`) go; `author`, called by the
    # citation through `author-short` and by the sort, and `sort-title` stay, as do the
    # bibliography's options and sort, which the year letters follow.
    assert cut(STYLE, citations_only=True) == CUT


@pytest.mark.parametrize(
    "style",
    [
        pytest.param(
            STYLE.replace("<bibliography", "<!-- <bibliography").replace(
                "</bibliography>", "</bibliography> -->"
            ),
            id="no bibliography",
        ),
        pytest.param(STYLE.replace("</style>", ""), id="not XML"),
        pytest.param(STYLE.replace(NS, 'xmlns="urn:other"'), id="another namespace"),
        pytest.param(
            STYLE.replace("<info>", '<x:note xmlns:x="urn:other"/><info>'),
            id="an element of another namespace",
        ),
    ],
)
def test_a_style_it_cannot_cut_is_read_whole(style):
    assert cut(style, citations_only=True) is None


@pytest.mark.parametrize("name", BUNDLED_STYLES)
def test_every_bundled_style_is_cut(name):
    whole = style_path(name).read_text(encoding="utf-8")
    cut_style = cut(whole, citations_only=True)
    assert cut_style is not None
    assert len(cut_style) < len(whole)
    assert "<bibliography" in cut_style
    assert cut_style.count("<citation") == 1


TYPED = f"""<style {NS} class="in-text" version="1.0">
  <macro name="court"><text variable="authority"/></macro>
  <macro name="edition"><text variable="edition"/></macro>
  <macro name="title"><text variable="title"/></macro>
  <citation>
    <layout>
      <choose>
        <if type="legal_case"><text macro="court"/></if>
        <else-if type="book"><text macro="edition"/></else-if>
        <else><text macro="title"/></else>
      </choose>
    </layout>
  </citation>
</style>"""


def test_a_branch_no_type_cited_can_take_is_emptied_and_its_macros_go():
    # The emptied branch stays: a legal case would still take it, so the branches
    # after it are tried exactly as before for every other work.
    assert cut(TYPED, types=frozenset({"book", "article-journal"})) == (
        f"""<style class="in-text" version="1.0" {NS}>
  <macro name="edition"><text variable="edition" /></macro>
  <macro name="title"><text variable="title" /></macro>
  <citation>
    <layout>
      <choose>
        <if type="legal_case" />
        <else-if type="book"><text macro="edition" /></else-if>
        <else><text macro="title" /></else>
      </choose>
    </layout>
  </citation>
</style>"""
    )


def condition(test: str) -> str:
    """A style whose citation says A when `test` holds, B otherwise."""
    return (
        f"<style {NS}><citation><layout><choose>"
        f'<if {test}><text value="A"/></if><else><text value="B"/></else>'
        "</choose></layout></citation></style>"
    )


@pytest.mark.parametrize(
    ("test", "types", "emptied"),
    [
        # match="all", the default: one false test of the type decides.
        ('type="book"', {"book"}, False),
        ('type="book"', {"chapter"}, True),
        ('type="book"', {"chapter", "book"}, False),
        # Each listed type is one test (CSL 1.0, and Pandoc's citeproc): all of two never hold.
        ('type="book chapter"', {"book"}, True),
        ('type="book" variable="edition"', {"chapter"}, True),
        ('type="book" variable="edition"', {"book"}, False),
        # match="any": false only when it tests nothing but the type.
        ('type="book chapter" match="any"', {"chapter"}, False),
        ('type="book chapter" match="any"', {"report", "thesis"}, True),
        ('type="book" variable="edition" match="any"', {"report"}, False),
        # match="none": one true test of the type decides.
        ('type="book chapter" match="none"', {"book"}, True),
        ('type="book chapter" match="none"', {"book", "report"}, False),
        # Conditions that test no type, or match some other way, are kept.
        ('variable="edition"', {"book"}, False),
        ('type="book" match="nand"', {"chapter"}, False),
        # A work without a type (Pandoc's `@misc`) matches none.
        ('type="book"', {""}, True),
    ],
)
def test_which_conditions_no_cited_type_can_meet(test, types, emptied):
    result = cut(condition(test), types=frozenset(types))
    if emptied:
        assert result is not None
        assert '<text value="A" />' not in result
        assert '<text value="B" />' in result
    else:
        assert result is None  # nothing to cut: Pandoc reads the style as it is


def test_types_and_citations_only_cut_together():
    style = STYLE.replace(
        '<layout><text macro="author-short"/>',
        '<layout><choose><if type="patent"><text macro="publisher"/></if></choose>'
        '<text macro="author-short"/>',
    )
    both = cut(style, types=frozenset({"book"}), citations_only=True)
    assert both is not None
    assert '<if type="patent" />' in both
    assert 'name="publisher"' not in both  # called by the layout cut and the branch emptied
    assert cut(style, citations_only=True) != both


@pytest.mark.parametrize("name", BUNDLED_STYLES)
def test_every_bundled_style_is_cut_for_a_course_of_books_and_articles(name):
    whole = style_path(name).read_text(encoding="utf-8")
    cut_style = cut(whole, types=frozenset({"book", "article-journal", "chapter"}))
    assert cut_style is not None
    assert len(cut_style) < len(whole)
    assert cut_style.count("<citation") == 1
    assert cut_style.count("<bibliography") == 1
