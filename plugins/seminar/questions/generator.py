"""Overgenerate, filter, rank and pick a diverse set of discussion questions.

Every sentence that carries the argument fills every stem that fits it; the
candidates that fail a hard check, or whose cue words would put them at another
Bloom level than their stem claims, are dropped; the rest are ranked by how
much of the argument their sentence carries. A greedy pass then fills a plan of
Bloom levels (at least half at analyze, evaluate or create), preferring
paragraphs not yet asked about and refusing near-duplicates, stems already
used and over-used openings. Everything is sorted by explicit keys, so the
result never depends on hashing: the same essay gives the same bytes anywhere.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seminar.questions.analysis import TermMatcher, analyse, with_quotes
from seminar.questions.checks import EssayIndex, Reading, failed_checks, plain, spans_of_plain
from seminar.questions.model import BLOOM_LEVELS, Generated, Question
from seminar.questions.stems import Stems, default_stems
from seminar.questions.text import split_sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping, Sequence

    from seminar.questions.analysis import Claim
    from seminar.questions.stems import Stem
    from seminar.questions.text import Paragraph

HIGHER = frozenset({"analyze", "evaluate", "create"})
#: The order in which levels are planned: the first k entries make a set of k.
LEVEL_PLAN = (
    "analyze",
    "evaluate",
    "understand",
    "create",
    "analyze",
    "apply",
    "evaluate",
    "analyze",
    "create",
    "understand",
    "apply",
    "evaluate",
)
MAX_JACCARD = 0.5
MAX_CLAIMS = 60
_LEVEL_WEIGHT = {"understand": 0.0, "apply": 0.2, "analyze": 0.6, "evaluate": 0.6, "create": 0.4}
#: Room for rounding when comparing a bound with a score.
_SLACK = 1e-6


@dataclass(slots=True)
class _Candidate:
    question: Question
    claim: Claim
    score: float
    terms: frozenset[str]
    _words: tuple[frozenset[str], tuple[str, ...]] | None = None

    def _read(self) -> tuple[frozenset[str], tuple[str, ...]]:
        # Only the pick's comparisons with questions already picked need these: read on demand.
        if self._words is None:
            reading = Reading(self.question.text)
            self._words = (reading.content, tuple(reading.tokens[:3]))
        return self._words

    @property
    def content(self) -> frozenset[str]:
        return self._read()[0]

    @property
    def opening(self) -> tuple[str, ...]:
        return self._read()[1]


def question_id(text: str) -> str:
    """The stable id of a question: a hash of its normalised text."""
    return _id_of_plain(plain(text))


def _id_of_plain(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"q-{digest[:8]}"


def _values(claim: Claim, citations: Mapping[str, str]) -> dict[str, str]:
    values = {"quote": claim.quote}
    if claim.is_clause:
        values["claim"] = claim.quote
    if claim.terms:
        values["term"] = claim.terms[0]
    if claim.opposed:
        values["first"], values["second"] = claim.opposed[0], claim.opposed[1]
    labels = [citations[k] for k in claim.sentence.cited_keys if k in citations]
    if not labels:
        labels = [c.strip("()") for c in claim.sentence.citations if "@" not in c]
    values["source"] = "; ".join(labels)
    return values


def _shortlist(claims: Sequence[Claim]) -> list[Claim]:
    """The claims worth filling stems for: each paragraph's best few, then the best overall.

    Bounds the work on a long page (stems are filled for at most
    `MAX_CLAIMS` sentences) while every paragraph keeps a chance to be asked about.
    """
    useful = [c for c in claims if c.weight > 0 or c.terms]
    by_paragraph: dict[int, list[Claim]] = {}
    for claim in useful:
        by_paragraph.setdefault(claim.sentence.paragraph, []).append(claim)

    def rank(c: Claim) -> tuple[float, int, int]:
        return (c.weight, -c.sentence.paragraph, -c.sentence.position)

    chosen = {id(c) for group in by_paragraph.values() for c in heapq.nlargest(3, group, key=rank)}
    best = heapq.nlargest(MAX_CLAIMS, useful, key=lambda c: (id(c) in chosen, *rank(c)))
    return sorted(best, key=lambda c: (c.sentence.paragraph, c.sentence.position))


@dataclass(slots=True)
class _Filled:
    """One stem filled for one claim, before any check."""

    claim: Claim
    stem: Stem
    text: str
    plain: str
    score: float


class _Candidates:
    """The checked candidates, made on demand in ranking order.

    Every stem is filled for every shortlisted claim and scored, but a question
    is only checked when the pick could take it: `best` visits the questions
    from the highest score down, stops where even the largest bonus could not
    beat the best one found, and checks a question only once its score and
    bonus would beat it. What it returns is exactly what checking every question
    first and taking the best would give: a question's candidate is still its
    first filled form (in claim, then stem order) that passes the checks, and
    ties are still broken by id.
    """

    def __init__(
        self,
        claims: Sequence[Claim],
        stems: Stems,
        essay: EssayIndex,
        citations: Mapping[str, str],
        hidden: Collection[str],
    ) -> None:
        self.essay = essay
        self.english = stems.language.split("-")[0].lower() == "en"
        self.forms: dict[str, list[_Filled]] = {}
        hidden_forms: dict[str, list[_Filled]] = {}
        # Claims of the same kinds take the same stems: choose them once per set of kinds.
        fitting: dict[frozenset[str], list[Stem]] = {}
        for claim in map(with_quotes, _shortlist(claims)):
            values = _values(claim, citations)
            # A stem that asks for a term and a quotation gets the quotation with the term in it.
            with_term = {**values, "quote": claim.term_quote}
            if claim.kinds not in fitting:
                fitting[claim.kinds] = stems.for_kinds(claim.kinds)
            base = claim.weight
            stem: Stem
            for stem in fitting[claim.kinds]:
                required = stem.required
                text = stem.fill(
                    with_term if "term" in required and "quote" in required else values
                )
                if text is None:
                    continue
                normal = plain(text)
                qid = _id_of_plain(normal)
                quoted = 0
                for span in spans_of_plain(normal):
                    quoted += len(span.split())
                score = (
                    base
                    + _LEVEL_WEIGHT[stem.level]
                    - (1.0 if stem.kind == "any" else 0.0)
                    - 0.05 * abs(quoted - 8)
                )
                forms = hidden_forms if qid in hidden else self.forms
                if qid in forms:
                    forms[qid].append(_Filled(claim, stem, text, normal, score))
                else:
                    forms[qid] = [_Filled(claim, stem, text, normal, score)]
        self.readings: dict[str, Reading | None] = {}
        self.terms: dict[int, frozenset[str]] = {}
        #: Hidden ids that a question passing every check has (the others are reported).
        self.seen_hidden = {
            qid for qid, forms in hidden_forms.items() if any(map(self._passes, forms))
        }
        self.scores = {qid: max(f.score for f in forms) for qid, forms in self.forms.items()}
        ranked = sorted(self.scores, key=lambda qid: (-self.scores[qid], qid))
        #: Question ids by score, all of them (None) and those with a form at each level.
        self.ranked: dict[str | None, list[str]] = {None: ranked}
        for qid in ranked:
            for level in dict.fromkeys(f.stem.level for f in self.forms[qid]):
                self.ranked.setdefault(level, []).append(qid)

    def _passes(self, form: _Filled) -> bool:
        """Whether a filled stem passes every check, its level's cue words included."""
        if form.text not in self.readings:
            read = Reading(form.text)
            failed = next(failed_checks(read, self.essay, english=self.english), None)
            self.readings[form.text] = read if failed is None else None
        reading = self.readings[form.text]
        return reading is not None and (not self.english or reading.level == form.stem.level)

    def _make(self, qid: str, form: _Filled) -> _Candidate:
        """The candidate a filled stem would be (checked or not)."""
        claim, stem = form.claim, form.stem
        question = Question(
            id=qid,
            text=form.text,
            bloom=stem.level,
            paragraph=claim.sentence.anchor,
            source=claim.sentence.text,
            stem=stem.name,
        )
        return _Candidate(question, claim, form.score, self._terms(form))

    def _terms(self, form: _Filled) -> frozenset[str]:
        """The glossary terms a filled stem uses (found once per form)."""
        if id(form) not in self.terms:
            pattern = self.essay.terms
            found = frozenset(pattern.findall(form.text.lower())) if pattern else frozenset()
            self.terms[id(form)] = found
        return self.terms[id(form)]

    def best(
        self,
        level: str | None,
        allowed: Callable[[_Candidate], bool],
        bonus: _Bonus,
    ) -> _Candidate | None:
        """The allowed candidate at `level` (any if None) with the highest (score + bonus, id).

        Args:
            level: The Bloom level wanted, or None for any.
            allowed: Whether a candidate may join the questions picked so far.
            bonus: What a candidate's paragraph number and terms add to its score.
        """
        best: _Candidate | None = None
        best_key = (-math.inf, "")
        for qid in self.ranked.get(level, ()):
            if self.scores[qid] + bonus.limit < best_key[0] - _SLACK:
                break  # ranked by score: no later question can win either
            forms = self.forms[qid]
            if len(forms) == 1:
                form: _Filled | None = forms[0]
            else:
                # The question's candidate is its first form that passes the checks.
                form = next((f for f in forms if self._passes(f)), None)
            if form is None or (level is not None and form.stem.level != level):
                continue
            number = form.claim.sentence.paragraph
            if form.score + bonus.most(number) < best_key[0] - _SLACK:
                continue
            key = (form.score + bonus(number, self._terms(form)), qid)
            if key <= best_key:
                continue
            candidate = self._make(qid, form)
            # Checked last: most questions lose on their value or are not allowed.
            if not allowed(candidate) or not self._passes(form):
                continue
            best, best_key = candidate, key
        return best


