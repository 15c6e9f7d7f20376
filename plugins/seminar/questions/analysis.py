"""Which sentences carry the argument, and what each one offers a question.

Cues are English discourse markers (Agarwal et al. 2011; Desai et al. 2018):
conclusions (*therefore*, *thus*), contrasts (*however*, *on the contrary*,
*instead*), causes (*because*), examples (*for instance*), definitions
(*means*, *that is*), sentences that cite a source, sentences that use a
glossary term, and sentences that set two opposed notions against each other
(*individualism* / *collectivism*). Each `Claim` also carries quotations: the
best verbatim clause of the sentence, cut only at clause punctuation or before
a conjunction, so that a quotation never ends mid-phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from seminar.alternation import literal_alternation

if TYPE_CHECKING:
    from collections.abc import Sequence

    from seminar.questions.text import Sentence

#: Kinds of argumentative sentence, each with the cue that marks it.
CUES: dict[str, re.Pattern[str]] = {
    "conclusion": re.compile(
        r"\b(therefore|thus|hence|consequently|in conclusion|it follows that|in short|"
        r"to conclude|accordingly|for these reasons)\b"
    ),
    "contrast": re.compile(
        r"\b(however|on the contrary|instead|but|yet|although|though|whereas|nevertheless|"
        r"nonetheless|rather than|on the other hand|by contrast|in contrast|unlike|despite)\b"
    ),
    "cause": re.compile(
        r"\b(because|since|as a result|leads? to|due to|so that|results? in|causes?|"
        r"owing to|for this reason)\b"
    ),
    "example": re.compile(r"\b(for instance|for example|e\.g\.|such as|to take one)\b"),
    "definition": re.compile(
        r"\b(is defined as|means|is meant|refers? to|that is|i\.e\.|in other words|"
        r"consists? in|is the principle)\b"
    ),
}


def _required_text(alternative: str) -> str:
    """Text that any match of one regex alternative contains: its literal beginning.

    Stops at the first character that is not plain text; a character made optional
    (`s?`) is dropped. "" means nothing is known.
    """
    text: list[str] = []
    index = 0
    while index < len(alternative):
        char = alternative[index]
        if char == "\\" and index + 1 < len(alternative) and not alternative[index + 1].isalnum():
            text.append(alternative[index + 1])
            index += 2
            continue
        if char in "?*{":
            text.pop()
            break
        if not (char.isalnum() or char in " '-"):
            break
        text.append(char)
        index += 1
    return "".join(text)


def _cue_texts(cue: re.Pattern[str]) -> tuple[str, ...] | None:
    """Texts one of which a text must contain for `cue` to match it, or None if unknown.

    Only cues of the form `\\b(one|two|...)\\b` without inner groups are read.
    """
    pattern = cue.pattern
    if not (pattern.startswith("\\b(") and pattern.endswith(")\\b")) or cue.flags & re.IGNORECASE:
        return None
    body = pattern[3:-3]
    if any(mark in body for mark in "()[]"):
        return None
    texts = tuple(_required_text(alternative) for alternative in body.split("|"))
    return None if "" in texts else texts


#: For each cue, the texts that a sentence must contain for the cue to match: a cheap
#: test that spares most sentences most of the five searches.
_CUE_TEXTS = {kind: _cue_texts(cue) for kind, cue in CUES.items()}


def _has_cue(kind: str, lower: str) -> bool:
    texts = _CUE_TEXTS[kind]
    if texts is not None and not any(text in lower for text in texts):
        return False
    return CUES[kind].search(lower) is not None


#: Discourse connectives a quotation may drop from its start ("However, ...", "But ...").
_CONNECTIVES = frozenset(
    [
        "however",
        "therefore",
        "thus",
        "hence",
        "consequently",
        "moreover",
        "furthermore",
        "besides",
        "instead",
        "indeed",
        "nevertheless",
        "nonetheless",
        "still",
        "yet",
        "but",
        "and",
        "so",
        "also",
        "then",
        "accordingly",
        "or",
        "nor",
        "first",
        "second",
        "third",
        "finally",
        "lastly",
        "admittedly",
        "surely",
    ]
)
#: Words that open a subordinate clause or a phrase, not a main clause.
_SUBORDINATE = frozenset(
    [
        "because",
        "since",
        "while",
        "where",
        "when",
        "if",
        "unless",
        "although",
        "though",
        "whereas",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "than",
        "whether",
        "in",
        "on",
        "at",
        "for",
        "by",
        "from",
        "with",
        "within",
        "concerning",
        "regarding",
        "after",
        "before",
        "unlike",
        "like",
        "despite",
        "of",
        "to",
        "through",
        "under",
        "among",
        "between",
        "against",
        "without",
        "into",
        "upon",
        "about",
        "over",
        "according",
    ]
)
#: Words a quotation must not end on.
_WEAK_END = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
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
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "not",
        "no",
        "so",
        "than",
        "then",
        "if",
        "whether",
        "because",
        "although",
        "while",
        "whereas",
        "into",
        "upon",
        "about",
        "also",
        "such",
        "very",
        "more",
        "most",
        "less",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "every",
        "each",
        "exactly",
        "just",
        "even",
        "only",
        "precisely",
        "almost",
        "nearly",
        "quite",
    ]
)
#: A long run may be cut before these words (never before a preposition).
_CUT_BEFORE = frozenset(
    [
        "because",
        "which",
        "that",
        "who",
        "whom",
        "whose",
        "since",
        "while",
        "where",
        "when",
        "and",
        "or",
        "but",
        "so",
        "if",
        "unless",
        "although",
        "whereas",
    ]
)
#: Words that open a subordinate clause: a verb after them is not the main verb.
_RELATIVE = frozenset(
    [
        *("who", "whom", "whose", "which", "that", "where", "when", "whenever", "wherever"),
        *("if", "because", "since", "while", "although", "though", "as", "until", "unless"),
        *("before", "after"),
    ]
)
_VERB_HINT = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|does|do|did|can|cannot|could|will|would|shall|"
    r"should|may|might|must|seems?|becomes?|means?|leads?|makes?|gives?|goes|lies|holds?|"
    r"allows?|shows?|remains?|appears?|requires?|depends?|exists?|belongs?|works?|"
    r"takes?|keeps?|gets?|knows?|thinks?|believes?|says?|wants?|tends?|fails?|learns?|"
    r"treats?|teaches?|turns?|fits?|serves?|costs?|behaves?|returns?|rests?)\b"
    r"|(?<!\bthe )(?<!\ba )(?<!\ban )\b\w{3,}ed\b"
)
_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|we|our|ours|us|myself|ourselves)\b", re.IGNORECASE)
_CONCEPT_SUFFIX = re.compile(r"\b([a-z]{4,}?)(ism|ist|istic|ists)\b")
_PIVOT = re.compile(
    r"\b(rather than|instead of|than|versus|vs|unlike|contrary to|whereas|not|but|against|"
    r"between)\b"
)
_MARKUP = re.compile(r"[*_#{}<>\\]")
_DASHES = frozenset({"--", "\u2014", "\u2013"})
_OPENING_MARKS = "\"\u201c\u2018'(["
_CLOSING_MARKS = ",;:.!?\u2026"
QUOTE_MIN_WORDS = 3
QUOTE_MAX_WORDS = 14


@dataclass(frozen=True)
class TermMatcher:
    """Finds glossary terms in text: whole words, any case, longest term first."""

    terms: tuple[str, ...]
    pattern: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def build(cls, terms: Sequence[str]) -> TermMatcher:
        """Compile one alternation for all `terms` (built once per build, not per page)."""
        unique = sorted(
            {" ".join(t.split()) for t in terms if t.strip()}, key=lambda t: (-len(t), t)
        )
        if not unique:
            return cls(())
        body = literal_alternation(unique, space=r"\s+", ignore_case=True)
        return cls(tuple(unique), re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE))

    def find(self, text: str) -> list[tuple[int, str]]:
        """`(position, surface form)` of each term in `text`, in order."""
        if self.pattern is None:
            return []
        return [(m.start(), m.group(0)) for m in self.pattern.finditer(text)]


@dataclass(frozen=True)
class Claim:
    """A sentence read for its place in the argument.

    Attributes:
        sentence: The sentence.
        kinds: What it does: `conclusion`, `contrast`, `cause`, `example`,
            `definition`, `cited`, `term`, `opposition`, `question`, `thesis`.
        quote: Its best verbatim clause (3-14 words), or "".
        is_clause: Whether `quote` reads as a whole clause (subject and verb), so
            that it can follow "that".
        term_quote: The best verbatim span that contains its first term, or "".
        terms: Glossary terms it uses, as written in it (first one first).
        opposed: Two opposed notions it sets against each other, or ().
        weight: How much of the argument it carries.
    """

    sentence: Sentence
    kinds: frozenset[str]
    quote: str
    is_clause: bool
    term_quote: str
    terms: tuple[str, ...]
    opposed: tuple[str, ...]
    weight: float


@functools.lru_cache(maxsize=4096)
def _bare(token: str) -> str:
    return token.strip(_OPENING_MARKS + _CLOSING_MARKS + "\u201d\u2019)]").lower()


#: Whole pieces between commas that are only a connective ("by contrast", "for instance").
_CONNECTIVE_PHRASES = frozenset(
    [
        "by contrast",
        "in contrast",
        "for instance",
        "for example",
        "of course",
        "in turn",
        "in fact",
        "on the contrary",
        "in other words",
        "that is",
        "in short",
        "at first",
        "at least",
        "in the end",
        "on the other hand",
        "as a result",
        "after all",
        "above all",
        "in particular",
    ]
)


def _chunks(tokens: list[str]) -> list[list[list[str]]]:
    """Groups of runs: runs are split at commas, groups at ; : dashes and connective phrases.

    A quotation may join runs of one group (across commas) but never two groups.
    """
    groups: list[list[list[str]]] = [[[]]]
    for token in tokens:
        if token in _DASHES:
            groups.append([[]])
            continue
        groups[-1][-1].append(token)
        if token[-1:] in {";", ":"}:
            groups.append([[]])
        elif token[-1:] == ",":
            groups[-1].append([])
    result: list[list[list[str]]] = []
    for group in groups:
        current: list[list[str]] = []
        for run in group:
            if " ".join(_bare(t) for t in run).strip() in _CONNECTIVE_PHRASES:
                if current:
                    result.append(current)
                current = []
            elif run:
                current.append(run)
        if current:
            result.append(current)
    return result


def _shorten(tokens: list[str]) -> list[str]:
    """At most QUOTE_MAX_WORDS words, cut before a conjunction; [] if impossible."""
    if len(tokens) <= QUOTE_MAX_WORDS:
        return tokens
    for index in range(QUOTE_MAX_WORDS, QUOTE_MIN_WORDS - 1, -1):
        if _bare(tokens[index]) in _CUT_BEFORE:
            return tokens[:index]
    return []


def _is_clause(tokens: list[str]) -> bool:
    """Whether the words read as a main clause: a subject first, then a verb."""
    first = _bare(tokens[0])
    if first in _CONNECTIVES or first in _SUBORDINATE or first.endswith(("ing", "ly")):
        return False
    if _VERB_HINT.fullmatch(first):
        return False
    head = []
    for token in tokens[1:]:
        if _bare(token) in _RELATIVE:
            break
        head.append(token)
    return bool(_VERB_HINT.search(" ".join(head).lower()))


def _acceptable(text: str) -> bool:
    if any(mark in text for mark in ('"', "\u201c", "\u201d")):
        return False
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    return not _MARKUP.search(text)


def quotations(segment: str, *, question: bool = False) -> list[tuple[float, str, bool]]:
    """Candidate verbatim quotations of one citation-free segment, best first.

    The segment is cut into runs at clause punctuation; every run of up to four
    consecutive pieces, without leading connectives, shortened before a
    conjunction when too long, is a candidate. A whole clause wins over a
    phrase, ten words over fewer or more, the main clause over a later one.

    Args:
        segment: Words of one sentence between citations.
        question: The sentence is a question, so no span of it is a statement.

    Returns:
        `(score, text, is_clause)` triples, best first.
    """
    found: list[tuple[float, str, bool]] = []
    for group_number, chunks in enumerate(_chunks(segment.split())):
        for first in range(len(chunks)):
            span: list[str] = []
            for last in range(first, min(len(chunks), first + 4)):
                span = span + chunks[last]
                candidate = _candidate(span, question)
                if candidate is not None:
                    text, clause, trimmed = candidate
                    words = text.split()
                    opener = _bare(words[0])
                    score = (
                        3.0 * clause
                        - 0.15 * abs(len(words) - 10)
                        - 0.1 * (first + 2 * group_number)
                        - 1.0 * (opener in _SUBORDINATE or opener.endswith("ing"))
                        - 2.0 * (opener == "such" and _bare(words[1]) == "as")
                        - 0.5 * trimmed
                    )
                    found.append((score, text, clause))
                if len(span) > QUOTE_MAX_WORDS:
                    break
    found.sort(key=lambda item: (-item[0], item[1]))
    return found


def _candidate(span: list[str], question: bool) -> tuple[str, bool, bool] | None:
    """One span as a quotation: its text, whether it is a clause, whether it was cut."""
    start, end = 0, len(span)
    while start < end and _bare(span[start]) in _CONNECTIVES:
        start += 1
    while end > start and _bare(span[end - 1]) in _CONNECTIVES:
        end -= 1
    words = _shorten(span[start:end])
    if len(words) < QUOTE_MIN_WORDS or _bare(words[-1]) in _WEAK_END:
        return None
    text = " ".join(words).lstrip(_OPENING_MARKS).rstrip(_CLOSING_MARKS)
    if not _acceptable(text) or text.count(" ") < QUOTE_MIN_WORDS - 1:
        return None
    clause = not question and _is_clause(text.split())
    return text, clause, len(words) < len(span) - 1


def _opposition(text: str, found: list[tuple[int, str]]) -> tuple[str, ...]:
    """Two notions the sentence sets against each other across a pivot ("X ... than Y").

    Notions are glossary terms and `-ism` words; on each side of the pivot an
    `-ism`/`-ist` word is preferred, else the nearest notion. Returns () if none.
    """
    lower = text.lower()
    notions = [(position, term, bool(_CONCEPT_SUFFIX.search(term.lower())))
               for position, term in found]  # fmt: skip
    notions += [(m.start(), text[m.start() : m.end()], True)
                for m in _CONCEPT_SUFFIX.finditer(lower) if m.group(2) == "ism"]  # fmt: skip
    notions.sort()
    pivot = _PIVOT.search(lower)
    if pivot is None or len(notions) < 2:
        return ()
    if pivot.group(1) == "between":
        after = [n for n in notions if n[0] > pivot.end()]
        before, after = after[:1], after[1:2]
    else:
        before = [n for n in notions if n[0] < pivot.start()]
        after = [n for n in notions if n[0] > pivot.end()]
    if not before or not after:
        return ()
    first = next((n for n in before if n[2]), before[-1])
    second = next((n for n in after if n[2]), after[0])
    stems = {_CONCEPT_SUFFIX.sub(r"\1", n[1].lower()) for n in (first, second)}
    if len(stems) < 2:
        return ()
    return (first[1], second[1])


def _lower_case_entries(terms: tuple[str, ...]) -> dict[str, str]:
    """The glossary's lower-case entries by their lower-case form (the first one wins)."""
    entries: dict[str, str] = {}
    for entry in terms:
        if entry.islower():
            entries.setdefault(entry.lower(), entry)
    return entries


