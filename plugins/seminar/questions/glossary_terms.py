"""Glossary terms read from a glossary page's Markdown definition list.

A minimal reader for the `def_list` layout: in each block, the lines before the
first `:   definition` line are terms (the first is the entry, the rest its
aliases). It only needs the terms, not the definitions.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"[*_`]|\{[^}]*\}")


def glossary_terms(markdown: str) -> list[str]:
    """Every term and alias of a definition-list glossary, in page order."""
    terms: list[str] = []
    block: list[str] = []
    in_fence = False
    for line in [*markdown.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        if line.startswith(":") and block:
            terms.extend(block)
            block = []
        elif not stripped or line[:1].isspace() or stripped.startswith(("#", "-", "<", "|")):
            block = []
        else:
            term = " ".join(_MARKUP.sub("", stripped).split())
            if term:
                block.append(term)
    return terms
