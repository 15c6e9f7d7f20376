"""The pre-scan: citations found in raw Markdown, before any page is rendered.

`on_files` reads every page's citations this way, so that one Pandoc run can format
them all while MkDocs renders the pages; the Markdown extension in `syntax` then
finds the same citations as it renders. Skipped as rendering skips them: fenced
code, code spans and HTML comments. A build that finds every page's pre-scan in its
cache never imports this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from seminar.citations.syntax import (
    BRACKETED,
    NARRATIVE,
    Citation,
    narrative_citation,
    parse_bracketed,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

#: An opening code fence (any indentation: fences nest in lists and admonitions).
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
#: A code span: a run of backticks, text (not across a blank line), the same run.
#: (The lookbehind follows the first backtick, as in `NARRATIVE`: a literal first is faster.)
CODE_SPAN = re.compile(
    r"(?P<ticks>`(?<![\\`]`)`*)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S
)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_code(text: str) -> str:
    """The Markdown with fenced code, code spans and HTML comments blanked out.

    Every character of those becomes a space (newlines stay), so offsets and
    line numbers do not move. Indented code blocks are kept: in raw Markdown
    they look like the content of admonitions and list items, which is not code.
    """
    if "`" not in text and "~~~" not in text and "<!--" not in text:
        return text  # nothing to blank (most pages of prose)
    lines = text.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if (
                opening
                and opening.group("fence")[0] == fence[0]
                and len(opening.group("fence")) >= len(fence)
                and not line[opening.end() :].strip()
            ):
                fence = ""
            lines[number] = " " * len(line)
        elif opening:
            fence = opening.group("fence")
            lines[number] = " " * len(line)
    text = "\n".join(lines)
    for pattern in (HTML_COMMENT, CODE_SPAN):
        text = pattern.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def scan(text: str) -> Iterator[Citation]:
    """Find citations in raw Markdown without rendering it (the pre-scan), in document order.

    Code (fenced blocks, code spans) and HTML comments are skipped, as rendering
    skips them, so the batch holds what the pages will show: a citation only in
    code must not change the style's "2019a" letters or IEEE numbers.
    """
    text = without_code(text)
    found: list[tuple[int, Citation]] = []
    taken: list[tuple[int, int]] = []
    for match in BRACKETED.finditer(text):
        items = parse_bracketed(match.group("body"))
        if items:
            taken.append(match.span())
            found.append((match.start(), Citation(items, source=match.group())))
    for match in NARRATIVE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        found.append((match.start(), narrative_citation(match)))
    for _, citation in sorted(found, key=lambda pair: pair[0]):
        yield citation
