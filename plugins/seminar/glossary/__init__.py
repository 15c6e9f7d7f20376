"""Glossary pop-ups: terms defined on a Markdown page, linked wherever readers meet them.

Plain Python and Python-Markdown only (no MkDocs):

* `source` reads the glossary page's definition lists into entries;
* `matcher` finds every term, alias and inflection in a text in one pass;
* `treeprocessor` links occurrences in each rendered page and records where they are;
* `html` copies definitions into pages and adds "Used in" back-links after rendering.
"""

from __future__ import annotations

from seminar.glossary.matcher import TermMatcher
from seminar.glossary.source import Entry, Glossary, GlossaryError, parse_glossary, slugify

__all__ = ["Entry", "Glossary", "GlossaryError", "TermMatcher", "parse_glossary", "slugify"]
