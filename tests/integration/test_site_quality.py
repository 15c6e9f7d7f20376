"""The built showcase: every internal link resolves, and the HTML is valid."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from tests.conftest import run_build
from tests.sitecheck import broken_links, vnu_errors


def build(project: Path, site_dir: Path, **overrides: object) -> Path:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), **overrides)
    run_build(config)
    return site_dir


def test_every_internal_link_and_anchor_resolves(showcase: Path, tmp_path: Path):
    site = build(showcase, tmp_path / "site", strict=True)
    assert broken_links(site) == []


def test_link_checker_finds_a_broken_anchor(showcase: Path, tmp_path: Path):
    essay = showcase / "docs/essay.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\n[gone](glossary.md#no-such-term)\n")
    site = build(showcase, tmp_path / "site")
    (broken,) = broken_links(site)
    assert (broken.page, broken.href, broken.reason) == (
        "essay/index.html",
        "../glossary/#no-such-term",
        "no such anchor",
    )


def test_html_has_no_error_beyond_the_plain_theme(showcase: Path, tmp_path: Path):
    """Nu HTML Checker: the plugin adds no error that plain Material does not already make."""
    with_plugin = build(showcase, tmp_path / "with", strict=True)
    plain = build(showcase, tmp_path / "plain", plugins=["search"])
    theme_messages = {str(m["message"]) for m in vnu_errors(plain)}
    assert theme_messages, "the checker ran and reported the theme's own known errors"
    ours = [
        f"{m['url']}:{m.get('lastLine')}: {m['message']}"
        for m in vnu_errors(with_plugin)
        if str(m["message"]) not in theme_messages
    ]
    assert ours == []
