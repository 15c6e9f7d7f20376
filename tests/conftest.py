"""Shared fixtures: real builds of real sites in `tmp_path`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def mkdocs_build(project: Path, *, strict: bool = True) -> Path:
    """`mkdocs build` in a new process, in `project`: only what is on disk (the plugin's
    cache included) is shared with the caller's builds; returns its `site/`.

    (In one process MkDocs reuses a plugin instance, as `mkdocs serve` does, and its
    in-memory caches would answer before the disk cache.)
    """
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", *(["--strict"] if strict else [])],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    return project / "site"


def failing_mkdocs_build(project: Path, *options: str) -> str:
    """`mkdocs build OPTIONS` in a new process, in `project`, that must fail; its log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0, result.stderr
    return result.stderr


def build_in_another_process(project: Path, into: Path) -> Path:
    """A clean copy of `project` (no `.cache`, no `site`) built by `mkdocs build` in a new
    process, so nothing is shared with the caller's builds; returns its `site/`."""
    shutil.copytree(project, into, ignore=shutil.ignore_patterns(".cache", "site"))
    return mkdocs_build(into, strict=False)


def run_build(config: MkDocsConfig) -> None:
    """Build as `mkdocs build` does, including the startup and shutdown events."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@pytest.fixture
def showcase(tmp_path: Path) -> Path:
    """A copy of this repository's showcase course in `tmp_path`."""
    site = tmp_path / "course"
    site.mkdir()
    shutil.copy(REPO / "mkdocs.yml", site)
    shutil.copy(REPO / "references.bib", site)
    shutil.copytree(REPO / "docs", site / "docs")
    return site


BuildSite = Callable[..., Path]


@pytest.fixture
def build_site() -> BuildSite:
    """Load `mkdocs.yml` in a project folder, apply overrides, build, return `site/`."""

    def _build(project: Path, *, strict: bool = False, **overrides: object) -> Path:
        config = load_config(str(project / "mkdocs.yml"), strict=strict, **overrides)
        run_build(config)
        return Path(config.site_dir)

    return _build


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Write a tiny course: `mkdocs.yml`, pages and an optional `.bib`, in `tmp_path`."""

    def _make(
        pages: dict[str, str],
        *,
        seminar: str = "",
        bib: str | None = None,
        extra_yaml: str = "",
        overrides: dict[str, str] | None = None,
    ) -> Path:
        """`overrides`: templates by path, written to the theme's `custom_dir`."""
        project = tmp_path / "project"
        docs = project / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(text, encoding="utf-8")
        if bib is not None:
            (project / "references.bib").write_text(bib, encoding="utf-8")
        for path, text in (overrides or {}).items():
            (project / "overrides" / path).parent.mkdir(parents=True, exist_ok=True)
            (project / "overrides" / path).write_text(text, encoding="utf-8")
        custom_dir = "  custom_dir: overrides\n" if overrides else ""
        options = "\n".join(f"      {line}" for line in seminar.strip().splitlines())
        plugin = "  - seminar" + (":\n" + options if options else "")
        (project / "mkdocs.yml").write_text(
            "site_name: Test course\n"
            f"theme:\n  name: material\n  font: false\n{custom_dir}"
            "markdown_extensions:\n  - def_list\n  - attr_list\n"
            f"plugins:\n  - search\n{plugin}\n{extra_yaml}",
            encoding="utf-8",
        )
        return project

    return _make
