"""Questions kept on disk (`cache_dir`): a warm build reads them instead of generating."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BuildSite, failing_mkdocs_build, mkdocs_build
from tests.sitecheck import site_files

CACHE = Path(".cache") / "plugin" / "seminar" / "questions"
#: Every page's reading, in one document.
READINGS = CACHE / "readings.json"
#: Questions sections and the handout as rendered, by what they show.
RENDERED = Path(".cache") / "plugin" / "seminar" / "memo" / "questions.marshal"


def _readings(project: Path) -> dict[str, dict[str, object]]:
    """The cached readings, by key (each is kept as its JSON text)."""
    readings = json.loads((project / READINGS).read_text(encoding="utf-8"))
    assert isinstance(readings, dict)
    return {key: json.loads(text) for key, text in readings.items()}


def _write_readings(project: Path, readings: dict[str, dict[str, object]]) -> None:
    texts = {key: json.dumps(reading) for key, reading in readings.items()}
    (project / READINGS).write_text(json.dumps(texts), encoding="utf-8")


def _tamper(project: Path, old: str, new: str) -> int:
    """Rewrite cached question texts; return how many pages' readings changed."""
    readings = _readings(project)
    changed = 0
    for reading in readings.values():
        generated = reading["generated"]
        if generated is None:
            continue
        assert isinstance(generated, dict)
        for question in generated["questions"]:
            question["text"] = question["text"].replace(old, new)
        changed += 1
    _write_readings(project, readings)
    return changed


def test_a_second_build_is_identical_and_reads_questions_from_disk(showcase: Path) -> None:
    first = site_files(mkdocs_build(showcase))
    cache = showcase / CACHE
    # One document, with a reading per page rendered: the essay, the guide pages, landing,
    # glossary, handout…
    assert [path.name for path in cache.iterdir()] == ["readings.json"]
    readings = _readings(showcase)
    assert len(readings) >= 5
    written = (showcase / READINGS).stat().st_mtime_ns
    assert site_files(mkdocs_build(showcase)) == first
    assert _readings(showcase) == readings
    # Nothing changed, so nothing was written.
    assert (showcase / READINGS).stat().st_mtime_ns == written

    # The proof that the second build read them: a question changed on disk shows on the page.
    # (The sections rendered from the readings are kept too, by each reading's key: they
    # go, or the page would show the section rendered from the question as it was.)
    assert _tamper(showcase, "?", "? [from the cache]") == 1
    (showcase / RENDERED).unlink()
    site = mkdocs_build(showcase)
    essay = (site / "essay" / "index.html").read_text(encoding="utf-8")
    assert essay.count('<li class="seminar-question"') == 6
    assert essay.count("? [from the cache]") >= 6


def test_an_edited_page_gets_new_questions_and_the_old_entry_is_pruned(showcase: Path) -> None:
    mkdocs_build(showcase)
    before = set(_readings(showcase))
    _tamper(showcase, "?", "? [stale]")
    essay = showcase / "docs" / "essay.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    site = mkdocs_build(showcase)
    page = (site / "essay" / "index.html").read_text(encoding="utf-8")
    assert "[stale]" not in page
    assert page.count('class="seminar-question"') >= 6
    after = set(_readings(showcase))
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


