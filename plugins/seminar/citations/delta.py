"""Format only the citations an edit added, when that gives what formatting them all would.

A `mkdocs serve` edit usually adds a citation of a work the site already cites:
`As @smith2019 notes, …`. Formatting every citation of a large site again takes
Pandoc seconds (the benchmark's 1,432 citations of 1,000 works: about 2.5 s), and
no other citation can read differently. This module works out when that holds and
what small document gives the new citations' answer.

When it holds:

- the works cited are exactly the works cited before, from the same BibTeX, in the
  same style and language: the reference list, its order and its "2019a" letters
  stay the same (Pandoc's citeproc keeps what tells a work apart, its added names,
  initials and year letter, per work, not per citation);
- the style renders a work the same in every citation: no `position` (ibid,
  subsequent), no `citation-number`, no note numbers, and a sorted bibliography
  (the year letters follow that order, not the order of citing): `order_free`.

What tells a work apart depends only on the works it could be confused with, and
those share a family name with it: citeproc compares works whose citations read
alike, and gives initials to people of the same family name. Works whose citations
read alike name the same person first. And citeproc gives initials across citations
to the first person of each list of names only, unless the style's
`givenname-disambiguation-rule` is `all-names` or `all-names-with-initials`
(`first_names_only`; APA, Chicago, Harvard and MLA give initials that way or only
within citations that read alike). So, for such a style, a work's namesakes are the
works whose first author (or first editor, translator and so on: whichever list the
style shows) has the same family name as one of its own; for the others, any person
of the work counts (`names`).

The small document (`plan`) holds the new citations; every namesake of their works
(`[@key]` each); and, for each new citation's work, an earlier citation that shows
its names (not `[-@key]`), with the namesakes of every work in it: a witness. Its
answer is used only if every witness comes back exactly as it did in the last
whole run (`engine.Formatter` checks); otherwise Pandoc formats everything.

Where no small document will do (a work with namesakes everywhere, half the works or
more; a work whose names cannot be read; no earlier citation showing a work's
names), the plan is every citation, with each one formatted before as a witness
(`every_citation`). The reference list is kept from the last answer, so
Pandoc reads the style cut to its citations (`citation_style`): for APA, 0.12 s
less of every such run. A style that is not `order_free` always gets that plan,
in the citations' new order, whenever the citations or their order changed (one
taken out too): IEEE's numbers and Chicago's `position` tests then come out as a
whole run gives them, and a witness whose number or "ibid." moved makes Pandoc
format everything. Chicago author-date, for the showcase's works, is read in 0.17 s cut
that way and to their types, 2.8 s whole.

Names come from the BibTeX as written (`names`): the family part of each name
(`families`), with LaTeX accents and Unicode letters folded to the same plain
letters (`fold`), so `Dvo{\\v{r}}{\\'a}k` and `Dvořák` are namesakes. An entry
whose names cannot be read that way (a `@string` in a name field, a `crossref`, no
name at all, so that the style shows the title) is everyone's namesake; a new
citation of such a work formats every citation.

Checked against Pandoc formatting everything, over random added citations of the
benchmark's heavy course (all syntax forms; APA, Harvard and MLA): every answer
used was Pandoc's own.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from seminar.citations.bibcheck import SPECIAL

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

#: Fields that hold people (or bodies) whose names a citation may show.
NAME_FIELD = re.compile(
    r"\w*author\w*|editor\w*|translator|director|holder|annotator|commentator|"
    r"introduction|foreword|afterword|composer|interviewer|recipient|illustrator|shortauthor"
)
#: What makes a style's citation depend on where it stands, or a reference list on
#: the order of citing.
POSITIONAL = re.compile(r"position=|citation-number|first-reference-note-number|near-note")
#: A style that gives initials across citations to every person named, not only the first.
ALL_NAMES_RULE = re.compile(r"""givenname-disambiguation-rule\s*=\s*["']all-names""")
_FIELD = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")
_BARE = re.compile(r"[\w:.+-]+")
_JOIN = re.compile(r"\s*#\s*")
_AFTER_VALUE = re.compile(r"\s*(?:,\s*)?")
_END = re.compile(r"\s*[})]\s*")
#: LaTeX letters that are not an accent on another letter: `{\o}`, `{\ss}`, `\i`.
_LATEX_LETTER = re.compile(r"\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![A-Za-z])\s*")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\s*|\\.")
#: Letters Unicode does not decompose, spelt as their LaTeX command folds them.
_PLAIN = str.maketrans(
    {"ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "\u0131": "i", "\u0237": "j", "đ": "d"}
)
_LETTERS = {"aa": "a", "ae": "ae", "oe": "oe", "ss": "ss", "o": "o", "l": "l", "i": "i", "j": "j"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s*")
_SPACE = re.compile(r"\s+")


class Plan(NamedTuple):
    """The document that formats what an edit added: a small one, or every citation.

    Attributes:
        citations: Pandoc texts to format: the witnesses, then each other work of
            the document alone (`[@key]`), then the added citations; or, from
            `every_citation`, every citation of the site in its order.
        witnesses: The earlier citations among them, whose answers must not change.
        added: The new citations.
        keys: The works the small document cites.
    """

    citations: list[str]
    witnesses: list[str]
    added: list[str]
    keys: frozenset[str]


def order_free(style_text: str) -> bool:
    """Whether a CSL style renders each citation the same wherever it stands.

    It must not test `position` or number citations or notes, and its bibliography
    must be sorted (the year letters follow that order).
    """
    bibliography = style_text.find("<bibliography")
    return (
        not POSITIONAL.search(style_text)
        and bibliography >= 0
        and "<sort" in style_text[bibliography:]
    )


def first_names_only(style_text: str) -> bool:
    """Whether only the first person of each list of names can set a work apart.

    Citeproc compares the first person of each list across citations, and other
    people only within citations that read alike (which name the same person
    first), unless the style disambiguates every name (`all-names` rules).
    """
    return not ALL_NAMES_RULE.search(style_text)


def plan(
    before: Mapping[str, tuple[str, ...]],
    now: Mapping[str, tuple[str, ...]],
    names: Callable[[str], frozenset[str] | None],
    *,
    free: bool = True,
) -> Plan | None:
    """What to format for `now` given that `before` is formatted; None: format everything.

    When the works cited are the same but no small document will do (a work whose
    names are unknown, no witness, namesakes everywhere), the plan is every citation
    (`every_citation`): still only citations, so Pandoc reads the style cut to them.
    For a style that is not `order_free` (IEEE's numbers, Chicago's `position`), a
    citation may read differently where it stands, so the plan is always every
    citation in its new order, whenever the order or the citations changed: a number
    or an "ibid." that moved shows in a witness, and then Pandoc formats everything.

    Args:
        before: The citations formatted last (Pandoc text -> keys), in that order.
        now: The citations wanted now (Pandoc text -> keys).
        names: A work's folded family names, or None when they cannot be known.
        free: Whether the style is `order_free`.
    """
    cited = {key for keys in now.values() for key in keys}
    if cited != {key for keys in before.values() for key in keys}:
        return None
    added = [text for text in now if text not in before]
    if not free:
        if list(now) == list(before):
            return Plan([], [], [], frozenset())
        return every_citation(before, now, cited, added)
    if not added:
        return Plan([], [], [], frozenset())
    small = _small(before, now, cited, added, names)
    return small if small is not None else every_citation(before, now, cited, added)


def every_citation(
    before: Mapping[str, tuple[str, ...]],
    now: Mapping[str, tuple[str, ...]],
    cited: set[str],
    added: list[str],
) -> Plan | None:
    """Every citation, with each one formatted before as a witness; None if a work has none.

    The works are the same, so the reference list is too (its entries and order are
    kept from the last answer), and the witnesses show it: a work given another
    year letter or other names would read differently in its witnesses.
    """
    witnesses = [text for text in before if text in now]
    if {key for text in witnesses for key in now[text]} != cited:
        return None  # a work cited only in new forms: nothing would show its entry changed
    return Plan(list(now), witnesses, added, frozenset(cited))


def _small(
    before: Mapping[str, tuple[str, ...]],
    now: Mapping[str, tuple[str, ...]],
    cited: set[str],
    added: list[str],
    names: Callable[[str], frozenset[str] | None],
) -> Plan | None:
    """The small document: the added citations, their namesakes and witnesses."""
    partners = _partners(cited, names)
    new_keys = {key for text in added for key in now[text]}
    related: set[str] = set()
    for key in new_keys:
        found = partners(key)
        if found is None:
            return None
        related |= found | {key}
    # A work renders in the small document as in the whole when all its namesakes are
    # there. Each new citation's work needs an earlier citation that shows its names
    # (not `[-@key]`): a witness, whose works' namesakes join the document too.
    witnesses: list[str] = []
    for key in sorted(new_keys):
        best: tuple[int, str, set[str]] | None = None
        for text, keys in before.items():
            if key not in keys or text not in now or _suppresses_author(text, key):
                continue
            extra = _namesakes(keys, partners)
            if extra is not None and (best is None or len(extra - related) < best[0]):
                best = (len(extra - related), text, extra)
        if best is None:
            return None
        related |= best[2]
        witnesses.append(best[1])
    if 2 * len(related) > len(cited):
        return None  # as costly as formatting every citation
    witnesses = list(dict.fromkeys(witnesses))
    covered = {key for text in witnesses for key in before[text]}
    alone = [f"[@{key}]" for key in sorted(related - covered)]
    citations = list(dict.fromkeys([*witnesses, *alone, *added]))
    return Plan(citations, witnesses, added, frozenset(related))


def _namesakes(
    keys: tuple[str, ...], partners: Callable[[str], set[str] | None]
) -> set[str] | None:
    """The works and all their namesakes (None when any work's names are unknown)."""
    found: set[str] = set(keys)
    for key in keys:
        more = partners(key)
        if more is None:
            return None
        found |= more
    return found


def _suppresses_author(text: str, key: str) -> bool:
    """Whether a citation writes the work as `-@key` (the year alone)."""
    return f"-@{key}" in text or f"-@{{{key}}}" in text


def _partners(
    cited: set[str], names: Callable[[str], frozenset[str] | None]
) -> Callable[[str], set[str] | None]:
    """A work's namesakes: the cited works sharing a family name with it.

    Works whose names are unknown are everyone's namesakes; a work whose own names
    are unknown gets None.
    """
    by_name: dict[str, set[str]] = {}
    unknown: set[str] = set()
    for key in cited:
        found = names(key)
        if found is None:
            unknown.add(key)
            continue
        for name in found:
            by_name.setdefault(name, set()).add(key)

    def partners(key: str) -> set[str] | None:
        found = names(key)
        if found is None:
            return None
        return unknown.union(*(by_name[name] for name in found))

    return partners


@functools.lru_cache(maxsize=65536)
def names(block: str, first_only: bool = False) -> frozenset[str] | None:
    """The folded words of the family names in one BibTeX entry's name fields.

    With `first_only`, of the first name of each field only (see `first_names_only`):
    whichever list the style shows first, its first person is among them.

    None when they cannot be read from the text alone: a field built from a
    `@string`, an entry that inherits (`crossref`, `xdata`), or one with no name.
    """
    fields = read_fields(block)
    if fields is None or "crossref" in fields or "xdata" in fields:
        return None
    words: set[str] = set()
    for name, value in fields.items():
        if not NAME_FIELD.fullmatch(name):
            continue
        if value is None:
            return None
        found = families(value)
        for family in found[:1] if first_only else found:
            words.update(_WORD.findall(fold(family)))
    return frozenset(words) or None


def families(value: str) -> list[str]:
    """The family part of each name of a BibTeX name list, as written.

    `Last, First`, `von Last, Jr, First` and `First von Last` give `Last`,
    `von Last` and `Last`; a braced `{World Health Organization}` is one name;
    `others` is no one.
    """
    found = []
    for name in _split_top(value, _AND):
        parts = _split_top(name, _COMMA)
        if len(parts) > 1:
            found.append(parts[0])
        elif name.strip().lower() != "others":
            words = _split_top(name, _SPACE)
            found.append(words[-1] if words else name)
    return found


def _split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut at each `separator` outside braces; empty pieces dropped."""
    if "{" not in text and "\\" not in text:
        return [piece.strip() for piece in separator.split(text) if piece.strip()]
    pieces, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += (char == "{") - (char == "}")
        found = separator.match(text, index) if depth == 0 else None
        if found is not None and found.end() > index:
            pieces.append(text[start:index])
            start = index = found.end()
            continue
        index += 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def fold(value: str) -> str:
    """A name as plain lower-case letters: LaTeX and Unicode accents alike dropped."""
    text = _LATEX_LETTER.sub(lambda m: _LETTERS[m.group(1).lower()], value)
    text = _LATEX_COMMAND.sub("", text).replace("{", "").replace("}", "")
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_PLAIN)


def read_fields(block: str) -> dict[str, str | None] | None:
    """Field (lower case) -> its value as written, of one `@type{key, …}` block.

    A value made from a `@string` macro is None. None for a block this reader does
    not follow (the full validation has accepted it, but this is only a reader).
    """
    comma = block.find(",")
    if comma < 0:
        return None
    fields: dict[str, str | None] = {}
    position = comma + 1
    while (found := _FIELD.match(block, position)) is not None:
        position = found.end()
        parts: list[str] | None = []
        while True:
            value, position = _value(block, position)
            if value is None:
                parts = None
            elif parts is not None and value:
                parts.append(value)
            joined = _JOIN.match(block, position)
            if joined is None:
                break
            position = joined.end()
        fields[found.group(1).lower()] = None if parts is None else " ".join(parts)
        position = _AFTER_VALUE.match(block, position).end()  # type: ignore[union-attr]
    end = _END.match(block, position)
    if end is None or end.end() != len(block):
        return None
    return fields


def _value(block: str, start: int) -> tuple[str | None, int]:
    """One part of a value at `start`: `{…}`, `"…"`, a number or a macro (None)."""
    opening = block[start : start + 1]
    if opening in ("{", '"'):
        depth = 0
        for found in SPECIAL.finditer(block, start):  # escapes whole, braces, quotes, `#`
            char, index = found.group(), found.start()
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0 and opening == "{":
                    return block[start + 1 : index], index + 1
            elif char == '"' and depth == 0 and index > start:
                return block[start + 1 : index], index + 1
        return None, len(block)
    bare = _BARE.match(block, start)
    if bare is None:
        return None, len(block)
    return (bare.group() if bare.group().isdigit() else None), bare.end()
