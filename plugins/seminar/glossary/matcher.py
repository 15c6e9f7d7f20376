"""Find glossary terms in running text: one combined pattern, one pass per text.

Every written form (terms and aliases) and its irregular plural go into one
character trie (`seminar.alternation`), followed by the English endings any of
them may take (possessive, plural), compiled to a single regular expression. At
each position the trie only follows the characters that can still lead to a term,
so the cost of a scan grows with the text, not with the number of terms. Matching
is case-insensitive and the text is never changed: a match reports where the
author's own words are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from seminar.glossary.source import Glossary

_APOSTROPHES = "'\u2019"
_APOSTROPHE = "'"
_CURLY = "\u2019"
#: The endings any form may take after the trie: possessive, plural, plural possessive.
_ENDING = "(?:'s?|s'?)?"
# Word characters or a hyphen on either side mean the match is part of a longer word.
# The pattern starts with the character before a term (the text is scanned with a space
# put first, for a term at its very start), not with a look-behind: `re` then skips by
# that character set to the places where a term may start, instead of trying the
# look-behind at every position (`finditer` over the heavy course's texts: 71 ms, not 84).
_BEFORE = r"[^\w-]"
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


def _stems(form: str) -> list[str]:
    """What the trie holds for a form: the form, and its plural unless that is form + `s`.

    The endings every form may take (`'`, `'s`, `s`, `s'`) follow the trie as one group
    (`_ENDING`) instead of four copies of every form in it: the pattern is a third
    of the size and `re` compiles it in a third of the time. The pattern may then
    match a misspelling (`policys`); only the forms of `inflections` are links.
    """
    base = normalise(form)
    if base.endswith("s"):
        return [base]
    many = plural(base)
    return [base] if many == base + "s" else [base, many]


def normalise(text: str) -> str:
    """Lower case, one space between words, straight apostrophes."""
    for mark in _APOSTROPHES:
        text = text.replace(mark, _APOSTROPHE)
    return " ".join(text.lower().split())


def lower_in_place(text: str) -> str:
    """`text` lower-cased character by character, so every match keeps its place.

    A character whose lower case is two characters (`İ`) stays as it is.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class TermMatcher:
    """All forms of all entries of a glossary, compiled once, when a text is first matched.

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
        self._glossary = glossary
        self._compiled: tuple[dict[str, str], re.Pattern[str] | None] | None = None

    def _compile(self) -> tuple[dict[str, str], re.Pattern[str] | None]:
        """Each inflected form's entry, and the pattern: made when first needed.

        A build whose pages all replay their term links (`LinkedPage`) never matches,
        so it never pays for the forms, the trie and `re.compile` (4 ms for the
        benchmark's 40-term course, 21 ms for its 300 terms).
        """
        if self._compiled is None:
            from seminar.alternation import literal_alternation

            slug_of: dict[str, str] = {}
            stems: dict[str, None] = {}
            for entry in self._glossary.entries:
                for form in entry.forms:
                    for variant in inflections(form.text):
                        # The first entry to claim an inflected form keeps it.
                        slug_of.setdefault(variant, entry.slug)
                    stems.update(dict.fromkeys(_stems(form.text)))
            pattern = None
            if stems:
                trie = literal_alternation(list(stems), space=r"\s+")
                pattern = re.compile(f"{_BEFORE}(?:{trie}){_ENDING}{_AFTER}")
            self._compiled = (slug_of, pattern)
        return self._compiled

    @property
    def forms(self) -> dict[str, str]:
        """Each inflected form (normalised) and the slug of the entry it belongs to."""
        return self._compile()[0]

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled pattern of every form (None for a glossary without entries)."""
        return self._compile()[1]

    def finditer(self, text: str) -> Iterator[TermMatch]:
        """The non-overlapping occurrences in `text`, left to right, longest first."""
        slug_of, pattern = self._compile()
        if pattern is None:
            return
        # `text` one place on, lower case (character by character), a curly apostrophe
        # straight like the forms', after a space: the character before a first term.
        scanned = " " + lower_in_place(text).replace(_CURLY, _APOSTROPHE)
        search, position = pattern.search, 0
        while (found := search(scanned, position)) is not None:
            start, end = found.start() + 1, found.end()  # the term, in `scanned`
            written = scanned[start:end]
            # Already lower case with straight apostrophes; only odd spacing needs more.
            slug = slug_of.get(written) or slug_of.get(normalise(written))
            if slug is None:
                # A stem with an ending it does not take (`policys`, `taxes's`): the
                # longest form inside the match that ends at a word's end, if any.
                end = self._shorter(scanned, start, end)
                slug = slug_of.get(normalise(scanned[start:end])) if end > start else None
            if slug is not None:
                yield TermMatch(start - 1, end - 1, slug)
                position = end - 1  # a term's last character may be the next one's before
            else:
                position = start  # the next try starts after this one's first character

    def _shorter(self, scanned: str, start: int, end: int) -> int:
        """Where the longest form at `start` shorter than the match ends (else `start`).

        Like the pattern's own end, it must be followed by no word character or hyphen.
        """
        for shorter in range(end - 1, start, -1):
            after = scanned[shorter]
            if after.isalnum() or after in "_-":
                continue
            if normalise(scanned[start:shorter]) in self.forms:
                return shorter
        return start

    def slugs_in(self, texts: Iterable[str]) -> list[str]:
        """The entry slugs found in some texts, in order of first appearance."""
        seen: dict[str, None] = {}
        for text in texts:
            for found in self.finditer(text):
                seen.setdefault(found.slug)
        return list(seen)
