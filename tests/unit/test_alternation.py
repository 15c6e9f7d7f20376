"""Faster matching that matches exactly what the plain regular expressions match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.alternation import literal_alternation
from seminar.questions.analysis import _CUE_TEXTS, CUES, _has_cue


def flat(words: list[str], space: str) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", space) for w in ordered)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["one"], "one"),
        # Longer words first, and a word that ends where another goes on is the last branch.
        (["the", "then", "there"], "the(?:re|n|)"),
        (["a", "a b"], "a(?: b|)"),
        (["liberty", "liberal", "Liberty"], "Liberty|liber(?:al|ty)"),
        (["a.b", "a+"], r"a(?:\.b|\+)"),
    ],
)
def test_a_trie_shares_the_beginnings_of_words(words, expected):
    assert literal_alternation(words) == expected


def test_case_folded_words_share_a_branch_and_spaces_take_the_given_regex():
    assert literal_alternation(["Mill", "mill's view"], space=r"\s+", ignore_case=True) == (
        r"mill(?:'s\s+view|)"
    )


def test_non_ascii_words_without_case_stay_a_flat_alternation():
    words = ["\u00e9tat", "\u00c9tat civil"]
    assert literal_alternation(words, space=r"\s+", ignore_case=True) == flat(words, r"\s+")


#: Few letters, so that words share beginnings and turn up in the text.
ASCII = ["a", "b", "k", "s", "A", "B", "K", "S", "-", "'", "1"]
#: The text also has letters that fold to ASCII ones (Kelvin sign, long s) and some that do not.
OTHERS = ["\u212a", "\u017f", "\u00e9", "\u00c9", " ", "\n"]
WORDS = st.lists(
    st.lists(st.sampled_from(ASCII), min_size=1, max_size=4).map("".join), min_size=1, max_size=3
).map(" ".join)
SOME_NON_ASCII = st.lists(
    st.lists(st.sampled_from(ASCII + OTHERS[:4]), min_size=1, max_size=4).map("".join),
    min_size=1,
    max_size=3,
).map(" ".join)
TEXT = st.lists(st.sampled_from(ASCII + OTHERS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS | SOME_NON_ASCII, min_size=1, max_size=8, unique=True), text=TEXT)
def test_the_trie_finds_what_the_flat_alternation_finds(words, text):
    # The two contexts the generator uses: glossary terms in a sentence, and in a question.
    for space, flags, before, after in [
        (r"\s+", re.IGNORECASE, r"(?<![\w-])", r"(?![\w-])"),
        (" ", 0, r"\b", r"\b"),
    ]:
        ignore_case = bool(flags)
        body = literal_alternation(words, space=space, ignore_case=ignore_case)
        trie = re.compile(f"{before}(?:{body}){after}", flags)
        plain = re.compile(f"{before}(?:{flat(words, space)}){after}", flags)
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_cue_has_texts_to_look_for_first():
    assert all(texts is not None for texts in _CUE_TEXTS.values())
    assert "lead" in (_CUE_TEXTS["cause"] or ())  # "leads? to": the optional "s" is dropped
    assert "e.g." in (_CUE_TEXTS["example"] or ())


CUE_PIECES = st.sampled_from(
    ["lead", "leads to", "e.g.", "e.g.x", "i.e.", "but", "butter", "that is", "so that", "refer",
     "refers to", "consists in", "thus", "the", " ", ",", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(CUE_PIECES, max_size=12).map("".join))
def test_looking_for_cue_texts_first_finds_what_the_cue_finds(text):
    for kind, cue in CUES.items():
        assert _has_cue(kind, text) == bool(cue.search(text)), kind
