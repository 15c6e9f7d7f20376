"""Find glossary terms in running text: one combined pattern, one pass per text.

Every written form (terms and aliases) and its English inflections (plural,
possessive) go into one character trie, compiled to a single regular
expression. At each position the trie only follows the characters that can
still lead to a term, so the cost of a scan grows with the text, not with the
number of terms. Matching is case-insensitive and the text is never changed:
a match reports where the author's own words are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from seminar.glossary.source import Glossary

_APOSTROPHES = "'\u2019"
_SPACE = " "
_APOSTROPHE = "'"
# Word characters or a hyphen on either side mean the match is part of a longer word.
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"


class TermMatch(NamedTuple):
    """One occurrence: `text[start:end]` is a form of the entry `slug`.

    A named tuple: a page has hundreds, and a frozen dataclass is slower to make.
    """

    start: int
    end: int
    slug: str


def plural(word: str) -> str:
    """The regular English plural of a word (its last word, for a phrase).

    >>> plural("tie"), plural("consistency"), plural("approach")
    ('ties', 'consistencies', 'approaches')
    """
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def inflections(form: str) -> list[str]:
    """A written form with its plural and possessive forms, normalised for the trie.

    >>> inflections("Social tie")
    ['social tie', 'social ties', "social tie's", "social ties'"]
    """
    base = normalise(form)
    forms = [base]
    if not base.endswith("s"):
        many = plural(base)
        forms += [many, base + "'s", many + "'" if many.endswith("s") else many + "'s"]
    else:
        forms.append(base + "'s")
    return list(dict.fromkeys(forms))


def normalise(text: str) -> str:
    """Lower case, one space between words, straight apostrophes."""
    for mark in _APOSTROPHES:
        text = text.replace(mark, _APOSTROPHE)
    return " ".join(text.lower().split())


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def _token(char: str) -> str:
    if char == _SPACE:
        return r"\s+"
    if char == _APOSTROPHE:
        return "[" + _APOSTROPHES + "]"
    return re.escape(char)


def _compile(node: _Node) -> str:
    branches = [_token(char) + _compile(child) for char, child in sorted(node.children.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy `?`: the longer form is tried first, so the longest term wins.
    return f"(?:{body})?" if node.end else body


def lower_in_place(text: str) -> str:
    """`text` lower-cased character by character, so every match keeps its place.

    A character whose lower case is two characters (`İ`) stays as it is.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class TermMatcher:
    """All forms of all entries of a glossary, compiled once.

    Matching ignores case by lower-casing the text (forms are lower case already)
    and running a case-sensitive pattern: `re.IGNORECASE` made the scan about 2.5
    times slower, since `re` then folds every character it compares. A text matches
    a form where its characters, each lower-cased, spell it (`İ`, whose lower case is
    two characters, matches nothing but itself).

    Args:
        glossary: the parsed glossary.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.digest = glossary.digest
        self._slug_of: dict[str, str] = {}
        root = _Node()
        for entry in glossary.entries:
            for form in entry.forms:
                for variant in inflections(form.text):
                    # The first entry to claim an inflected form keeps it.
                    self._slug_of.setdefault(variant, entry.slug)
                    node = root
                    for char in variant:
                        node = node.children.setdefault(char, _Node())
                    node.end = True
        trie = _compile(root)
        self.pattern: re.Pattern[str] | None = (
            re.compile(_BEFORE + "(?:" + trie + ")" + _AFTER) if trie else None
        )

    def finditer(self, text: str) -> Iterator[TermMatch]:
        """The non-overlapping occurrences in `text`, left to right, longest first."""
        if self.pattern is None:
            return
        slug_of = self._slug_of
        for found in self.pattern.finditer(lower_in_place(text)):
            slug = slug_of.get(normalise(found.group()))
            if slug is not None:
                yield TermMatch(found.start(), found.end(), slug)

    def slugs_in(self, texts: Iterable[str]) -> list[str]:
        """The entry slugs found in some texts, in order of first appearance."""
        seen: dict[str, None] = {}
        for text in texts:
            for found in self.finditer(text):
                seen.setdefault(found.slug)
        return list(seen)
