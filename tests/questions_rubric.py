"""The discussion-question rubric, as this project's own test oracle.

Written from the rubric's text (checks 1-12; 16, determinism, is run by the
tests with two `PYTHONHASHSEED` values), independently of the generator's own
filter in `seminar.questions.checks`, so that a bug in one is caught by the other.

Inputs: the essay's body paragraphs, the glossary terms, and the questions.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

STOP = frozenset(
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
AUXILIARY = frozenset(
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
VAGUE = frozenset(
    ["it", "this", "that", "they", "he", "she", "these", "those", "its", "their", "his", "her"]
)
FIRST_PERSON = frozenset(
    ["i", "me", "my", "mine", "we", "our", "ours", "us", "myself", "ourselves"]
)
OPEN_STEMS = ("why", "how", "what", "in what way", "to what extent", "which", "explain",
              "compare", "describe", "whose", "who")  # fmt: skip
LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")
CUES = {
    "create": r"\b(design|propose|imagine|invent|construct|rewrite|devise|formulate|"
    r"what would happen if|suggest an alternative)\b",
    "evaluate": r"\b(how convincing|to what extent|justify|assess|evaluate|judge|defend|critique|"
    r"strongest|weakest|is it fair|how (valid|persuasive|fair|reasonable)|do you agree|"
    r"would you agree|should)\b",
    "analyze": r"\b(compare|contrast|distinguish|differ|relationship|relate|assumptions?|evidence|"
    r"what role|why does the (author|essay|writer)|cause|tension|reconcile|implies?|depend)\b",
    "apply": r"\b(apply|how would you use|example from|today|your own (experience|life)|modern|"
    r"in a situation|case of)\b",
    "understand": r"\b(what does .* mean|explain|summari[sz]e|in your own words|describe|"
    r"paraphrase|main idea|what is meant)\b|^(why|how)\b",
}


def normal(text: str) -> str:
    """Straight quotes, single spaces."""
    for curly, straight in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", normal(text).lower())


def content(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 3 and w not in STOP}


def quoted(question: str) -> list[str]:
    return [q.strip() for q in re.findall(r'"([^"]+)"', normal(question))]


def level(question: str) -> str:
    lower = normal(question).lower()
    for name in ("create", "evaluate", "analyze", "apply", "understand"):
        if re.search(CUES[name], lower):
            return name
    return "remember"


def has_term(question: str, terms: list[str]) -> bool:
    lower = normal(question).lower()
    return any(re.search(rf"\b{re.escape(normal(t).lower())}\b", lower) for t in terms)


@dataclass
class Report:
    """Failed checks: check name → the questions (or a description) that fail it."""

    failures: dict[str, list[str]] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)

    def fail(self, check: str, what: str) -> None:
        self.failures.setdefault(check, []).append(what)

    @property
    def passed(self) -> bool:
        return not self.failures


def check_question(q: str, essay: str, terms: list[str], report: Report) -> None:
    """Checks 1-9 for one question; `essay` is the normalised lower-case essay text."""
    n = normal(q)
    toks = words(q)
    if not (n[:1].isupper() or (n[:1] == '"' and n[1:2].isupper())):
        report.fail("1 form", q)
    if not n.endswith("?") or not 1 <= n.count("?") <= 2 or " ?" in n:
        report.fail("1 form", q)
    if not 8 <= len(n.split()) <= 45:
        report.fail("2 length", q)
    markup = any(mark in n for mark in "*_#{}<>\\") or "[@" in n
    if (
        n.count('"') % 2
        or n.count("(") != n.count(")")
        or n.count("[") != n.count("]")
        or markup
        or not toks
        or toks[-1] in DANGLING
        or re.search(r"\b(\w+) \1\b", n.lower())
    ):
        report.fail("3 well-formed", q)
    lower = n.lower()
    if toks and toks[0] in AUXILIARY:
        if not re.search(r"(,|;|\band)\s+(why|how|in what|to what extent|what)\b", lower) and (
            "why or why not" not in lower
        ):
            report.fail("4 open", q)
    elif not (
        any(stem in " ".join(toks[:6]) for stem in OPEN_STEMS)
        or re.search(r"\b(why|how|what)\b", lower)
    ):
        report.fail("4 open", q)
    spans = [s for s in quoted(q) if len(s.split()) >= 2]
    essay_words = " " + " ".join(words(essay)) + " "
    shared = any(
        f" {a} {b} {c} " in essay_words and not {a, b, c} <= STOP
        for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)
    )
    if not (has_term(q, terms) or any(s.lower() in essay for s in spans) or shared):
        report.fail("5 grounded", q)
    if any(s.lower() not in essay for s in spans):
        report.fail("6 verbatim", q)
    if toks and toks[0] in VAGUE:
        report.fail("7 vague opener", q)
    if set(words(re.sub(r'"[^"]*"', " ", n))) & FIRST_PERSON:
        report.fail("8 first person", q)
    if sum(len(s.split()) for s in quoted(q)) > 0.6 * len(n.split()):
        report.fail("9 own framing", q)


def check(paragraphs: list[str], questions: list[str], terms: list[str]) -> Report:
    """All hard checks (1-12) of a set of questions for one essay."""
    report = Report()
    essay = normal(" ".join(paragraphs)).lower()
    for q in questions:
        check_question(q, essay, terms, report)
    k = len(questions)
    if not 4 <= k <= 12:
        report.fail("10 count", str(k))
    report.levels = [level(q) for q in questions]
    higher = sum(lv in {"analyze", "evaluate", "create"} for lv in report.levels)
    if not (
        len(set(report.levels)) >= 3
        and higher >= math.ceil(k / 2)
        and report.levels.count("remember") <= 0.2 * k
        and {"evaluate", "create"} & set(report.levels)
    ):
        report.fail("11 Bloom spread", ", ".join(report.levels))
    for a, b in itertools.combinations(questions, 2):
        ca, cb = content(a), content(b)
        if ca | cb and len(ca & cb) / len(ca | cb) > 0.6:
            report.fail("12 diversity", f"{a} / {b}")
    openings = [" ".join(words(q)[:3]) for q in questions]
    if openings and max(map(openings.count, openings)) > max(2, math.floor(0.4 * k)):
        report.fail("12 diversity", "shared openings")
    return report


def markdown_paragraphs(markdown: str) -> list[str]:
    """An essay's body paragraphs: blank-line blocks that are not headings or front matter."""
    if markdown.startswith("---\n"):
        markdown = markdown.split("\n---\n", 1)[1]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markdown)]
    return [normal(b) for b in blocks if b and not b.startswith(("#", "```", "|", "[^"))]
