"""The handout printed by a real headless browser: one sheet per reading, room to write."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.conftest import REPO, run_build

ESSAY = (REPO / "docs/essay.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
MILL = (REPO / "tests/data/essays/on-liberty.md").read_text(encoding="utf-8")


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("printing the handout needs Chromium or Chrome: `apt-get install chromium`")


def print_pages(html: Path, pdf: Path) -> int:
    subprocess.run(
        [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def build_handout(make_project, count: int) -> Path:
    project = make_project(
        {"index.md": "# Course\n", "a.md": ESSAY, "b.md": MILL},
        seminar=f"questions:\n  count: {count}",
    )
    config = load_config(str(project / "mkdocs.yml"))
    run_build(config)
    return Path(config.site_dir) / "handout/index.html"


def test_each_reading_starts_on_a_new_sheet(make_project, tmp_path):
    # One question per reading fits on one sheet many times over: two sheets
    # means the second reading was pushed onto its own.
    assert print_pages(build_handout(make_project, 1), tmp_path / "handout.pdf") == 2


def test_six_questions_with_room_to_write_take_more_than_a_sheet(make_project, tmp_path):
    assert print_pages(build_handout(make_project, 6), tmp_path / "handout.pdf") >= 4