def _loaded_by_a_build(project: Path, watched: list[str]) -> str:
    """Which of the `watched` modules a build in a fresh process imported."""
    return subprocess.run(
        [sys.executable, "-c", f"WATCHED = {watched!r}\n" + WARM_BUILD],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_a_warm_build_imports_neither_the_generator_nor_bibtexparser(showcase: Path) -> None:
    """What a build finds on disk it does not recompute: not even the code is loaded
    (nor what only a `serve` rebuild uses: formatting only what an edit added), and
    every page's term links, the glossary page's too, are replayed without a match."""
    watched = [
        "seminar.questions.generator",
        "seminar.questions.analysis",
        "bibtexparser",
        "seminar.citations.delta",
        "seminar.alternation",  # what compiles the glossary's term pattern
        "seminar.citations.bibscan",  # what scans a `.bib` no cache knows
        "seminar.citations.bibcheck",  # what checks the blocks bibtexparser parsed
        "seminar.citations.prescan",  # what reads a page's citations before it renders
        "seminar.citations.sanitize",  # what cleans what Pandoc wrote
        "seminar.watch",  # only `serve` watches templates, or serves its last good site
    ]
    shutil.rmtree(showcase / ".cache", ignore_errors=True)
    # Cold: the questions are generated and the terms matched. (The showcase's .bib is
    # simple enough for the cheap scan, so bibtexparser is never needed for it.)
    assert _loaded_by_a_build(showcase, watched) == (
        "seminar.alternation seminar.citations.bibscan seminar.citations.prescan "
        "seminar.citations.sanitize seminar.questions.analysis seminar.questions.generator"
    )
    assert _loaded_by_a_build(showcase, watched) == ""  # warm: everything came from the cache


def test_a_build_that_fails_keeps_the_questions_it_made(showcase: Path) -> None:
    """The questions are saved when the build ends; a build that fails on the way saves
    them too, so the build after the fix does not generate them again."""
    shutil.rmtree(showcase / ".cache", ignore_errors=True)
    overrides = showcase / "overrides" / "partials" / "seminar"
    overrides.mkdir(parents=True)
    # The handout is rendered once every page's questions are made: a broken override
    # of its template stops the build there.
    (overrides / "handout.html").write_text("{% for essay in essays %}\n", encoding="utf-8")
    config = (showcase / "mkdocs.yml").read_text(encoding="utf-8")
    (showcase / "mkdocs.yml").write_text(
        config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1), encoding="utf-8"
    )
    assert "handout.html" in failing_mkdocs_build(showcase, "--quiet")
    readings = _readings(showcase)
    assert sum(reading["generated"] is not None for reading in readings.values()) >= 1

    (overrides / "handout.html").unlink()
    loaded = _loaded_by_a_build(showcase, ["seminar.questions.generator"])
    assert loaded == ""  # every page's questions came from the failed build's work


def test_the_one_document_replaces_an_older_cache_of_one_document_per_page(
    showcase: Path,
) -> None:
    first = site_files(mkdocs_build(showcase))
    older = showcase / CACHE / "0123456789abcdef0123456789abcdef.json"
    older.write_text('{"words": 1, "numbers": {}, "generated": null}', encoding="utf-8")
    # Another page version: the next build reads none of it, and the document is rewritten.
    _write_readings(showcase, {**_readings(showcase), "stale": {"words": 0}})
    assert site_files(mkdocs_build(showcase)) == first
    assert [path.name for path in (showcase / CACHE).iterdir()] == ["readings.json"]
    assert "stale" not in _readings(showcase)


def test_serve_writes_the_questions_once_when_it_stops(showcase: Path) -> None:
    """Under `serve` a rebuild rewrites nothing; the session's end saves the last build's."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.rmtree(showcase / ".cache", ignore_errors=True)
    config = load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        build(load_config(str(showcase / "mkdocs.yml"), site_dir=str(showcase / "site")))
        assert not (showcase / READINGS).exists()
    finally:
        config.plugins.on_shutdown()
    assert len(_readings(showcase)) >= 5
    loaded = _loaded_by_a_build(showcase, ["seminar.questions.generator"])
    assert loaded == ""


def test_readings_that_cannot_be_read_are_made_again_and_saved(showcase: Path) -> None:
    """A document holding the same keys but readings in another form (an older version's,
    say) is a miss for every page, and it is written again, so the build after reads it."""
    mkdocs_build(showcase)
    document = json.loads((showcase / READINGS).read_text(encoding="utf-8"))
    older = {key: json.loads(text) for key, text in document.items()}  # not JSON text
    (showcase / READINGS).write_text(json.dumps(older), encoding="utf-8")
    assert _loaded_by_a_build(showcase, ["seminar.questions.generator"]) == (
        "seminar.questions.generator"
    )
    assert json.loads((showcase / READINGS).read_text(encoding="utf-8")) == document
    assert _loaded_by_a_build(showcase, ["seminar.questions.generator"]) == ""