def _surface(term: str, position: int, lower_case_entries: dict[str, str]) -> str:
    """A term as it reads mid-sentence.

    A glossary that writes a term in lower case ("liberty") is followed even where
    the author capitalises it ("Social Liberty"); otherwise the author's spelling
    is kept, without the capital that only the start of a sentence gives it.

    Args:
        term: The term as the sentence writes it.
        position: Where it starts in the sentence.
        lower_case_entries: `_lower_case_entries` of the glossary's terms.
    """
    term = " ".join(term.split())
    entry = lower_case_entries.get(term.lower())
    if entry is not None:
        return entry
    if position == 0 and term[:1].isupper() and not term.isupper():
        return term[0].lower() + term[1:]
    return term


def with_quotes(claim: Claim) -> Claim:
    """The claim with its quotations chosen (the costly part, done for shortlisted claims)."""
    question = claim.sentence.text.endswith("?")
    options = [q for s in claim.sentence.segments for q in quotations(s, question=question)]
    if not options:
        return claim
    _, quote, clause = max(options, key=lambda item: (item[0], item[1]))
    term_quote = ""
    if claim.terms:
        term = claim.terms[0].lower()
        with_term = [o for o in options if term in o[1].lower()]
        if with_term:
            term_quote = max(with_term, key=lambda item: (item[0], item[1]))[1]
    return replace(
        claim,
        quote=quote,
        is_clause=clause,
        term_quote=term_quote,
        weight=claim.weight + 1.0 * clause,
    )


