"""`seminar questions PAGE`: the same questions as the page, byte-identical under any hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.htmltext import normalise
from tests.integration.test_questions_site import parse

SCRIPT = Path(sys.executable).with_name("seminar")


def run(*args: str, cwd: Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(SCRIPT), "questions", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_json_lists_the_questions_of_the_built_page(showcase: Path, build_site):
    result = run("docs/essay.md", "--json", cwd=showcase)
    assert result.returncode == 0, result.stderr
    questions = json.loads(result.stdout)
    assert [sorted(q) for q in questions] == [["bloom", "id", "paragraph", "source", "text"]] * 6
    site = build_site(showcase)
    page = parse(site, "essay/index.html").items
    assert [(q["id"], q["bloom"], normalise(q["text"])) for q in questions] == [
        (q["id"], q["bloom"], normalise(q["text"])) for q in page
    ]
    for question in questions:
        assert question["paragraph"].startswith("p-")
        assert question["source"].endswith((".", "?", "!"))


def test_text_output_numbers_questions_with_level_id_and_paragraph(showcase: Path):
    result = run("docs/essay.md", "--count", "4", cwd=showcase)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("1. [")
    assert lines[1].startswith("   q-")
    assert " · ¶" in lines[1]


def test_output_is_byte_identical_under_two_hash_seeds(showcase: Path):
    first = run("docs/essay.md", "--json", "--count", "8", cwd=showcase, seed="1")
    second = run("docs/essay.md", "--json", "--count", "8", cwd=showcase, seed="4242")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert len(json.loads(first.stdout)) == 8


def test_front_matter_additions_and_config_path(showcase: Path, tmp_path: Path):
    essay = showcase / "docs/essay.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_text(
        text.replace("---\n", "---\nquestions:\n  add: [How would you apply this today?]\n", 1),
        encoding="utf-8",
    )
    result = run("course/docs/essay.md", "--json", "--config", "course/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    questions = json.loads(result.stdout)
    assert len(questions) == 7
    assert questions[-1] == {
        "id": questions[-1]["id"],
        "text": "How would you apply this today?",
        "bloom": "apply",
        "paragraph": "",
        "source": "",
    }


def test_glossary_terms_are_used_and_a_terms_file_stands_in_for_a_glossary(
    showcase: Path, tmp_path: Path
):
    from seminar.questions.glossary_terms import glossary_terms

    with_glossary = run("docs/essay.md", "--json", cwd=showcase)
    yml = showcase / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("glossary: glossary.md", ""), "utf-8")
    without = run("docs/essay.md", "--json", cwd=showcase)
    terms = tmp_path / "terms.txt"
    text = (showcase / "docs/glossary.md").read_text(encoding="utf-8")
    terms.write_text("\n".join(glossary_terms(text)), encoding="utf-8")
    with_terms = run("docs/essay.md", "--json", "--terms", str(terms), cwd=showcase)
    assert with_glossary.returncode == without.returncode == with_terms.returncode == 0
    assert with_terms.stdout == with_glossary.stdout
    assert without.stdout != with_glossary.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["docs/missing.md"], "is not a page of the site"),
        (["README.md"], "is not inside docs_dir"),
        (["docs/essay.md", "--count", "40"], "--count must be from 0 to 12"),
    ],
)
def test_usage_errors(showcase: Path, args, message):
    (showcase / "README.md").write_text("x", encoding="utf-8")
    result = run(*args, cwd=showcase)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_page_without_questions_says_why(showcase: Path):
    result = run("docs/index.md", cwd=showcase)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "no discussion questions" in result.stderr
    assert json.loads(run("docs/index.md", "--json", cwd=showcase).stdout) == []


def test_built_pages_are_byte_identical_under_two_hash_seeds(showcase: Path):
    mkdocs = Path(sys.executable).with_name("mkdocs")
    pages = {}
    for seed in ("1", "987654"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [str(mkdocs), "build", "-q", "-d", f"site-{seed}"],
            cwd=showcase,
            env=env,
            check=True,
            capture_output=True,
        )
        pages[seed] = [
            (showcase / f"site-{seed}" / page).read_bytes()
            for page in ("essay/index.html", "handout/index.html")
        ]
    assert pages["1"] == pages["987654"]
    assert b'class="seminar-question"' in pages["1"][0]
