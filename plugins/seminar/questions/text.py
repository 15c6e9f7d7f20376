"""Paragraphs into sentences, in one linear pass.

A full stop only ends a sentence when it is followed by white space and a word
that can begin one (a capital, a digit, an opening quotation mark). It does not
end one after an abbreviation (`Dr.`, `e.g.`, `et al.`, `pp.`), after an initial
(`J. S. Mill`), inside a quotation or a bracket (`"Stop. Think."` inside a
sentence, `(see ch. 2. Then)`), or before a dash or a lower-case word. A
citation written after the full stop (`... true. [@mill1859] Next`) stays with
the sentence it follows.

Citations (Pandoc `[@key]` groups and parenthetical author-year citations such
as `(Mill, 1859)`) are kept apart: a sentence's `segments` are the runs of the
author's words between them, so a quotation taken from one segment is always
verbatim on the page, whatever form the citation takes there.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: Words that a full stop does not end a sentence after (compared lower-case, without the dot).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "vs",
        "cf",
        "e.g",
        "i.e",
        "al",
        "pp",
        "p",
        "vol",
        "vols",
        "ch",
        "chap",
        "ed",
        "eds",
        "fig",
        "figs",
        "viz",
        "approx",
        "ca",
        "c",
        "esp",
        "inc",
        "ltd",
        "co",
        "dept",
        "univ",
        "rev",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "mt",
        "ft",
        "op",
        "cit",
        "ibid",
        "trans",
        "n.b",
        "resp",
        "repr",
        "suppl",
        "sec",
        "secs",
        "art",
        "no",
        "nos",
    ]
)

_OPENERS = {"(": ")", "[": "]", "\u201c": "\u201d"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_ENCLOSING = re.compile('["' + re.escape("".join(_OPENERS) + "".join(_CLOSERS)) + "]")
_PANDOC_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_AUTHOR_YEAR = re.compile(r"\((?:see |cf\. |e\.g\., )?[A-Z][^()]*?\b\d{4}[a-z]?\b[^()]*\)")
_CANDIDATE = re.compile(r"[.!?\u2026]+[\"\u201d\u2019)\]]*(?=\s)")
_SPACE_BEFORE_MARK = re.compile(r" ([.,;:!?])")
_CITATION_KEY = re.compile(r"@([\w:.#$%&\-+?<>~/]*\w)")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a page: its anchor (`p-N`) and its plain text."""

    anchor: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence, as the author wrote it.

    Attributes:
        paragraph: 0-based position of its paragraph on the page.
        anchor: The paragraph's anchor (`p-N`).
        position: 0-based position of the sentence in its paragraph.
        text: The sentence without its citations, spaces normalised.
        segments: The runs of words between citations; each is verbatim page text.
        citations: The citations as written (`[@key]`, `(Mill, 1859)`).
    """

    paragraph: int
    anchor: str
    position: int
    text: str
    segments: tuple[str, ...]
    citations: tuple[str, ...]

    @property
    def cited_keys(self) -> tuple[str, ...]:
        """The BibTeX keys of the Pandoc citations in the sentence, in order."""
        return tuple(key for c in self.citations for key in _CITATION_KEY.findall(c))


def normalise_space(text: str) -> str:
    """One space between words, none at either end."""
    # str.split() splits at exactly the characters that the regex \s matches (checked for
    # every code point in the tests), and is several times faster than a substitution.
    return " ".join(text.split())


def _citation_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PANDOC_CITATION.finditer(text)]
    spans += [m.span() for m in _AUTHOR_YEAR.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def _enclosures(text: str) -> tuple[list[int], dict[int, int]]:
    """Depth of quotation/bracket nesting at each index, and each closer's opener.

    Unmatched openers and closers are ignored, so one stray bracket cannot
    swallow the rest of a paragraph.
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    # Only the marks matter: visit them, not every character.
    for match in _ENCLOSING.finditer(text):
        index, char = match.start(), match.group()
        if char == '"':
            if straight is None:
                straight = index
            else:
                pairs.append((straight, index))
                straight = None
        elif char in _OPENERS:
            stack.append((char, index))
        else:
            opener = _CLOSERS[char]
            for level in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
                if stack[level][0] == opener:
                    pairs.append((stack[level][1], index))
                    del stack[level:]
                    break
    diff = [0] * len(text)
    for start, end in pairs:
        diff[start + 1] += 1
        diff[end] -= 1
    return list(itertools.accumulate(diff)), {end: start for start, end in pairs}


def _starts_sentence(text: str, index: int) -> bool:
    if index >= len(text):
        return False
    char = text[index]
    if char in "\"\u201c'\u2018([":
        return index + 1 < len(text) and (text[index + 1].isupper() or text[index + 1].isdigit())
    return char.isupper() or char.isdigit()


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:index].lstrip("\"\u201c'\u2018([").lower()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The `(start, end)` character spans of the sentences of one paragraph.

    Linear in the length of the text. Every character except the white space
    between sentences is in exactly one span.
    """
    depth, opener_of = _enclosures(text)
    citations = _citation_spans(text)
    citation_end = dict(citations)
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _CANDIDATE.finditer(text):
        punct, end = match.start(), match.end()
        if punct < start:
            continue
        if depth[punct] > 0:
            # A whole quoted sentence ("Stop." He left.) may end at its closing mark.
            closer = end - 1
            if not (closer in opener_of and opener_of[closer] == start and depth[closer] == 0):
                continue
        nxt = end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if text[punct] == ".":
            word = _word_before(text, punct)
            following = text[nxt : nxt + 1]
            if word in ABBREVIATIONS and not (word in {"no", "nos"} and not following.isdigit()):
                continue
            if len(word) == 1 and word.isalpha():
                continue  # an initial: J. S. Mill
        boundary = end
        if nxt in citation_end:  # "... true. [@key] Next": the citation belongs before
            boundary = citation_end[nxt]
            nxt = boundary
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
        if not _starts_sentence(text, nxt):
            continue
        spans.append((start, boundary))
        start = nxt
    rest = text[start:].rstrip()
    if rest:
        spans.append((start, start + len(rest)))
    return spans


def _segments(
    text: str, citations: list[tuple[int, int]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    segments: list[str] = []
    cited: list[str] = []
    position = 0
    for start, end in citations:
        segments.append(text[position:start])
        cited.append(text[start:end])
        position = end
    segments.append(text[position:])
    cleaned = tuple(s for s in (normalise_space(s) for s in segments) if s.strip(" .,;:"))
    return cleaned, tuple(cited)


def _without_citations(text: str, citations: list[tuple[int, int]]) -> str:
    pieces, position = [], 0
    for start, end in citations:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    joined = normalise_space(" ".join(pieces))
    return _SPACE_BEFORE_MARK.sub(r"\1", joined)


def split_sentences(paragraphs: list[Paragraph]) -> list[Sentence]:
    """Split every paragraph into `Sentence`s, in page order."""
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        text = normalise_space(paragraph.text)
        for position, (start, end) in enumerate(sentence_spans(text)):
            raw = text[start:end]
            spans = _citation_spans(raw)
            segments, citations = _segments(raw, spans)
            sentences.append(
                Sentence(
                    paragraph=number,
                    anchor=paragraph.anchor,
                    position=position,
                    text=_without_citations(raw, spans),
                    segments=segments,
                    citations=citations,
                )
            )
    return sentences
