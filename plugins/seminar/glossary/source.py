"""Read a glossary page: Markdown definition lists become glossary entries.

The format is the `def_list` extension's: one or more term lines, then one or
more definitions that start with `:`. Several term lines before one definition
make the first the term and the others its aliases::

    Individualism
    Individualist
    :   A moral and political outlook that ...

The parser keeps line numbers (1-based, counted in the file as written,
front matter included) so that errors name the lines to fix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?P<text>.*)$|^ {0,3}:$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_FRONT_MATTER_END = {"---", "..."}
# Markup an author may put around a term line; it is not part of the term's words.
_TERM_MARKUP = str.maketrans("", "", "*_`")


class GlossaryError(ValueError):
    """A problem in the glossary page, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def slugify(text: str) -> str:
    """The anchor-safe form of a term: ASCII letters and digits joined by hyphens.

    >>> slugify("Sovereignty of the individual")
    'sovereignty-of-the-individual'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    # A term written without Latin letters still needs a stable, valid anchor.
    return "t" + hashlib.sha256(text.casefold().encode()).hexdigest()[:10]


class Term(NamedTuple):
    """One written form: the entry's main term or one of its aliases."""

    text: str
    slug: str
    line: int


class Entry(NamedTuple):
    """A glossary entry: its term, its aliases and its definition's Markdown."""

    term: Term
    aliases: tuple[Term, ...]
    definition: str
    line: int

    @property
    def slug(self) -> str:
        """The entry's anchor without the `term-` prefix."""
        return self.term.slug

    @property
    def forms(self) -> tuple[Term, ...]:
        """The term followed by its aliases."""
        return (self.term, *self.aliases)


class Glossary:
    """All entries of a glossary page, in page order, and the hash of its text.

    Read-only once made. A plain class: a dataclass costs every build about 0.5 ms to
    import.
    """

    __slots__ = ("by_slug", "digest", "entries")

    def __init__(self, entries: tuple[Entry, ...], digest: str) -> None:
        self.entries = entries
        self.digest = digest
        self.by_slug: dict[str, Entry] = {}
        for entry in entries:
            for form in entry.forms:
                self.by_slug[form.slug] = entry

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries, digest={self.digest!r})"

    def entry(self, slug: str) -> Entry | None:
        """The entry a term or alias slug belongs to."""
        return self.by_slug.get(slug)


def line_of(text: str, needle: str) -> int | None:
    """The 1-based number of the first line of `text` that contains `needle`."""
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1


def glossary_digest(text: str) -> str:
    """The version of a glossary text: matchers are cached under it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _skip_front_matter(lines: list[str]) -> int:
    """The index of the first line after a YAML front matter block (0 if none)."""
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in _FRONT_MATTER_END:
                return index + 1
    return 0


def _term_text(line: str) -> str:
    return " ".join(line.strip().translate(_TERM_MARKUP).split())


def parse_glossary(text: str) -> Glossary:
    """Parse the definition lists of a glossary page.

    Args:
        text: the page's Markdown, as stored in the file.

    Returns:
        The entries in page order.

    Raises:
        GlossaryError: a term or alias is defined twice (naming both lines), or
            a definition is empty.
    """
    lines = text.splitlines()
    entries: list[Entry] = []
    index = _skip_front_matter(lines)
    paragraph: list[int] = []  # indexes of the current run of plain, unindented lines
    blank_before = 0  # blank lines between that run and the current line
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            index += 1
            continue
        if opening := _FENCE.match(line):
            fence = opening["fence"]
            paragraph, index = [], index + 1
            continue
        definition = _DEFINITION.match(line)
        if definition and paragraph and blank_before <= 1:
            index = _read_entry(lines, paragraph, index, entries)
            paragraph, blank_before = [], 0
            continue
        if not line.strip():
            blank_before += 1
        elif _INDENTED.match(line) or line.lstrip().startswith(("#", ">", "<", "|")):
            paragraph, blank_before = [], 0
        else:
            if blank_before:
                paragraph = []
            paragraph.append(index)
            blank_before = 0
        index += 1
    _check_unique(entries)
    return Glossary(entries=tuple(entries), digest=glossary_digest(text))


def _read_entry(lines: list[str], term_lines: list[int], index: int, entries: list[Entry]) -> int:
    """Read the definitions that start at `index`; return the index after them."""
    terms = [Term(_term_text(lines[i]), slugify(_term_text(lines[i])), i + 1) for i in term_lines]
    parts: list[str] = []
    while index < len(lines):
        definition = _DEFINITION.match(lines[index])
        if definition is None:
            break
        body = [definition["text"] or ""]
        definition_line = index + 1
        index += 1
        # Continuation: lazy lines up to a blank line, then indented blocks.
        while index < len(lines):
            line = lines[index]
            if line.strip() and not _DEFINITION.match(line):
                body.append(line[4:] if _INDENTED.match(line) else line.strip())
                index += 1
            elif not line.strip() and index + 1 < len(lines) and _INDENTED.match(lines[index + 1]):
                body.append("")
                index += 1
            else:
                break
        markdown = "\n".join(body).strip()
        if not markdown:
            raise GlossaryError(
                terms[0].line,
                f"the term '{terms[0].text}' has an empty definition at line "
                f"{definition_line}. Fix: write the definition after ':   '.",
            )
        parts.append(markdown)
        # A blank line between two definitions of the same terms.
        if (
            index + 1 < len(lines)
            and not lines[index].strip()
            and _DEFINITION.match(lines[index + 1])
        ):
            index += 1
    entries.append(
        Entry(
            term=terms[0],
            aliases=tuple(terms[1:]),
            definition="\n\n".join(parts),
            line=terms[0].line,
        )
    )
    return index


def _check_unique(entries: list[Entry]) -> None:
    seen: dict[str, Term] = {}
    for entry in entries:
        for form in entry.forms:
            first = seen.get(form.slug)
            if first is not None:
                raise GlossaryError(
                    form.line,
                    f"the term '{form.text}' is defined twice: at line {first.line} "
                    f"('{first.text}') and at line {form.line}. Fix: keep one entry, or "
                    "list the other form as an alias under it.",
                )
            seen[form.slug] = form
