"""Reading a page's paragraphs, a glossary's terms and a page's front matter."""

from __future__ import annotations

import pytest

from seminar.questions import Paragraph
from seminar.questions.glossary_terms import glossary_terms
from seminar.questions.html import read_paragraphs
from seminar.questions.settings import page_settings


@pytest.mark.parametrize(
    ("html", "paragraphs", "labels"),
    [
        ('<p id="p-1">One.</p>\n<p id="p-2">Two.</p>', [("p-1", "One."), ("p-2", "Two.")], {}),
        ('<h1>T</h1><ul><li><p>No.</p></li></ul><p id="p-1">Yes.</p>', [("p-1", "Yes.")], {}),
        ("<blockquote><p>Quoted.</p></blockquote><p>Own.</p>", [("p-1", "Own.")], {}),
        (
            '<p id="p-1">A <a class="seminar-term" href="#t">term</a> here<sup id="fnref:1">'
            '<a href="#fn:1">1</a></sup>.</p>',
            [("p-1", "A term here.")],
            {},
        ),
        (
            '<p id="p-1">True <span class="citation" data-cites="mill1859">'
            '(<a href="#ref-mill1859">Mill, 1859</a>)</span>. Next.</p>',
            [("p-1", "True [@mill1859] . Next.")],
            {"mill1859": "Mill, 1859"},
        ),
        (
            '<p id="p-1">Placeholder <span class="citation" data-cites="k" data-seminar-cite="0">'
            "[@k, p. 3]</span> here.</p>",
            [("p-1", "Placeholder [@k] here.")],
            {},
        ),
        (
            '<p id="p-1">Both <span class="citation" data-cites="a b">(A, 1; B, 2)</span>.</p>',
            [("p-1", "Both [@a; @b] .")],
            {},
        ),
        (
            '<p id="p-1">Raw [@key] citation &amp; more.</p>',
            [("p-1", "Raw [@key] citation & more.")],
            {},
        ),
        ('<p id="mine">Custom id.</p><p></p>', [("mine", "Custom id.")], {}),
    ],
)
def test_read_paragraphs(html, paragraphs, labels):
    prose = read_paragraphs(html)
    assert prose.paragraphs == [Paragraph(a, t) for a, t in paragraphs]
    assert prose.labels == labels


GLOSSARY = """\
# Glossary

Some *introduction* text.

Individualism
Individualist
:   A moral outlook.

    More about it.

*Self-reliance*
:   Depending on oneself.

```text
Not a term
:   inside code
```

- a list item
"""


def test_glossary_terms_are_the_definition_list_terms_and_aliases():
    assert glossary_terms(GLOSSARY) == ["Individualism", "Individualist", "Self-reliance"]


@pytest.mark.parametrize(
    ("value", "enabled", "count", "hide", "added", "problems"),
    [
        (None, None, None, (), [], []),
        (False, False, None, (), [], []),
        (True, True, None, (), [], []),
        ({"count": 3}, True, 3, (), [], []),
        ({"hide": "q-12345678"}, True, None, ("q-12345678",), [], []),
        ({"hide": ["q-1", "q-2"]}, True, None, ("q-1", "q-2"), [], []),
        (
            {"add": ["How does this reading answer last week's?"]},
            True,
            None,
            (),
            [("How does this reading answer last week's?", "understand", "")],
            [],
        ),
        (
            {"add": [{"text": "Is  it fair?", "bloom": "evaluate", "paragraph": 3}]},
            True,
            None,
            (),
            [("Is it fair?", "evaluate", "p-3")],
            [],
        ),
        ("yes", None, None, (), [], ["'questions' must be true, false or a mapping"]),
        ({"count": 20}, True, None, (), [], ["questions.count must be a number from 0 to 12"]),
        ({"cont": 2}, True, None, (), [], ["unknown key(s) under 'questions': cont"]),
        ({"hide": [1]}, True, None, (), [], ["questions.hide must be a list of question ids"]),
        ({"add": [3]}, True, None, (), [], ["questions.add item 1: expected a question"]),
        (
            {"add": [{"text": "Why?", "bloom": "ponder"}]},
            True,
            None,
            (),
            [("Why?", "understand", "")],
            ["unknown bloom level 'ponder'"],
        ),
        (
            {"add": [{"text": "Why?", "paragraph": "two"}]},
            True,
            None,
            (),
            [("Why?", "understand", "")],
            ["'paragraph' must be a paragraph number"],
        ),
    ],
)
def test_front_matter(value, enabled, count, hide, added, problems):
    settings = page_settings(value)
    assert (settings.enabled, settings.count, settings.hide) == (enabled, count, hide)
    assert [(q.text, q.bloom, q.paragraph) for q in settings.add] == added
    assert len(settings.problems) == len(problems)
    for problem, expected in zip(settings.problems, problems, strict=True):
        assert expected in problem
