"""`seminar check` output formats on fixed problems: exact text, JSON and annotations."""

from __future__ import annotations

import json

import pytest

from seminar.check import Problem, exit_code, render

ERROR = Problem("docs/a, b.md", 4, "error", "100% wrong: two\nlines", "do this")
WARNING = Problem("references.bib", None, "warning", "unused?", "")


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (
            "text",
            "docs/a, b.md:4: error: 100% wrong: two\nlines\n    Fix: do this\n"
            "references.bib: warning: unused?\n"
            "seminar check: 1 error, 1 warning in 3 pages.\n",
        ),
        (
            "github",
            "::error file=docs/a%2C b.md,line=4,title=seminar check::100%25 wrong: two%0Alines. "
            "Fix: do this\n"
            "::warning file=references.bib,title=seminar check::unused?\n"
            "seminar check: 1 error, 1 warning in 3 pages.\n",
        ),
    ],
)
def test_formats(output, expected):
    assert render([ERROR, WARNING], 3, output) == expected


def test_json_round_trips():
    document = json.loads(render([ERROR, WARNING], 3, "json"))
    assert [Problem(**p) for p in document["problems"]] == [ERROR, WARNING]
    assert (document["errors"], document["warnings"], document["pages"]) == (1, 1, 3)


@pytest.mark.parametrize(
    ("problems", "code"), [([], 0), ([WARNING], 0), ([ERROR], 1), ([WARNING, ERROR], 1)]
)
def test_exit_code(problems, code):
    assert exit_code(problems) == code


def test_a_clean_course_in_every_format():
    assert render([], 1, "text") == "seminar check: no problems in 1 page.\n"
    assert render([], 2, "github") == "seminar check: no problems in 2 pages.\n"
    assert json.loads(render([], 2, "json")) == {
        "problems": [],
        "errors": 0,
        "warnings": 0,
        "pages": 2,
    }
