"""`seminar new`, run as a user runs it, and the course it writes built for real."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.htmltext import page_text

SCRIPT = Path(sys.executable).with_name("seminar")


def seminar(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_new_writes_a_course_and_says_what_next(tmp_path):
    result = seminar("new", tmp_path / "ethics", "--title", "Ethics 101")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"Created a course in {tmp_path / 'ethics'} (11 files):" in result.stdout
    assert "  .github/workflows/pages.yml\n" in result.stdout
    assert "make serve" in result.stdout
    assert "make test" in result.stdout
    assert (tmp_path / "ethics/docs/essay.md").is_file()


def test_new_refuses_to_overwrite_and_names_the_files(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (folder / "references.bib").write_text("% mine\n", encoding="utf-8")

    refused = seminar("new", folder)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.startswith("seminar new: ")
    assert "would be overwritten: mkdocs.yml, references.bib." in refused.stderr
    assert "--force" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["mkdocs.yml", "references.bib"]
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"

    forced = seminar("new", folder, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") != "site_name: Mine\n"
    assert (folder / "docs/index.md").is_file()


def test_new_into_the_current_folder(tmp_path):
    folder = tmp_path / "intro-to-logic"
    folder.mkdir()
    result = seminar("new", ".", cwd=folder)
    assert result.returncode == 0, result.stderr
    config = load_config(str(folder / "mkdocs.yml"))
    assert config.site_name == "Intro to logic"


def test_new_without_a_folder_is_a_usage_error():
    result = seminar("new")
    assert result.returncode == 2
    assert "usage: seminar new" in result.stderr
    assert "DIR" in result.stderr


def test_new_is_listed_in_help():
    result = seminar("--help")
    assert result.returncode == 0
    assert "new" in result.stdout
    assert "start a new course repository" in result.stdout


@pytest.mark.parametrize(
    "title",
    ["Ethics 101", "Ethics: an introduction", 'The "good" life', "# Hash", "- dash", "Über Kant"],
)
def test_any_title_becomes_the_site_name(tmp_path, title):
    folder = tmp_path / "course"
    assert seminar("new", folder, "--title", title).returncode == 0
    assert load_config(str(folder / "mkdocs.yml")).site_name == title


class _Definitions(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.dt = self.dd = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.dt += tag == "dt"
        self.dd += tag == "dd"


def test_the_new_course_builds_strictly_with_this_checkout(tmp_path, build_site):
    """Quick feedback with the dev install; test_dist.py builds it from the wheel."""
    folder = tmp_path / "course"
    assert seminar("new", folder, "--title", "Argument and Evidence").returncode == 0
    site = build_site(folder, strict=True)
    for page in ("index.html", "essay/index.html", "glossary/index.html", "references/index.html"):
        assert (site / page).is_file(), page
    assert "What Makes an Argument" in page_text(site, "essay/index.html")
    assert "Argument and Evidence" in page_text(site, "index.html")
    counter = _Definitions()
    counter.feed((site / "glossary/index.html").read_text(encoding="utf-8"))
    assert counter.dd == 4
    assert counter.dt == 7
    html = (site / "essay/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html