class _Bonus:
    """What a question from paragraph `number` using `terms` gains, given those picked.

    `most` bounds it before the terms are known, `limit` for any question.
    """

    def __init__(self, picked: Sequence[_Candidate], last: int) -> None:
        self.last = last
        self.used = [p.claim.sentence.paragraph for p in picked]
        self.ends_used = any(u in (0, last) for u in self.used)
        self.picked_terms = {t for p in picked for t in p.terms}
        self.limit = (0.0 if self.ends_used else 1.0) + 1.0 + 0.3

    def _paragraph(self, number: int) -> float:
        value = -1.5 * self.used.count(number)
        if number in (0, self.last) and not self.ends_used:
            value += 1.0
        return value

    def most(self, number: int) -> float:
        """The largest bonus a question from paragraph `number` can have, whatever its terms."""
        return self._paragraph(number) + 1.0 + 0.3

    def __call__(self, number: int, terms: frozenset[str]) -> float:
        value = self._paragraph(number)
        # A glossary term no picked question uses yet: questions should use the vocabulary.
        if terms - self.picked_terms:
            value += 1.0
        return value + 0.3 * bool(terms)


def _pick(candidates: _Candidates, count: int, paragraphs: int) -> list[_Candidate]:
    picked: list[_Candidate] = []
    max_opening = max(2, math.floor(0.4 * count))
    plan = [LEVEL_PLAN[i % len(LEVEL_PLAN)] for i in range(count)]
    last = paragraphs - 1

    def allowed(c: _Candidate) -> bool:
        if any(p.question.stem == c.question.stem for p in picked):
            return False
        if any(p.claim.sentence == c.claim.sentence for p in picked):
            return False
        if sum(p.opening == c.opening for p in picked) >= max_opening:
            return False
        for p in picked:
            union = p.content | c.content
            if union and len(p.content & c.content) / len(union) > MAX_JACCARD:
                return False
        return True

    for level in plan:
        bonus = _Bonus(picked, last)
        for wanted in (level, None):
            found = candidates.best(wanted, allowed, bonus)
            if found is not None:
                picked.append(found)
                break
    return picked


