"""The generator on real essays of different styles, judged by the rubric oracle."""

from __future__ import annotations

import math
from pathlib import Path

import jinja2
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.paragraphs import ParagraphAnchorsExtension
from seminar.questions import Paragraph, generate, generate_questions, question_id
from seminar.questions.checks import EssayIndex, bloom_level, failures
from seminar.questions.glossary_terms import glossary_terms
from seminar.questions.html import read_paragraphs
from seminar.questions.stems import StemError, load_stems
from seminar.questions.text import split_sentences
from tests.conftest import DATA, REPO
from tests.questions_rubric import check, markdown_paragraphs

ESSAYS = DATA / "essays"


def essay_markdown(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def page_paragraphs(path: Path) -> list[Paragraph]:
    """The paragraphs as the plugin reads them: rendered Markdown, then the HTML parser."""
    html = markdown.markdown(
        essay_markdown(path), extensions=["attr_list", "footnotes", ParagraphAnchorsExtension()]
    )
    return read_paragraphs(html).paragraphs


def cases() -> list[tuple[Path, list[str]]]:
    showcase = (REPO / "docs/essay.md", glossary_terms((REPO / "docs/glossary.md").read_text()))
    others = [
        (path, path.with_suffix(".terms.txt").read_text(encoding="utf-8").split("\n"))
        for path in sorted(ESSAYS.glob("*.md"))
    ]
    return [showcase, *[(p, [t for t in terms if t]) for p, terms in others]]


CASES = cases()
IDS = [path.stem for path, _ in CASES]


def test_there_are_four_essays_of_other_styles_besides_the_showcase():
    assert sorted(IDS[1:]) == ["first-person", "long-paragraphs", "on-liberty", "rhetorical"]
    for path, terms in CASES:
        assert len(terms) >= 5, path
        assert len(markdown_paragraphs(essay_markdown(path))) >= 2, path


@pytest.mark.parametrize(("path", "terms"), CASES, ids=IDS)
def test_six_questions_pass_every_hard_check(path, terms):
    questions = generate_questions(page_paragraphs(path), terms=terms, count=6)
    texts = [q.text for q in questions]
    report = check(markdown_paragraphs(essay_markdown(path)), texts, terms)
    assert report.failures == {}, (texts, report.failures)
    assert len(questions) == 6
    higher = [q for q in questions if q.bloom in {"analyze", "evaluate", "create"}]
    assert len(higher) >= 3
    # The level each question shows is the level its cue words give it.
    assert [q.bloom for q in questions] == report.levels


@pytest.mark.parametrize(("path", "terms"), CASES, ids=IDS)
@pytest.mark.parametrize("count", [4, 8, 10])
def test_other_counts_pass_every_hard_check(path, terms, count):
    questions = generate_questions(page_paragraphs(path), terms=terms, count=count)
    report = check(markdown_paragraphs(essay_markdown(path)), [q.text for q in questions], terms)
    assert report.failures == {}, report.failures
    assert len(questions) == count
    assert sum(q.bloom in {"analyze", "evaluate", "create"} for q in questions) >= math.ceil(
        count / 2
    )


@pytest.mark.parametrize(("path", "terms"), CASES, ids=IDS)
def test_sources_are_sentences_of_the_paragraph_they_link_to(path, terms):
    paragraphs = {p.anchor: " ".join(p.text.split()) for p in page_paragraphs(path)}
    for question in generate_questions(page_paragraphs(path), terms=terms):
        words = question.source.rstrip(".?!").split()
        assert " ".join(words[-4:]) in paragraphs[question.paragraph], question


def test_first_person_never_leaks_outside_quotations():
    path = ESSAYS / "first-person.md"
    essay_words = essay_markdown(path).split()
    assert essay_words.count("I") >= 10  # the essay really is in the first person
    for question in generate_questions(page_paragraphs(path), count=10):
        outside = question.text.split('"')[::2]
        assert not {"I", "me", "my", "we", "our", "us"} & set(" ".join(outside).split())


def test_questions_of_the_plain_text_source_with_author_year_citations():
    lines = (DATA / "essay.txt").read_text(encoding="utf-8").split("\nReference\n")[0].splitlines()
    paragraphs = [Paragraph(f"p-{n}", line) for n, line in enumerate(lines, 1)]
    terms = glossary_terms((REPO / "docs/glossary.md").read_text(encoding="utf-8"))
    questions = generate_questions(paragraphs, terms=terms)
    assert check(lines, [q.text for q in questions], terms).failures == {}
    assert not any("Bandinelli" in q.text and "(" not in q.text for q in questions)


def test_ids_are_derived_from_the_text_and_hiding_one_brings_in_another():
    paragraphs = page_paragraphs(REPO / "docs/essay.md")
    first = generate_questions(paragraphs)
    assert all(q.id == question_id(q.text) for q in first)
    assert len({q.id for q in first}) == len(first)
    hidden = first[2].id
    result = generate(paragraphs, hidden=[hidden, "q-00000000"])
    assert hidden not in {q.id for q in result.questions}
    assert len(result.questions) == len(first)
    assert result.unknown_hidden == ("q-00000000",)
    # The others keep their ids: ids do not depend on position.
    assert len({q.id for q in first} & {q.id for q in result.questions}) >= 4


def test_editing_one_paragraph_keeps_the_ids_of_questions_from_the_others():
    paragraphs = page_paragraphs(REPO / "docs/essay.md")
    before = {q.id: q for q in generate_questions(paragraphs, count=8)}
    edited = [*paragraphs[:-1], Paragraph(paragraphs[-1].anchor, "A new last paragraph.")]
    after = {q.id: q for q in generate_questions(edited, count=8)}
    kept = [i for i, q in before.items() if q.paragraph != paragraphs[-1].anchor]
    assert kept
    assert all(before[i].text == after[i].text for i in kept if i in after)


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_small_counts_and_no_text(count):
    paragraphs = page_paragraphs(REPO / "docs/essay.md")
    assert len(generate_questions(paragraphs, count=count)) == count
    assert generate_questions([], count=6) == []


def test_no_candidates_when_the_text_has_no_argument():
    assert generate_questions([Paragraph("p-1", "Hello.")]) == []


def test_a_site_can_reword_the_stems(tmp_path):
    (tmp_path / "partials/seminar").mkdir(parents=True)
    (tmp_path / "partials/seminar/question-stems.html").write_text(
        "{% macro evaluate_conclusion(claim) -%}\n"
        'How convincing do you find the verdict that "{{ claim }}", all things considered?\n'
        "{%- endmacro %}\n"
        "{% macro analyze_any(quote) -%}\n"
        'Which assumptions lie behind the words "{{ quote }}" in this reading?\n'
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    stems = load_stems(jinja2.FileSystemLoader([str(tmp_path)]))
    assert [s.name for s in stems.stems] == ["analyze_any", "evaluate_conclusion"]
    questions = generate_questions(page_paragraphs(REPO / "docs/essay.md"), stems=stems)
    assert questions
    openings = ("How convincing do you find the verdict that", "Which assumptions lie behind")
    assert all(q.text.startswith(openings) for q in questions)
    assert {q.stem for q in questions} <= {"analyze_any", "evaluate_conclusion"}


def test_a_language_specific_stems_file_wins(tmp_path):
    (tmp_path / "partials/seminar").mkdir(parents=True)
    (tmp_path / "partials/seminar/question-stems.fr.html").write_text(
        "{% macro analyze_any(quote) -%}\nQuelles hypothèses sous-tendent « {{ quote }} » ?\n"
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    loader = jinja2.FileSystemLoader([str(tmp_path), str(REPO / "plugins/seminar/templates")])
    assert [s.name for s in load_stems(loader, "fr").stems] == ["analyze_any"]
    assert len(load_stems(loader, "de").stems) > 20


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% macro ponder_any(quote) %}x{% endmacro %}", "macro 'ponder_any' must be named"),
        ("{% macro analyze_any(quote) %}x{% endmacro", "question-stems.html:1"),
        ("no macros here", "no question stems"),
    ],
)
def test_broken_stems_are_reported_with_the_file(tmp_path, source, message):
    (tmp_path / "partials/seminar").mkdir(parents=True)
    (tmp_path / "partials/seminar/question-stems.html").write_text(source, encoding="utf-8")
    with pytest.raises(StemError, match=message):
        load_stems(jinja2.FileSystemLoader([str(tmp_path)]))


