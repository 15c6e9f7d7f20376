"""Glossary terms for the question generator, from the glossary page's Markdown.

The glossary feature's own parser reads the definition lists, so questions see
exactly the terms and aliases that the pages link.
"""

from __future__ import annotations

from seminar.glossary.source import GlossaryError, parse_glossary


def glossary_terms(markdown: str) -> list[str]:
    """Every term and alias of a definition-list glossary, in page order.

    A glossary the parser rejects gives no terms here: the build reports that
    error itself, with its line, and questions are made without terms.
    """
    try:
        glossary = parse_glossary(markdown)
    except GlossaryError:
        return []
    return [form.text for entry in glossary.entries for form in entry.forms]
