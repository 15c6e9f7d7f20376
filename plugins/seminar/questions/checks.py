"""The hard checks every generated question must pass before it can be picked.

They follow the discussion-question rubric (form, length, well-formedness,
openness, grounding, verbatim quotation, no vague opener, no leaked first
person, own framing) and the Bloom cue words that decide a question's level.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seminar.alternation import literal_alternation

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

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


#: Characters `plain` replaces (curly quotes) or folds into one space (white space but " ").
_NEEDS_PLAIN = re.compile(r"[\u201c\u201d\u2019\u2018\t\n\r\f\v]")


def plain(text: str) -> str:
    """Straight quotes and single spaces."""
    # Plain string tests first: one character class is a fast scan, four alternatives are not.
    if (
        "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
        and not _NEEDS_PLAIN.search(text)
    ):
        return text
    return " ".join(text.translate(_STRAIGHT).split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _TOKEN.findall(plain(text).lower())


def _content(toks: Iterable[str]) -> frozenset[str]:
    return frozenset(t for t in toks if len(t) > 2 and t not in STOP_WORDS)


def content_tokens(text: str) -> frozenset[str]:
    """Tokens of 3+ characters that are not stop words."""
    return _content(tokens(text))


def quoted_spans(text: str) -> list[str]:
    """The double-quoted spans of a question."""
    return spans_of_plain(plain(text))


def spans_of_plain(text: str) -> list[str]:
    """`quoted_spans` of a text that is already `plain`."""
    return [q.strip() for q in _QUOTED.findall(text)]


def _level(lower: str) -> str:
    for level, cue in BLOOM_CUES:
        if cue.search(lower):
            return level
    return "remember"


def bloom_level(question: str) -> str:
    """The revised-Bloom level a question's cue words put it at ("remember" if none)."""
    return _level(plain(question).lower())


class Reading:
    """A question read once for all the checks: the generator asks several of one text.

    Attributes:
        text: The question, `plain`.
        lower: `text` in lower case.
        tokens: Its word tokens (`tokens(question)`).
        spans: Its double-quoted spans (`quoted_spans(question)`).
    """

    __slots__ = ("lower", "spans", "text", "tokens")

    def __init__(self, question: str) -> None:
        """Read `question`."""
        self.text = plain(question)
        self.lower = self.text.lower()
        self.tokens: list[str] = _TOKEN.findall(self.lower)
        self.spans = spans_of_plain(self.text)

    @property
    def level(self) -> str:
        """`bloom_level(question)`."""
        return _level(self.lower)

    @property
    def content(self) -> frozenset[str]:
        """`content_tokens(question)`."""
        return _content(self.tokens)


@functools.lru_cache(maxsize=16)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The essay's term matcher; every page of a site has the same terms, so it is built once."""
    unique = sorted({plain(t).lower() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not unique:
        return None
    return re.compile(r"\b(?:" + literal_alternation(unique) + r")\b")


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
        return cls(text, trigrams, _terms_pattern(tuple(terms)))


def failures(question: str, essay: EssayIndex, *, english: bool = True) -> list[str]:
    """The names of the hard checks `question` fails (empty when it passes).

    Args:
        question: The question.
        essay: The essay it is about.
        english: Whether the question is in English. The checks that rely on
            English (open stems, vague openers, first person, grounding by shared
            words, pairs of straight quotation marks) only apply to English questions.
    """
    return list(failed_checks(Reading(question), essay, english=english))


def failed_checks(question: Reading, essay: EssayIndex, *, english: bool = True) -> Iterator[str]:
    """The names of the hard checks a question fails, one by one, as `failures` lists them.

    Lazy, so that a caller that only needs to know whether any check fails stops at the first.
    """
    q, lower, toks, spans = question.text, question.lower, question.tokens, question.spans
    n_words = len(q.split())
    quotes = [s for s in spans if " " in s]
    if not (q[:1].isupper() or (q[:1] == '"' and q[1:2].isupper())):
        yield "form"
    if not q.endswith("?") or not 1 <= q.count("?") <= 2 or " ?" in q:
        yield "form"
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        yield "length"
    if (
        (english and q.count('"') % 2)
        or q.count("(") != q.count(")")
        or q.count("[") != q.count("]")
        or _MARKUP.search(q)
        or not toks
        or toks[-1] in DANGLING
        or _DOUBLED.search(lower)
    ):
        yield "well-formed"
    if any(s.lower() not in essay.text for s in quotes):
        yield "verbatim"
    if not english:
        return
    if toks and toks[0] in AUXILIARIES:
        if not _OPEN_AFTER_AUX.search(lower):
            yield "open"
    else:
        head = " ".join(toks[:6])
        if not (any(stem in head for stem in _OPEN_STEMS) or _OPEN_ANYWHERE.search(lower)):
            yield "open"
    grounded = bool(quotes) or bool(essay.terms and essay.terms.search(lower))
    grounded = grounded or any(
        tri in essay.trigrams and not set(tri) <= STOP_WORDS
        for tri in zip(toks, toks[1:], toks[2:], strict=False)
    )
    if not grounded:
        yield "grounded"
    if toks and toks[0] in VAGUE_OPENERS:
        yield "vague opener"
    # Tokens outside quotations are a subset of all tokens (`"` is no token character).
    if not FIRST_PERSON.isdisjoint(toks) and (
        set(_TOKEN.findall(_QUOTED.sub(" ", lower))) & FIRST_PERSON
    ):
        yield "first person"
    if sum(len(s.split()) for s in spans) > 0.6 * n_words:
        yield "own framing"
