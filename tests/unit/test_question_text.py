"""Sentence splitting: exact tables, a property, and linear time."""

from __future__ import annotations

import itertools
import re
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.questions.text import Paragraph, normalise_space, sentence_spans, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        (
            "J. S. Mill wrote it in 1859. It is short.",
            ["J. S. Mill wrote it in 1859.", "It is short."],
        ),
        ("Smith et al. argue this. Others do not.", ["Smith et al. argue this.", "Others do not."]),
        (
            "Dr. Okafor saw it, e.g. in May. Then it ended.",
            ["Dr. Okafor saw it, e.g. in May.", "Then it ended."],
        ),
        (
            'He said "Stop. Think." and left. Then what?',
            ['He said "Stop. Think." and left.', "Then what?"],
        ),
        ('"Stop." He left.', ['"Stop."', "He left."]),
        ("\u201cWait. Now.\u201d she said. Fine.", ["\u201cWait. Now.\u201d she said.", "Fine."]),
        (
            "A claim (see ch. 2. Then more) holds. End.",
            ["A claim (see ch. 2. Then more) holds.", "End."],
        ),
        ("Is it so? -- asked he. Yes!", ["Is it so? -- asked he.", "Yes!"]),
        ("It is true. [@mill1859] Next one.", ["It is true. [@mill1859]", "Next one."]),
        ("It is true [see @mill1859, p. 3]. Next.", ["It is true [see @mill1859, p. 3].", "Next."]),
        ("See pp. 33-35 and vol. 2 too. Done.", ["See pp. 33-35 and vol. 2 too.", "Done."]),
        ("Item no. 5 is here. No. It is not.", ["Item no. 5 is here.", "No.", "It is not."]),
        ("Wait... and then. Go.", ["Wait... and then.", "Go."]),
        ("   ", []),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_citations_are_kept_apart_from_the_words():
    (first, second) = split_sentences(
        [Paragraph("p-1", "It seems necessary (Bandinelli & Gandini, 2019). So x [@k, p. 3] goes.")]
    )
    assert first.text == "It seems necessary."
    assert first.citations == ("(Bandinelli & Gandini, 2019)",)
    assert first.segments == ("It seems necessary",)
    assert second.segments == ("So x", "goes.")
    assert second.cited_keys == ("k",)
    assert (second.anchor, second.paragraph, second.position) == ("p-1", 0, 1)


prose = st.lists(
    st.sampled_from(
        [
            "Mr.",
            "J.",
            "S.",
            "Mill",
            "et",
            "al.",
            "said",
            '"Stop.',
            'Go."',
            "(see",
            "ch.",
            "2.)",
            "--",
            "Yes?",
            "no!",
            "Why.",
            "[@key]",
            "e.g.",
            "It",
            "is.",
            "The",
            "end.",
            "\u201cNo.\u201d",
        ]
    ),
    max_size=40,
).map(" ".join)


@given(prose)
def test_splitting_loses_and_duplicates_nothing(text):
    spans = sentence_spans(text)
    assert " ".join(text[a:b] for a, b in spans) == " ".join(text.split()) or not text.strip()
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


def test_splitting_is_linear_in_the_length_of_the_text():
    unit = 'Mill (1859) wrote that "liberty is good." However, J. S. Mill et al. disagree -- why? '
    small, large = unit * 500, unit * 4000

    def timed(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            sentence_spans(text)
            best = min(best, time.perf_counter() - start)
        return best

    ratio = timed(large) / timed(small)
    assert ratio < 16, ratio  # 8x the text: linear is ~8, quadratic would be ~64


def test_normalising_space_folds_exactly_the_white_space_of_regular_expressions():
    # normalise_space splits with str.split(); the regex \s it replaced must agree on every
    # code point, so that no paragraph's sentences change.
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\s", everything) == [c for c in everything if c.isspace()]
    text = "\u2003 Liberty\u00a0is\t\tnot\n\u2028licence \x1c(Mill,\u30001859). "
    assert normalise_space(text) == re.sub(r"\s+", " ", text).strip()
    assert normalise_space(text) == "Liberty is not licence (Mill, 1859)."