def generate_questions(
    paragraphs: Sequence[Paragraph],
    *,
    terms: Sequence[str] = (),
    count: int = 6,
    citations: Mapping[str, str] | None = None,
    hidden: Collection[str] = (),
    stems: Stems | None = None,
    matcher: TermMatcher | None = None,
) -> list[Question]:
    """Discussion questions for one essay: `generate(...).questions` as a list."""
    found = generate(
        paragraphs,
        terms=terms,
        count=count,
        citations=citations,
        hidden=hidden,
        stems=stems,
        matcher=matcher,
    )
    return list(found.questions)


def generate(
    paragraphs: Sequence[Paragraph],
    *,
    terms: Sequence[str] = (),
    count: int = 6,
    citations: Mapping[str, str] | None = None,
    hidden: Collection[str] = (),
    stems: Stems | None = None,
    matcher: TermMatcher | None = None,
) -> Generated:
    """Discussion questions for one essay, from understanding to creating.

    Args:
        paragraphs: The page's paragraphs, as plain text with their anchors.
            Citations may be Pandoc `[@key]` groups or author-year parentheses.
        terms: Glossary terms (every alias counts).
        count: How many questions to pick.
        citations: Labels for cited keys (`{"mill1859": "Mill, 1859"}`).
        hidden: Ids of questions the instructor has hidden; others take their place.
        stems: Question stems; the shipped English ones by default.
        matcher: A prebuilt matcher for `terms` (build it once per site).

    Returns:
        Up to `count` questions, ordered from the lowest Bloom level to the
        highest, then by paragraph; and the ids in `hidden` that no candidate had.
    """
    if count <= 0 or not paragraphs:
        return Generated((), tuple(hidden))
    stems = stems or default_stems()
    matcher = matcher or TermMatcher.build(terms)
    sentences = split_sentences(list(paragraphs))
    claims = analyse(sentences, matcher)
    essay = EssayIndex.build((p.text for p in paragraphs), matcher.terms)
    candidates = _Candidates(claims, stems, essay, citations or {}, frozenset(hidden))
    picked = _pick(candidates, count, len(paragraphs))
    picked.sort(
        key=lambda c: (
            BLOOM_LEVELS.index(c.question.bloom),
            c.claim.sentence.paragraph,
            c.claim.sentence.position,
            c.question.id,
        )
    )
    unknown = tuple(h for h in hidden if h not in candidates.seen_hidden)
    return Generated(tuple(c.question for c in picked), unknown)
