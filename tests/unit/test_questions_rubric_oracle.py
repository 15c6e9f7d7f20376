"""The test oracle itself: the rubric's own good and bad examples."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from tests.questions_rubric import check

ESSAY = (DATA / "essay.txt").read_text(encoding="utf-8").split("\nReference\n")[0].splitlines()
TERMS = ["individualism", "collectivism", "sovereignty of the individual", "social cooperation"]

GOOD = [
    'What does the author mean by calling society "derivative", and how does that idea follow '
    'from "the sovereignty of the individual"?',
    'The essay argues that "a normatively binding list of needs and goals" blocks voluntary '
    "cooperation under collectivism. What assumptions about human motivation does this argument "
    "depend on?",
    'The conclusion calls the accusations of collectivist theorists "groundless". Given that the '
    "essay cites a single source, how convincing is this verdict, and what evidence could "
    "overturn it?",
    "Using the essay's contrast between voluntary and normatively binding cooperation, how would "
    'you design a class group project that keeps "competition and self-reliance" yet still '
    "produces real collaboration?",
]


def test_the_rubric_examples_pass_every_hard_check():
    report = check(ESSAY, GOOD, TERMS)
    assert report.failures == {}
    assert report.levels == ["understand", "analyze", "evaluate", "create"]


@pytest.mark.parametrize(
    ("question", "failed"),
    [
        ("Why individualism?", "2 length"),
        ("Is individualism the central principle of the essay about society?", "4 open"),
        ("What do you think about the weather in your town this spring?", "5 grounded"),
        ("Why did I fail to see the point of individualism in this essay?", "8 first person"),
        ("It leads to what, according to the essay about individualism?", "7 vague opener"),
        ('Why does the essay say "society is the only source of value"?', "6 verbatim"),
        (
            "How does the essay link individualism to cooperation between people and the?",
            "3 well-formed",
        ),
        (
            '"individualism does not mean denying the importance of society" is claimed where?',
            "1 form",
        ),
        (
            'Why "individualism does not mean denying the importance of society or decreasing"?',
            "9 own framing",
        ),
    ],
)
def test_a_bad_question_fails_the_intended_check(question, failed):
    report = check(ESSAY, [question], TERMS)
    assert failed in report.failures, report.failures


def test_near_duplicates_and_a_one_level_set_fail_the_set_checks():
    near = [
        "What does the essay say about individualism and cooperation between people?",
        "What does the essay say about individualism and cooperation among people?",
        "What does the essay say about individualism and social cooperation?",
        "What does the essay say about collectivism and cooperation between people?",
    ]
    report = check(ESSAY, near, TERMS)
    assert "12 diversity" in report.failures
    assert "11 Bloom spread" in report.failures
    assert set(report.levels) == {"remember"}
    assert "10 count" in check(ESSAY, near[:2], TERMS).failures