@pytest.mark.parametrize(
    ("question", "failed"),
    [
        ("Why individualism?", ["length"]),
        ("Is individualism the central principle of the essay about society?", ["open"]),
        ("It leads to what, according to the essay about individualism?", ["vague opener"]),
        ('Why does the essay say that "society is the only source of value"?', ["verbatim"]),
        ("Why did I fail to see the point of individualism in this essay?", ["first person"]),
        ("What does the weather in your town look like this spring?", ["grounded"]),
    ],
)
def test_the_generators_filter_rejects_bad_questions(question, failed):
    paragraphs = [p.text for p in page_paragraphs(REPO / "docs/essay.md")]
    assert failures(question, EssayIndex.build(paragraphs, ["individualism"])) == failed


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("Why does the essay begin with the individual?", "analyze"),
        ("Why is the individual first in the essay?", "understand"),
        ("How would you design a class project about it?", "create"),
        ("To what extent is the conclusion supported?", "evaluate"),
        ("Where in your own experience have you seen this?", "apply"),
        ("Which paragraph names the principle?", "remember"),
    ],
)
def test_bloom_level_from_cue_words(question, level):
    assert bloom_level(question) == level


SENTENCES = sorted({s.text for path, _ in CASES for s in split_sentences(page_paragraphs(path))})
ALL_TERMS = sorted({t for _, terms in CASES for t in terms})


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), min_size=1, max_size=6),
    st.lists(st.sampled_from(ALL_TERMS), max_size=8),
    st.integers(min_value=1, max_value=12),
)
def test_any_mix_of_sentences_gives_only_questions_that_pass_the_per_question_checks(
    blocks, terms, count
):
    paragraphs = [Paragraph(f"p-{n}", " ".join(b)) for n, b in enumerate(blocks, 1)]
    questions = generate_questions(paragraphs, terms=terms, count=count)
    assert len(questions) <= count
    report = check([p.text for p in paragraphs], [q.text for q in questions], terms)
    per_question = {k: v for k, v in report.failures.items() if int(k.split()[0]) <= 9}
    assert per_question == {}
    assert len({q.id for q in questions}) == len(questions)