def analyse(sentences: Sequence[Sentence], matcher: TermMatcher) -> list[Claim]:
    """Read every sentence for its role; linear in the length of the text.

    Quotations are left empty: `with_quotes` chooses them for the claims worth it.
    """
    claims: list[Claim] = []
    last_paragraph = sentences[-1].paragraph if sentences else 0
    lower_case_entries = _lower_case_entries(matcher.terms)
    for sentence in sentences:
        lower = sentence.text.lower()
        kinds = {kind for kind in CUES if _has_cue(kind, lower)}
        if sentence.citations:
            kinds.add("cited")
        if sentence.text.endswith("?"):
            kinds.add("question")
        if sentence.paragraph == 0 and sentence.position == 0:
            kinds.add("thesis")
        terms: list[str] = []
        found = [(p, _surface(t, p, lower_case_entries)) for p, t in matcher.find(sentence.text)]
        for _, surface in found:
            if surface.lower() not in {t.lower() for t in terms}:
                terms.append(surface)
        if terms:
            kinds.add("term")
        opposed = _opposition(sentence.text, found)
        if opposed:
            kinds.add("opposition")
        length = len(sentence.text.split())
        weight = (
            3.0 * ("conclusion" in kinds)
            + 2.0 * ("contrast" in kinds)
            + 2.0 * ("opposition" in kinds)
            + 2.0 * ("thesis" in kinds)
            + 1.5 * ("cause" in kinds)
            + 1.5 * ("example" in kinds)
            + 1.5 * ("definition" in kinds)
            + 1.5 * ("cited" in kinds)
            + 1.5 * ("question" in kinds)
            + min(1.5, 0.5 * len(terms))
            + 1.0 * (sentence.paragraph == last_paragraph and "conclusion" in kinds)
            - 1.0 * (length < 8)
            - 0.5 * (length > 60)
        )
        claims.append(
            Claim(
                sentence=sentence,
                kinds=frozenset(kinds),
                quote="",
                is_clause=False,
                term_quote="",
                terms=tuple(terms),
                opposed=opposed,
                weight=weight,
            )
        )
    return claims


def uses_first_person(text: str) -> bool:
    """Whether `text` has I, me, my, we, our or us in it."""
    return bool(_FIRST_PERSON.search(text))
