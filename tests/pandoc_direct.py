"""Pandoc run straight on a `.bib` and a style, to hold the plugin's runs against."""

from __future__ import annotations

import subprocess
from pathlib import Path

from seminar.citations.engine import document, pandoc_path
from seminar.citations.prescan import scan


def citations_for(keys: list[str]) -> list[str]:
    """Every key cited in each of Pandoc's forms, and the first six in one bracket."""
    forms = []
    for key in keys:
        forms += [f"[@{key}]", f"@{key}", f"[-@{key}]", f"[see @{key}, p. 3]", f"@{key} [ch. 2]"]
    forms.append("[" + "; ".join(f"@{key}" for key in keys[:6]) + "]")
    return [c.pandoc() for text in forms for c in scan(text)]


def pandoc_html(bib: Path, style: Path, citations: list[str]) -> str:
    """Pandoc's whole answer (HTML) for these citations, read as the plugin's document."""
    return subprocess.run(
        [
            str(pandoc_path()),
            "--sandbox",
            "--citeproc",
            "--to=html5",
            "--wrap=none",
            f"--bibliography={bib}",
            f"--csl={style}",
        ],
        input=document(citations, "en-US").encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
