"""`mkdocs serve` for real: it rebuilds on every kind of source, and survives a broken `.bib`."""

from __future__ import annotations

import time
import urllib.request
from typing import TYPE_CHECKING

import pytest

from tests.htmltext import normalise, text_of
from tests.integration.test_serve import BIB, Serve

if TYPE_CHECKING:
    from pathlib import Path

PAGE = "# Home\n\nSelf-reliance is old [@key].\n"
GLOSSARY = "# Glossary\n\nSelf-reliance\n:   Depending on oneself.\n"
BROKEN = BIB + "\n@book{broken,\n  title = {Oops,\n"


def fetch(serve: Serve, path: str) -> str:
    """The text of a page the server serves now."""
    url = f"http://127.0.0.1:{serve.port}/{path}"
    with urllib.request.urlopen(url, timeout=10) as response:
        # `text_of` puts a space where the citation link begins.
        return normalise(text_of(response.read().decode("utf-8"))).replace("( ", "(")


def rebuilt(serve: Serve) -> None:
    """Wait until a change has been seen and the new site is served."""
    serve.wait_for("Detected file changes")
    serve.wait_for("Reloading browsers")


def write(path: Path, text: str) -> None:
    # A new modification time even on a coarse clock: the `.bib` cache keys on it.
    time.sleep(0.05)
    path.write_text(text, encoding="utf-8")


def test_serve_rebuilds_on_pages_glossary_and_bib(make_project):
    project = make_project(
        {"index.md": PAGE, "glossary.md": GLOSSARY},
        seminar="bibliography: references.bib\nglossary: glossary.md\nquestions:\n  enabled: false",
        bib=BIB,
    )
    serve = Serve(project)
    try:
        serve.wait_for("Serving on http://127.0.0.1:")
        assert "Self-reliance is old (A, 2000)." in fetch(serve, "")

        write(project / "docs" / "index.md", PAGE.replace("is old", "is older"))
        rebuilt(serve)
        assert "Self-reliance is older (A, 2000)." in fetch(serve, "")

        write(project / "docs" / "glossary.md", GLOSSARY.replace("oneself", "one's own work"))
        rebuilt(serve)
        assert "Depending on one's own work." in fetch(serve, "glossary/")
        assert "Depending on one's own work." in fetch(serve, "")  # the pop-up's copy

        write(project / "references.bib", BIB.replace("2000", "2001"))
        rebuilt(serve)
        assert "Self-reliance is older (A, 2001)." in fetch(serve, "")
    finally:
        serve.stop()


@pytest.mark.parametrize(
    ("source", "broken", "logged", "fixed", "shown"),
    [
        (
            "references.bib",
            BROKEN,
            "seminar: references.bib:3: this BibTeX block does not parse",
            BIB.replace("2000", "2002"),
            "Self-reliance is old (A, 2002).",
        ),
        (
            "docs/glossary.md",
            GLOSSARY + "\nSelf-reliance\n:   Again.\n",
            "seminar: glossary.md:6: the term 'Self-reliance' is defined twice",
            GLOSSARY.replace("oneself", "one's own work"),
            "Depending on one's own work.",
        ),
    ],
    ids=["bib", "glossary"],
)
def test_a_broken_source_is_reported_and_the_last_good_site_stays(
    make_project, source, broken, logged, fixed, shown
):
    project = make_project(
        {"index.md": PAGE, "glossary.md": GLOSSARY},
        seminar="bibliography: references.bib\nglossary: glossary.md\nquestions:\n  enabled: false",
        bib=BIB,
    )
    serve = Serve(project)
    try:
        serve.wait_for("Serving on http://127.0.0.1:")
        good = fetch(serve, "")
        assert "Self-reliance is old (A, 2000)." in good

        write(project / source, broken)
        serve.wait_for("Detected file changes")
        serve.wait_for("An error happened during the rebuild")
        (error,) = [line for line in serve.log if logged in line]
        assert error.startswith("ERROR")
        assert "Fix: " in error
        assert any("seminar: the last good site is still served" in line for line in serve.log)
        # Still running, and still serving the last good site.
        assert serve.process.poll() is None
        assert fetch(serve, "") == good

        write(project / source, fixed)
        rebuilt(serve)
        assert shown in fetch(serve, "")
    finally:
        serve.stop()
