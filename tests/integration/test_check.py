"""`seminar check` on tiny real courses in `tmp_path`: each problem with its file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seminar.check import Problem
from seminar.cli import main
from tests.conftest import DATA

SCRIPT = Path(sys.executable).with_name("seminar")

MILL = """\
@book{mill1859,
  author    = {Mill, John Stuart},
  title     = {On Liberty},
  publisher = {John W. Parker and Son},
  address   = {London},
  year      = {1859},
}
"""
HOFSTEDE = """\
@book{hofstede1980,
  author    = {Hofstede, Geert},
  title     = {Culture's Consequences},
  publisher = {Sage},
  year      = {1980},
}
"""
GLOSSARY = "# Glossary\n\nLiberty\n:   Freedom from interference.\n"
NO_QUESTIONS = "questions:\n  enabled: false"
UNKNOWN_FIX = "correct the key, or add an entry with this key to the .bib file."

#: (what is wrong, pages, .bib text, plugin options, the problems `seminar check` reports)
CASES = [
    (
        "a mistyped key, with the closest key",
        {"essay.md": "# Essay\n\nLiberty matters [@mil1859].\n\nMill said so [@mill1859].\n"},
        MILL,
        "",
        [
            Problem(
                "docs/essay.md",
                3,
                "error",
                "unknown citation key 'mil1859' — did you mean 'mill1859'?",
                UNKNOWN_FIX,
            )
        ],
    ),
    (
        "a narrative citation after front matter keeps the file's line",
        {
            "essay.md": "---\ntitle: Essay\n---\n\n# Essay\n\nLiberty [@mill1859].\n\n"
            "As @mil1859 [p. 3] put it.\n"
        },
        MILL,
        "",
        [
            Problem(
                "docs/essay.md",
                9,
                "error",
                "unknown citation key 'mil1859' — did you mean 'mill1859'?",
                UNKNOWN_FIX,
            )
        ],
    ),
    (
        "an unknown key with nothing close",
        {"essay.md": "# Essay\n\nLiberty [@mill1859; see @zzz, p. 2].\n"},
        MILL,
        "",
        [Problem("docs/essay.md", 3, "error", "unknown citation key 'zzz'", UNKNOWN_FIX)],
    ),
    (
        "keys in code and in links are not citations",
        {"essay.md": "# Essay\n\nLiberty [@mill1859], `[@nokey]` and <me@example.org>.\n"},
        MILL,
        "",
        [],
    ),
    (
        "a term defined twice",
        {
            "essay.md": "# Essay\n\nLiberty [@mill1859].\n",
            "glossary.md": GLOSSARY + "\nFreedom\n:   Liberty.\n\nLiberty\n:   Again.\n",
        },
        MILL,
        "glossary: glossary.md",
        [
            Problem(
                "docs/glossary.md",
                9,
                "error",
                "the term 'Liberty' is defined twice: at line 3 ('Liberty') and at line 9.",
                "keep one entry, or list the other form as an alias under it.",
            )
        ],
    ),
    (
        "a broken entry",
        {"essay.md": "# Essay\n\nLiberty [@mill1859].\n"},
        MILL + "\n@book{broken,\n  author = {Somebody,\n  title = {Oops},\n",
        "",
        [
            Problem(
                "references.bib",
                9,
                "error",
                "this BibTeX block does not parse (its braces do not balance: 3 '{' but 1 '}'): "
                "'@book{broken,'.",
                "check the braces, quotes and commas of this entry.",
            )
        ],
    ),
    (
        "a duplicate key",
        {"essay.md": "# Essay\n\nLiberty [@mill1859].\n"},
        MILL + "\n" + MILL,
        "",
        [
            Problem(
                "references.bib",
                9,
                "error",
                "duplicate citation key 'mill1859' (first defined at references.bib:1).",
                "give one of them another name, or delete the copy.",
            )
        ],
    ),
    (
        "an entry never cited, a term never used",
        {
            "essay.md": "# Essay\n\nLiberty [@mill1859].\n",
            "glossary.md": GLOSSARY + "\nCulture\n:   Shared ways of living.\n",
        },
        MILL + "\n" + HOFSTEDE,
        "glossary: glossary.md",
        [
            Problem(
                "docs/glossary.md",
                6,
                "warning",
                "the term 'Culture' is not used on any page",
                "use it in a reading, add the form the pages use as an alias, or remove the entry.",
            ),
            Problem(
                "references.bib",
                9,
                "warning",
                "the entry 'hofstede1980' is never cited",
                "cite it on a page (`[@hofstede1980]`), or remove it.",
            ),
        ],
    ),
    (
        "an entry type no style knows (a build warns, so --strict fails)",
        {"essay.md": "# Essay\n\nLiberty matters [@mill1859].\n"},
        MILL.replace("@book{mill1859", "@treatise{mill1859"),
        "",
        [
            Problem(
                "references.bib",
                1,
                "error",
                "entry 'mill1859' has the type '@treatise', which no style knows; it is "
                "formatted like @misc.",
                "use a standard type such as @article, @book, @incollection, @inproceedings "
                "or @misc.",
            )
        ],
    ),
    (
        "an author's link to a term the glossary does not have",
        {
            "essay.md": "# Essay\n\nLiberty.\n\nSee [virtue](glossary.md#term-virtue).\n",
            "glossary.md": GLOSSARY,
        },
        None,
        "glossary: glossary.md",
        [
            Problem(
                "docs/essay.md",
                5,
                "error",
                "the link 'glossary.md#term-virtue' points to the glossary anchor "
                "'#term-virtue', but no term has it.",
                "use the anchor shown on the glossary page, '#term-' followed by the term in "
                "lower case with hyphens.",
            )
        ],
    ),
]


def check(project: Path, *args: str) -> tuple[int, str]:
    """Run `seminar check` in the project folder as a user would."""
    result = subprocess.run(
        [str(SCRIPT), "check", *args],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout


@pytest.mark.parametrize(
    ("pages", "bib", "options", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_check_finds_each_problem_with_file_and_line(make_project, pages, bib, options, expected):
    bibliography = "" if bib is None else "bibliography: references.bib"
    project = make_project(pages, seminar=f"{bibliography}\n{options}\n{NO_QUESTIONS}", bib=bib)
    code, out = check(project, "--format", "json")
    found = [Problem(**p) for p in json.loads(out)["problems"]]
    assert found == expected
    assert code == (1 if any(p.severity == "error" for p in expected) else 0)


def essay() -> str:
    """The showcase essay's five paragraphs (about 380 words): enough for six questions."""
    return (DATA / "essay.txt").read_text(encoding="utf-8").split("\nReference\n")[0]


SHORT = "# Notes\n\nA short page of two sentences. It has too few words for questions.\n"

#: (what, pages, the problems)
QUESTION_CASES = [
    ("a long reading gets its questions", {"essay.md": "# Essay\n\n" + essay()}, []),
    (
        "a short reading gets none",
        {"notes.md": SHORT},
        [
            Problem(
                "docs/notes.md",
                None,
                "warning",
                "no discussion questions: the page has 13 words of paragraphs, fewer than "
                "min_words (150)",
                "write more, or add `questions: false` to its front matter if it is not a "
                "reading (`questions: true` asks for questions anyway).",
            )
        ],
    ),
    (
        "a page that says `questions: false`",
        {"notes.md": "---\nquestions: false\n---\n" + SHORT},
        [],
    ),
    ("the home page is not a reading", {"index.md": SHORT}, []),
    (
        "a short page that asks for questions",
        {"notes.md": "---\ntitle: Notes\nquestions: true\n---\n" + SHORT},
        [
            Problem(
                "docs/notes.md",
                3,
                "warning",
                "only 1 of 6 discussion questions can be made from this page (13 words of "
                "paragraphs)",
                "write more argument in paragraphs (lists and tables do not count), lower "
                "`count` in its front matter, or add your own under `questions: add:`.",
            )
        ],
    ),
    (
        "a front matter the build rejects",
        {"essay.md": "---\nquestions:\n  count: 40\n---\n# Essay\n\n" + essay()},
        [
            Problem(
                "docs/essay.md",
                2,
                "error",
                "questions.count must be a number from 0 to 12, got 40.",
            )
        ],
    ),
    (
        "a hidden id that matches no question",
        {"essay.md": "---\nquestions:\n  hide: [q-00000000]\n---\n# Essay\n\n" + essay()},
        [
            Problem(
                "docs/essay.md",
                2,
                "error",
                "questions.hide: 'q-00000000' matches no generated question on this page",
                "run `seminar questions docs/essay.md` to see the current ids.",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [case[1:] for case in QUESTION_CASES],
    ids=[case[0] for case in QUESTION_CASES],
)
def test_check_tells_which_readings_get_no_questions(make_project, pages, expected):
    project = make_project(pages)
    code, out = check(project, "--format", "json")
    assert [Problem(**p) for p in json.loads(out)["problems"]] == expected
    assert code == (1 if any(p.severity == "error" for p in expected) else 0)


def test_a_course_with_errors_and_warnings_in_all_three_formats(make_project):
    project = make_project(
        {
            "essay.md": "# Essay\n\nLiberty [@mil1859], said 50% of us, [@mill1859].\n",
            "glossary.md": GLOSSARY + "\nCulture\n:   Shared ways of living.\n",
        },
        seminar=f"bibliography: references.bib\nglossary: glossary.md\n{NO_QUESTIONS}",
        bib=MILL,
    )
    assert check(project) == (
        1,
        "docs/essay.md:3: error: unknown citation key 'mil1859' — did you mean 'mill1859'?\n"
        f"    Fix: {UNKNOWN_FIX}\n"
        "docs/glossary.md:6: warning: the term 'Culture' is not used on any page\n"
        "    Fix: use it in a reading, add the form the pages use as an alias, or remove the "
        "entry.\n"
        "seminar check: 1 error, 1 warning in 2 pages.\n",
    )
    assert check(project, "--format", "github") == (
        1,
        "::error file=docs/essay.md,line=3,title=seminar check::unknown citation key 'mil1859' "
        f"— did you mean 'mill1859'? Fix: {UNKNOWN_FIX}\n"
        "::warning file=docs/glossary.md,line=6,title=seminar check::the term 'Culture' is not "
        "used on any page. Fix: use it in a reading, add the form the pages use as an alias, "
        "or remove the entry.\n"
        "seminar check: 1 error, 1 warning in 2 pages.\n",
    )
    code, out = check(project, "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "problems": [
            {
                "path": "docs/essay.md",
                "line": 3,
                "severity": "error",
                "message": "unknown citation key 'mil1859' — did you mean 'mill1859'?",
                "fix": UNKNOWN_FIX,
            },
            {
                "path": "docs/glossary.md",
                "line": 6,
                "severity": "warning",
                "message": "the term 'Culture' is not used on any page",
                "fix": "use it in a reading, add the form the pages use as an alias, or remove "
                "the entry.",
            },
        ],
        "errors": 1,
        "warnings": 1,
        "pages": 2,
    }


def test_a_clean_course_exits_0_and_says_so(make_project):
    project = make_project(
        {"essay.md": "# Essay\n\n" + essay() + "\n\nLiberty [@mill1859].\n"},
        seminar="bibliography: references.bib",
        bib=MILL,
    )
    assert check(project) == (0, "seminar check: no problems in 1 page.\n")
    assert check(project, "--format", "github") == (0, "seminar check: no problems in 1 page.\n")


def test_a_configuration_error_is_reported_on_mkdocs_yml(make_project):
    project = make_project({"essay.md": "# Essay\n"}, seminar="bibliography: missing.bib")
    code, out = check(project, "--format", "github")
    assert code == 1
    first, summary = out.splitlines()
    assert first == (
        "::error file=mkdocs.yml,line=8,title=seminar check::'plugins': Plugin 'seminar' option "
        "'bibliography': the file 'missing.bib' does not exist (looked for 'missing.bib'). "
        "Fix: give the path of your .bib file relative to mkdocs.yml."
    )
    assert summary == "seminar check: 1 error, 0 warnings in 0 pages."


def test_config_option_and_paths_relative_to_the_working_folder(make_project, tmp_path):
    make_project(
        {"essay.md": "# Essay\n\nLiberty [@mil1859; @mill1859].\n"},
        seminar=f"bibliography: references.bib\n{NO_QUESTIONS}",
        bib=MILL,
    )
    code, out = check(tmp_path, "--config", "project/mkdocs.yml")
    assert code == 1
    assert out.startswith("project/docs/essay.md:3: error: unknown citation key 'mil1859'")


def test_main_returns_the_exit_code(make_project, monkeypatch, capsys):
    project = make_project({"essay.md": "# Essay\n\n[@nokey]\n"}, seminar=NO_QUESTIONS)
    monkeypatch.chdir(project)
    assert main(["check"]) == 0  # no bibliography: a warning, not an error
    assert capsys.readouterr().out == (
        "docs/essay.md:3: warning: the page cites 'nokey' but the site has no bibliography\n"
        "    Fix: set `bibliography: references.bib` under the seminar plugin in mkdocs.yml.\n"
        "seminar check: 0 errors, 1 warning in 1 page.\n"
    )


def test_the_showcase_course_has_no_error(showcase: Path):
    # The one warning is real: the glossary defines the source's own phrase, and no page
    # uses it (a page that did would copy its definition's citation into a pop-up).
    assert check(showcase) == (
        0,
        "docs/glossary.md:19: warning: the term 'Collaborative individualism' is not used on "
        "any page\n"
        "    Fix: use it in a reading, add the form the pages use as an alias, or remove the "
        "entry.\n"
        "seminar check: 0 errors, 1 warning in 10 pages.\n",
    )
