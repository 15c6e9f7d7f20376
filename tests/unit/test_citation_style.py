"""A style cut to its citations: the bibliography's layout and the macros only it calls go."""

from __future__ import annotations

import pytest

from seminar.citations.citation_style import citations_only
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
    assert citations_only(STYLE) == CUT


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
    assert citations_only(style) is None


@pytest.mark.parametrize("name", BUNDLED_STYLES)
def test_every_bundled_style_is_cut(name):
    whole = style_path(name).read_text(encoding="utf-8")
    cut = citations_only(whole)
    assert cut is not None
    assert len(cut) < len(whole)
    assert "<bibliography" in cut
    assert cut.count("<citation") == 1
