"""Property tests over the whole Markdown → HTML path, with the plugin on.

Hypothesis writes pages of prose mixed with citations (valid, unknown and
malformed), glossary terms, code spans and blocks, links, HTML entities and
non-ASCII words. Each page is rendered by the real pipeline (`tests/pipeline.py`)
in a copy of the showcase course, and the result must keep every invariant:

* the visible text the author wrote is all there, in order;
* code and links are unchanged;
* no term or citation is wrapped twice, and none sits in code, links or headings;
* the HTML parses with every element closed in order;
* rendering again gives identical bytes; two real builds give identical sites.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from tests.conftest import REPO, run_build
from tests.htmltext import normalise
from tests.pipeline import PageRenderer

EXTRA_BIB = """
@book{doe2020,
  author = {Doe, Jane},
  title = {A Book about Things},
  publisher = {Press},
  year = {2020},
}

@article{roe2019,
  author = {Roe, Richard and Poe, Edgar},
  title = {An Article},
  journal = {Journal of Studies},
  year = {2019},
}
"""

#: Citation as written -> what the reader sees (APA, en-GB, as in the showcase).
CITATIONS = {
    "[@doe2020]": "(Doe, 2020)",
    "[see @doe2020, p. 3]": "(see Doe, 2020, p. 3)",
    "[-@roe2019]": "(2019)",
    "[@doe2020; @roe2019]": "(Doe, 2020; Roe & Poe, 2019)",
    "@roe2019": "Roe & Poe (2019)",
    "@doe2020 [p. 7]": "Doe (2020, p. 7)",
    "[@bandinelli2019]": "(Bandinelli & Gandini, 2019)",
}
#: Not citations at all: they stay as written (`\@` shows as `@`).
MALFORMED = {
    "[@]": "[@]",
    "@": "@",
    "[see @]": "[see @]",
    "@@": "@@",
    "[-@]": "[-@]",
    "[@ doe2020]": "[@ doe2020]",
    "name@example.org": "name@example.org",
    "\\@doe2020": "@doe2020",
}
TERMS = (
    "individualism",
    "Individualists",
    "collaborative culture",
    "sovereignty of the individual",
    "collectivism",
    "human rights",
    "competition",
)
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&eacute;": "é", "&#169;": "©", "&#x2014;": "—"}
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéïõüßçÆøłщЖ日本語λπ"
URLS = (
    "https://example.org/a?b=1&c=2",
    "https://example.org/naïve/page#frag",
    "../glossary/",
    "#p-1",
    "mailto:someone@example.org",
)


@dataclass
class Expected:
    """What a generated page must show."""

    markdown: list[str] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    citations: int = 0
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, key)


words = st.text(alphabet=LETTERS, min_size=1, max_size=10)
code_text = (
    st.text(alphabet=LETTERS + " <>&*_[]@;{}#'\"\\", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def inline(draw: st.DrawFn, expected: Expected, line: int) -> str:
    kind = draw(
        st.sampled_from(
            ["word", "word", "word", "entity", "term", "code", "link", "cite", "unknown", "bad"]
        )
    )
    if kind == "word":
        text = draw(words)
        expected.visible.append(text)
        return text
    if kind == "entity":
        entity = draw(st.sampled_from(sorted(ENTITIES)))
        expected.visible.append(ENTITIES[entity])
        return entity
    if kind == "term":
        term = draw(st.sampled_from(TERMS))
        expected.visible.append(term)
        return term
    if kind == "code":
        text = draw(code_text.filter(lambda t: "`" not in t))
        expected.visible.append(text)
        expected.code.append(text)
        return f"`{text}`"
    if kind == "link":
        label = draw(st.lists(st.one_of(words, st.sampled_from(TERMS)), min_size=1, max_size=3))
        text = " ".join(label)
        url = draw(st.sampled_from(URLS))
        expected.visible.append(text)
        expected.links.append((url, text))
        return f"[{text}]({url})"
    if kind == "cite":
        source = draw(st.sampled_from(sorted(CITATIONS)))
        expected.visible.append(CITATIONS[source])
        expected.citations += source.count("[") or 1
        return source
    if kind == "unknown":
        key = "nokey" + str(draw(st.integers(0, 999)))
        narrative = draw(st.booleans())
        expected.visible.append(f"@{key}?" if narrative else f"[@{key}?]")
        expected.citations += 1
        expected.unknown.append((line, key))
        return f"@{key}" if narrative else f"[@{key}]"
    source = draw(st.sampled_from(sorted(MALFORMED)))
    expected.visible.append(MALFORMED[source])
    return source


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, Expected]:
    expected = Expected()
    lines = ["# Generated", ""]
    expected.visible.append("Generated")
    previous = ""
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["paragraph", "paragraph", "paragraph", "code", "heading"]))
        if kind == previous == "code":
            kind = "paragraph"  # two indented blocks in a row are one block
        previous = kind
        if kind == "code":
            body = draw(st.lists(code_text, min_size=1, max_size=3))
            lines += [f"    {text}" for text in body]
            expected.visible.append("\n".join(body))
            expected.code.append("\n".join(body) + "\n")
        elif kind == "heading":
            title = " ".join(draw(st.lists(st.one_of(words, st.sampled_from(TERMS)), min_size=1)))
            lines.append(f"## {title}")
            expected.visible.append(title)
        else:
            line = len(lines) + 1
            count = draw(st.integers(1, 12))
            lines.append(" ".join(draw(inline(expected, line)) for _ in range(count)))
        lines.append("")
    return "\n".join(lines), expected


# --- reading the output ---------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIP_CLASSES = {"seminar-glossary-store", "seminar-references", "seminar-questions", "headerlink"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Reader(HTMLParser):
    """Visible text, code, links, nesting and balance of a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.unbalanced: list[str] = []
        self.text: list[str] = []
        self.code: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.citations = 0
        self.double: list[str] = []
        self.skip = 0
        self._link: list[str] | None = None
        self._href = ""

    def inside(self, tags: set[str] = frozenset(), classes: set[str] = frozenset()) -> bool:
        return any(t in tags or c & classes for t, c in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag in VOID:
            return
        if self.skip or classes & SKIP_CLASSES:
            self.skip += 1
        elif tag == "a" and self.inside({"a"}):
            self.double.append(f"a inside a: {values}")
        elif "citation" in classes:
            if self.inside({"a", "code", "pre"}, {"citation", "seminar-term"}):
                self.double.append(f"citation nested: {values}")
            self.citations += 1
        elif "seminar-term" in classes and self.inside(
            {"a", "code", "pre", *HEADINGS}, {"citation", "seminar-term"}
        ):
            self.double.append(f"term nested: {values}")
        if tag == "code" and not self.skip:
            self.code.append("")
        if (
            tag == "a"
            and not self.skip
            and not classes & {"seminar-term"}
            and not self.inside(set(), {"citation"})
        ):
            self._link, self._href = [], values.get("href") or ""
        self.stack.append((tag, classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.unbalanced.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.unbalanced.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else None}")
            return
        self.stack.pop()
        if self.skip:
            self.skip -= 1
            return
        if tag == "a" and self._link is not None:
            self.links.append((self._href, "".join(self._link)))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.text.append(data)
        if self.stack and self.stack[-1][0] == "code":
            self.code[-1] += data
        if self._link is not None:
            self._link.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    if reader.stack:
        reader.unbalanced.append(f"never closed: {[t for t, _ in reader.stack]}")
    return reader


def squash(text: str) -> str:
    return normalise(text).replace("( ", "(")


# --- the project --------------------------------------------------------------------------


def course(root: Path) -> Path:
    """The showcase's configuration, glossary and `.bib` (plus two entries)."""
    project = root / "course"
    (project / "docs").mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Without navigation, and without the search plugin: its start-up would be most of the time.
    config = config.split("\nnav:")[0].replace("\n  - search\n", "\n", 1)
    assert "  - seminar:" in config
    (project / "mkdocs.yml").write_text(config + "\n", encoding="utf-8")
    bib = (REPO / "references.bib").read_text(encoding="utf-8") + EXTRA_BIB
    (project / "references.bib").write_text(bib, encoding="utf-8")
    for name in ("glossary.md", "references.md", "index.md"):
        shutil.copy(REPO / "docs" / name, project / "docs" / name)
    # Every citation form once, on another page: Pandoc then runs once for the session.
    every = "# All forms\n\n" + " ".join(CITATIONS) + "\n"
    (project / "docs" / "all-forms.md").write_text(every, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory):
    pipeline = PageRenderer(course(tmp_path_factory.mktemp("properties")))
    yield pipeline
    pipeline.close()


# No shrinking: an example takes a few tenths of a second, and shrinking a long
# page would take minutes. A failure prints the page exactly as it was generated.
GENERATE = (Phase.explicit, Phase.reuse, Phase.generate)


@settings(
    max_examples=60,
    deadline=None,
    phases=GENERATE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=pages())
def test_rendering_keeps_every_invariant(renderer: PageRenderer, page: tuple[str, Expected]):
    markdown, expected = page
    html, warnings = renderer.render("generated.md", markdown)
    reader = read(html)
    assert reader.unbalanced == []
    assert reader.double == []
    assert squash("".join(reader.text)) == squash(" ".join(expected.visible))
    assert reader.code == expected.code
    assert reader.links == expected.links
    assert reader.citations == expected.citations
    # Each unknown key is reported once, on its own line; nothing else is.
    unknown = [m for m in warnings if "unknown citation key" in m]
    assert len(unknown) == len(expected.unknown)
    for line, key in expected.unknown:
        prefix = f"seminar: docs/generated.md:{line}: unknown citation key '{key}'"
        assert any(m.startswith(prefix) for m in unknown), prefix
    again, _ = renderer.render("generated.md", markdown)
    assert again == html


@settings(
    max_examples=2,
    deadline=None,
    phases=GENERATE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=pages())
def test_two_real_builds_are_byte_identical(tmp_path_factory, page: tuple[str, Expected]):
    project = course(tmp_path_factory.mktemp("twice"))
    (project / "docs" / "generated.md").write_text(page[0], encoding="utf-8")
    sites = []
    for name in ("one", "two"):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / name))
        run_build(config)
        sites.append(project / name)
    one = {p.relative_to(sites[0]): p.read_bytes() for p in sites[0].rglob("*") if p.is_file()}
    two = {p.relative_to(sites[1]): p.read_bytes() for p in sites[1].rglob("*") if p.is_file()}
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
