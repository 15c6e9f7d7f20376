"""Questions kept on disk (`cache_dir`): a warm build reads them instead of generating."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BuildSite
from tests.sitecheck import site_files

CACHE = Path(".cache") / "plugin" / "seminar" / "questions"


def _mkdocs_build(project: Path) -> Path:
    """`mkdocs build --strict` in a fresh process: nothing survives in memory between builds.

    (In one process MkDocs reuses the plugin instance, as `mkdocs serve` does, and its
    in-memory cache would answer before the disk cache.)
    """
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )
    return project / "site"


def _tamper(cache: Path, old: str, new: str) -> int:
    """Rewrite cached question texts; return how many documents changed."""
    changed = 0
    for document in cache.glob("*.json"):
        data = json.loads(document.read_text(encoding="utf-8"))
        generated = data["generated"]
        if generated is None:
            continue
        for question in generated["questions"]:
            question["text"] = question["text"].replace(old, new)
        document.write_text(json.dumps(data), encoding="utf-8")
        changed += 1
    return changed


def test_a_second_build_is_identical_and_reads_questions_from_disk(showcase: Path) -> None:
    first = site_files(_mkdocs_build(showcase))
    cache = showcase / CACHE
    # One document per page rendered: the essay, the guide pages, landing, glossary, handout…
    documents = sorted(cache.glob("*.json"))
    assert len(documents) >= 5
    assert site_files(_mkdocs_build(showcase)) == first
    assert sorted(cache.glob("*.json")) == documents

    # The proof that the second build read them: a question changed on disk shows on the page.
    assert _tamper(cache, "?", "? [from the cache]") == 1
    site = _mkdocs_build(showcase)
    essay = (site / "essay" / "index.html").read_text(encoding="utf-8")
    assert essay.count('<li class="seminar-question"') == 6
    assert essay.count("? [from the cache]") >= 6


def test_an_edited_page_gets_new_questions_and_the_old_entry_is_pruned(showcase: Path) -> None:
    _mkdocs_build(showcase)
    cache = showcase / CACHE
    before = {path.name for path in cache.glob("*.json")}
    _tamper(cache, "?", "? [stale]")
    essay = showcase / "docs" / "essay.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    site = _mkdocs_build(showcase)
    page = (site / "essay" / "index.html").read_text(encoding="utf-8")
    assert "[stale]" not in page
    assert page.count('class="seminar-question"') >= 6
    after = {path.name for path in cache.glob("*.json")}
    assert len(after) == len(before)
    assert len(after - before) == 1  # the essay's new entry replaced its old one


def test_cache_false_writes_nothing_and_builds_the_same_site(
    showcase: Path, build_site: BuildSite
) -> None:
    cached = site_files(build_site(showcase, strict=True))
    assert (showcase / CACHE).is_dir()
    shutil.rmtree(showcase / ".cache")
    config = (showcase / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - seminar:\n" in config
    (showcase / "mkdocs.yml").write_text(
        config.replace("  - seminar:\n", "  - seminar:\n      cache: false\n"), "utf-8"
    )
    assert site_files(build_site(showcase, strict=True)) == cached
    assert not (showcase / ".cache").exists()


WARM_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config("mkdocs.yml")
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print(" ".join(sorted(name for name in sys.modules if name in WATCHED)))
"""


def test_a_warm_build_imports_neither_the_generator_nor_bibtexparser(showcase: Path) -> None:
    """What a build finds on disk it does not recompute: not even the code is loaded
    (nor what only a `serve` rebuild uses: formatting only what an edit added)."""
    watched = [
        "seminar.questions.generator",
        "seminar.questions.analysis",
        "bibtexparser",
        "seminar.citations.delta",
    ]
    script = f"WATCHED = {watched!r}\n" + WARM_BUILD

    def loaded() -> str:
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=showcase,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    shutil.rmtree(showcase / ".cache", ignore_errors=True)
    # Cold: the questions are generated. (The showcase's .bib is simple enough for the
    # cheap scan, so bibtexparser is never needed for it.)
    assert loaded() == "seminar.questions.analysis seminar.questions.generator"
    assert loaded() == ""  # warm: everything came from the cache
