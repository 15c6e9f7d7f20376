"""Seminar's compiled templates are kept in `cache_dir`, and nowhere else.

A `mkdocs build` in a fresh process compiles Seminar's partials once and keeps them
with the rest of the plugin's cache (`partials.TemplateBytecode`): the next build
reads them back instead of compiling them again. Nothing is left in the system's
temporary directory, and with `cache: false` nothing is kept at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.sitecheck import site_files

if TYPE_CHECKING:
    from pathlib import Path

KEPT = (".cache", "plugin", "seminar", "templates")

#: `mkdocs build --strict`, printing the names of Seminar's templates Jinja compiled.
RECORDING_BUILD = """
import jinja2
from mkdocs.__main__ import cli

compiled = []
compile_source = jinja2.Environment._compile

def _compile(self, source, filename):
    compiled.append(filename)
    return compile_source(self, source, filename)

jinja2.Environment._compile = _compile
try:
    cli(["build", "--quiet", "--strict"], standalone_mode=False)
finally:
    print("\\n".join(sorted({f for f in compiled if "partials/seminar/" in f})))
"""


def _build(project: Path, temporary: Path) -> list[str]:
    """Build in a new process whose temporary directory is `temporary`; what it compiled."""
    result = subprocess.run(
        [sys.executable, "-c", RECORDING_BUILD],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
        check=True,
        capture_output=True,
        text=True,
    )
    return [line.rsplit("/", 1)[-1] for line in result.stdout.splitlines() if line]


def test_a_second_build_reads_the_partials_the_first_compiled(
    showcase: Path, tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    compiled = _build(showcase, temporary)
    # The partials every page of the showcase needs, compiled by the first build.
    assert {"citation.html", "references.html", "questions.html", "handout.html"} <= set(compiled)
    kept = showcase.joinpath(*KEPT)
    assert len(list(kept.glob("*.marshal"))) >= len(compiled)
    first = site_files(showcase / "site")

    assert _build(showcase, temporary) == []  # all read back from `cache_dir`
    assert site_files(showcase / "site") == first
    assert list(temporary.iterdir()) == []  # Pandoc's folder is gone; nothing else was made


def test_with_cache_false_nothing_is_kept(showcase: Path, tmp_path: Path) -> None:
    config = (showcase / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - seminar:\n" in config
    (showcase / "mkdocs.yml").write_text(
        config.replace("  - seminar:\n", "  - seminar:\n      cache: false\n"), "utf-8"
    )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    first = _build(showcase, temporary)
    assert "citation.html" in first
    assert _build(showcase, temporary) == first  # compiled again: nothing was kept
    assert not (showcase / ".cache").exists()
    assert list(temporary.iterdir()) == []
