"""The hard checks every generated question must pass before it can be picked.

They follow the discussion-question rubric (form, length, well-formedness,
openness, grounding, verbatim quotation, no vague opener, no leaked first
person, own framing) and the Bloom cue words that decide a question's level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "do",
        "does",
        "did",
        "not",
        "no",
        "nor",
        "so",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "him",
        "i",
        "we",
        "you",
        "your",
        "our",
        "us",
        "my",
        "me",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "into",
        "upon",
        "about",
        "also",
        "such",
        "only",
        "own",
        "same",
        "very",
    ]
)
AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "has",
        "have",
        "had",
        "may",
        "might",
        "must",
    ]
)
DANGLING = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "the",
        "a",
        "an",
        "because",
        "although",
        "whereas",
        "while",
        "if",
        "whether",
    ]
)
VAGUE_OPENERS = frozenset(
    ["it", "this", "that", "they", "he", "she", "these", "those", "its", "their", "his", "her"]
)
FIRST_PERSON = frozenset(
    ["i", "me", "my", "mine", "we", "our", "ours", "us", "myself", "ourselves"]
)
MIN_WORDS, MAX_WORDS = 8, 45

#: Bloom levels from the highest; a question is at the highest level whose cue it has.
BLOOM_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "create",
        re.compile(
            r"\b(design|propose|imagine|invent|construct|rewrite|devise|formulate|"
            r"what would happen if|suggest an alternative)\b"
        ),
    ),
    (
        "evaluate",
        re.compile(
            r"\b(how convincing|to what extent|justify|assess|evaluate|judge|defend|critique|"
            r"strongest|weakest|is it fair|how (valid|persuasive|fair|reasonable)|do you agree|"
            r"would you agree|should)\b"
        ),
    ),
    (
        "analyze",
        re.compile(
            r"\b(compare|contrast|distinguish|differ|relationship|relate|assumptions?|evidence|"
            r"what role|why does the (author|essay|writer)|cause|tension|reconcile|implies?|"
            r"depend)\b"
        ),
    ),
    (
        "apply",
        re.compile(
            r"\b(apply|how would you use|example from|today|your own (experience|life)|modern|"
            r"in a situation|case of)\b"
        ),
    ),
    (
        "understand",
        re.compile(
            r"\b(what does .* mean|explain|summari[sz]e|in your own words|describe|paraphrase|"
            r"main idea|what is meant)\b|^(why|how)\b"
        ),
    ),
)

_TOKEN = re.compile(r"[a-z0-9']+")
_QUOTED = re.compile(r'"([^"]+)"')
_MARKUP = re.compile(r"[*_#{}<>\\]|\[@")
_DOUBLED = re.compile(r"\b(\w+) \1\b")
_OPEN_AFTER_AUX = re.compile(
    r"(,|;|\band)\s+(why|how|in what|to what extent|what)\b|why or why not"
)
_OPEN_ANYWHERE = re.compile(r"\b(why|how|what)\b")
_OPEN_STEMS = (
    "why",
    "how",
    "what",
    "in what way",
    "to what extent",
    "which",
    "explain",
    "compare",
    "describe",
    "whose",
    "who",
)


_STRAIGHT = str.maketrans("\u201c\u201d\u2019\u2018", "\"\"''")


_NEEDS_PLAIN = re.compile(r"[\u201c\u201d\u2019\u2018\t\n\r\f\v]|  |^ | $")


def plain(text: str) -> str:
    """Straight quotes and single spaces."""
    if not _NEEDS_PLAIN.search(text):
        return text
    return " ".join(text.translate(_STRAIGHT).split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _TOKEN.findall(plain(text).lower())


def content_tokens(text: str) -> frozenset[str]:
    """Tokens of 3+ characters that are not stop words."""
    return frozenset(t for t in tokens(text) if len(t) > 2 and t not in STOP_WORDS)


def quoted_spans(text: str) -> list[str]:
    """The double-quoted spans of a question."""
    return [q.strip() for q in _QUOTED.findall(plain(text))]


def bloom_level(question: str) -> str:
    """The revised-Bloom level a question's cue words put it at ("remember" if none)."""
    lower = plain(question).lower()
    for level, cue in BLOOM_CUES:
        if cue.search(lower):
            return level
    return "remember"


@dataclass(frozen=True)
class EssayIndex:
    """What the checks need to know about the essay, computed once per page."""

    text: str
    trigrams: frozenset[tuple[str, str, str]]
    terms: re.Pattern[str] | None

    @classmethod
    def build(cls, paragraphs: Iterable[str], terms: Iterable[str]) -> EssayIndex:
        """Index the essay's paragraphs (plain text) and glossary terms."""
        text = plain(" ".join(paragraphs)).lower()
        words = tokens(text)
        trigrams = frozenset(zip(words, words[1:], words[2:], strict=False))
        unique = sorted({plain(t).lower() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
        pattern = None
        if unique:
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, unique)) + r")\b")
        return cls(text, trigrams, pattern)


def failures(question: str, essay: EssayIndex, *, english: bool = True) -> list[str]:
    """The names of the hard checks `question` fails (empty when it passes).

    Args:
        question: The question.
        essay: The essay it is about.
        english: Whether the question is in English. The checks that rely on
            English (open stems, vague openers, first person, grounding by shared
            words, pairs of straight quotation marks) only apply to English questions.
    """
    q = plain(question)
    lower = q.lower()
    toks = _TOKEN.findall(lower)
    n_words = len(q.split())
    spans = [m.strip() for m in _QUOTED.findall(q)]
    quotes = [s for s in spans if " " in s]
    failed = []
    if not (q[:1].isupper() or (q[:1] == '"' and q[1:2].isupper())):
        failed.append("form")
    if not q.endswith("?") or not 1 <= q.count("?") <= 2 or " ?" in q:
        failed.append("form")
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        failed.append("length")
    if (
        (english and q.count('"') % 2)
        or q.count("(") != q.count(")")
        or q.count("[") != q.count("]")
        or _MARKUP.search(q)
        or not toks
        or toks[-1] in DANGLING
        or _DOUBLED.search(lower)
    ):
        failed.append("well-formed")
    if any(s.lower() not in essay.text for s in quotes):
        failed.append("verbatim")
    if not english:
        return failed
    if toks and toks[0] in AUXILIARIES:
        if not _OPEN_AFTER_AUX.search(lower):
            failed.append("open")
    elif not (
        any(stem in " ".join(toks[:6]) for stem in _OPEN_STEMS) or _OPEN_ANYWHERE.search(lower)
    ):
        failed.append("open")
    grounded = bool(quotes) or bool(essay.terms and essay.terms.search(lower))
    grounded = grounded or any(
        tri in essay.trigrams and not set(tri) <= STOP_WORDS
        for tri in zip(toks, toks[1:], toks[2:], strict=False)
    )
    if not grounded:
        failed.append("grounded")
    if toks and toks[0] in VAGUE_OPENERS:
        failed.append("vague opener")
    if set(_TOKEN.findall(_QUOTED.sub(" ", lower))) & FIRST_PERSON:
        failed.append("first person")
    if sum(len(s.split()) for s in spans) > 0.6 * n_words:
        failed.append("own framing")
    return failed
