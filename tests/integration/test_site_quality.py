"""The built showcase, plus a page using every feature: every internal link resolves,
and the HTML is valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.conftest import run_build
from tests.sitecheck import broken_links, internal_links, vnu_errors

#: Every feature the showcase's reading does not already show, on one more page.
FEATURES = """---
questions:
  count: 2
  add:
    - How would you test the claim of ¶2 against your own experience, and why?
    - text: Which paragraph would you cut first, and why?
      bloom: evaluate
      paragraph: 3
---

# Every feature

Narrative: @bandinelli2019 argue that
[collaborative individualism](glossary.md#term-collaborative-individualism) is a way of
working, and @bandinelli2019 [p. 92] describe creative hubs. With a prefix and a
locator [see @bandinelli2019, pp. 89--110], the year only [-@bandinelli2019], and twice in one
bracket [@bandinelli2019; also @bandinelli2019, chap. 4].

A term that is not linked: <span class="seminar-skip">individualism</span>. Code is never touched:
`[@bandinelli2019] individualism`, nor are links: [individualism](https://example.org/).
A footnote keeps its own link and back-link.[^1]

!!! note "Self-reliance in an admonition"
    Self-reliance and social cooperation, with a citation [@bandinelli2019].

??? question "A disclosure"
    Voluntary cooperation and human rights.

| Term | Where |
| --- | --- |
| Rationalism | in a table cell |

- Social ties in a list.
- Competition, and the sovereignty of the individual.

The individual person is the basic unit of value for individualism, so society exists for persons.
Collectivism, however, puts the group first, and therefore duties come before personal choice.
Because human rights belong to everyone, no government may take them away. For instance, a
freelancer in a creative hub keeps her own career while she helps others. That is, collaborative
culture means shared habits that lead people to share knowledge and to coordinate their work.
Competition, on the contrary, sets people against one another for the same prize.

[^1]: The footnote, with a term: cognitive consistency.
"""


@pytest.fixture
def every_feature(showcase: Path) -> Path:
    """The showcase course with one more page that uses every feature."""
    (showcase / "docs/features.md").write_text(FEATURES, encoding="utf-8")
    config = showcase / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = "  - References: references.md\n"
    assert nav in text
    config.write_text(text.replace(nav, nav + "  - Every feature: features.md\n"), "utf-8")
    return showcase


def build(project: Path, site_dir: Path, **overrides: object) -> Path:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), **overrides)
    run_build(config)
    return site_dir


def test_every_internal_link_and_anchor_resolves(every_feature: Path, tmp_path: Path):
    site = build(every_feature, tmp_path / "site", strict=True)
    assert broken_links(site) == []
    # The check covers what the plugin links: citations, terms, back-links, questions,
    # the handout, footnotes.
    kinds = {
        "citation": r"^#ref-",
        "term": r"glossary/#term-",
        "paragraph back-link": r"#p-\d+$",
        "glossary Used in": r"^\.\./(essay|features)/#",
        "handout": r"handout/$",
        "footnote": r"^#fn",
    }
    links = internal_links(site)
    counted = {
        kind: sum(1 for link in links if re.search(pattern, link.href))
        for kind, pattern in kinds.items()
    }
    assert all(counted.values()), counted
    pages = {link.page for link in links}
    assert {"features/index.html", "handout/index.html", "references/index.html"} <= pages


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


def test_html_has_no_error_beyond_the_plain_theme(every_feature: Path, tmp_path: Path):
    """Nu HTML Checker: the plugin adds no error that plain Material does not already make."""
    with_plugin = build(every_feature, tmp_path / "with", strict=True)
    plain = build(every_feature, tmp_path / "plain", plugins=["search"])
    theme_messages = {str(m["message"]) for m in vnu_errors(plain)}
    assert theme_messages, "the checker ran and reported the theme's own known errors"
    messages = vnu_errors(with_plugin)
    ours = [
        f"{m['url']}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if str(m["message"]) not in theme_messages
    ]
    assert ours == []
    # The theme's own errors are on every page: they show the checker read each of ours.
    checked = {str(m["url"]).rsplit("/", 2)[-2] for m in messages}
    assert {"features", "handout", "references", "glossary", "essay"} <= checked
