"""Pandoc's citation syntax as a Python-Markdown extension.

Recognised forms (as in Pandoc's Markdown):

* `[@key]`, `[@a; @b]`, `[see @key, pp. 33-35; also @b, chap. 1]`: parenthetical;
* `[-@key]`: suppress the author;
* `@key` and `@key [p. 33]`: narrative ("author in text");
* keys start with a letter, digit or `_` and may contain `:.#$%&-+?<>~/` inside;
  `@{any key}` takes any key; `\\@` is a literal `@`.

Each citation becomes a placeholder `<span class="citation" data-cites="…"
data-seminar-cite="N">` holding the source text; `resolve.py` replaces it with the
formatted citation once every page is rendered. Code, links, autolinks and
e-mail addresses are never citations: code spans and escapes are processed
before us, links are excluded as ancestors, and a narrative `@` must not follow
a letter, digit or one of `@./:\\`.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from typing import NamedTuple

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

PUNCTUATION = r":.#$%&\-+?<>~/"
KEY = (
    r"(?:\{(?P<{name}braced>[^{}]+)\}"
    rf"|(?P<{{name}}plain>\w(?:\w|[{PUNCTUATION}](?=[^\W_]|_))*))"
)


def _key(name: str) -> str:
    return KEY.replace("{name}", name)


#: One item inside brackets: prefix, optional `-`, `@key`, suffix.
ITEM = re.compile(rf"^(?P<prefix>.*?)(?<![\w@.\\/:])(?P<minus>-?)@{_key('')}(?P<suffix>.*)$", re.S)
#: The flags Python-Markdown compiles inline patterns with: compiled with them here too,
#: the processors find these in `re`'s cache instead of compiling them again (neither
#: pattern has a `.` for `DOTALL` to change).
_INLINE_FLAGS = re.DOTALL | re.UNICODE
#: A bracketed group: no nested `[`/`]` except one balanced level, not followed by `(` or `[`.
_INNER = r"(?:[^\[\]]|\[[^\[\]]*\])"
BRACKETED = re.compile(rf"\[(?P<body>{_INNER}*?@{_INNER}*)\](?![(\[])", _INLINE_FLAGS)
#: A narrative citation, optionally followed by ` [locator]`.
#: The lookbehind comes after the `@` it is about, so the pattern starts with a literal:
#: `re` then jumps from one `@` to the next instead of trying every position (Python-
#: Markdown searches every text node of every page with it).
NARRATIVE = re.compile(
    rf"@(?<![\w@.\\/:\x02\x03]@){_key('')}(?:(?P<space>[ ]?)\[(?P<locator>[^\[\]@]*)\](?![(\[]))?",
    _INLINE_FLAGS,
)


class CiteItem(NamedTuple):
    """One cited work in a citation.

    Attributes:
        key: The citation key.
        prefix: Text before the key (Markdown), e.g. `see`.
        suffix: Text after it, e.g. `, pp. 33-35`.
        suppress_author: `[-@key]`.
    """

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


class Citation:
    """One citation as written: a bracketed group or a narrative citation.

    Two citations are equal when they cite the same way (`items`, `narrative`),
    wherever they are written. A plain class, not a frozen dataclass: making one
    costs each build about a millisecond at import. Read-only by convention.

    Attributes:
        items: The cited works, in order.
        keys: Their keys, in order.
        narrative: `@key` written in the running text.
        source: The text as the author wrote it.
        line: 1-based line in the page's Markdown (0 when unknown).
        paragraph: Id of the top-level paragraph it sits in (`p-3`), or "".
    """

    __slots__ = ("_pandoc", "items", "keys", "line", "narrative", "paragraph", "source")

    def __init__(
        self,
        items: tuple[CiteItem, ...],
        narrative: bool = False,
        source: str = "",
        line: int = 0,
        paragraph: str = "",
    ) -> None:
        self.items = items
        # The keys in order: a tuple of strings, which the garbage collector stops
        # visiting after its first pass (a list it would visit until the end of the build).
        self.keys = tuple(item.key for item in items)
        self.narrative = narrative
        self.source = source
        self.line = line
        self.paragraph = paragraph
        self._pandoc: str | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Citation):
            return NotImplemented
        return (self.items, self.narrative) == (other.items, other.narrative)

    def __hash__(self) -> int:
        return hash((self.items, self.narrative))

    def __repr__(self) -> str:
        return (
            f"Citation(items={self.items!r}, narrative={self.narrative!r}, "
            f"source={self.source!r}, line={self.line!r}, paragraph={self.paragraph!r})"
        )

    def pandoc(self) -> str:
        """The citation in Pandoc Markdown: what the formatter is given (made once)."""
        if self._pandoc is None:
            self._pandoc = self._written_for_pandoc()
        return self._pandoc

    def _written_for_pandoc(self) -> str:
        if self.narrative:
            item = self.items[0]
            locator = f" [{item.suffix}]" if item.suffix else ""
            return f"@{_pandoc_key(item.key)}{locator}"
        parts = []
        for item in self.items:
            minus = "-" if item.suppress_author else ""
            prefix = f"{item.prefix} " if item.prefix.strip() else ""
            parts.append(f"{prefix.lstrip()}{minus}@{_pandoc_key(item.key)}{item.suffix}")
        return "[" + "; ".join(parts) + "]"


#: A key as Pandoc reads it without braces.
_BARE_KEY = re.compile(_key(""))


@functools.lru_cache(maxsize=4096)
def _pandoc_key(key: str) -> str:
    """The key as Pandoc must read it: braced unless it is a plain key through and through.

    Cached: every citation is written out several times a build (pre-scan, check,
    placing), and a course cites a few hundred keys.
    """
    plain = _BARE_KEY.fullmatch(key) is not None and not _needs_braces(key)
    return key if plain else "{" + key + "}"


def _needs_braces(key: str) -> bool:
    match = _BARE_KEY.match(key)
    return match is None or match.end() != len(key)


def _key_of(match: re.Match[str]) -> str:
    return match.group("braced") or match.group("plain")


@functools.lru_cache(maxsize=4096)
def parse_bracketed(body: str) -> tuple[CiteItem, ...] | None:
    """Parse the inside of `[...]`; None when some `;`-part holds no `@key`.

    Cached (the result is immutable): each citation is parsed when its page is
    pre-scanned and when it is rendered, and `serve` renders every page on each save.
    """
    items = []
    for part in _split_semicolons(body):
        match = ITEM.match(part)
        if match is None:
            return None
        suffix = match.group("suffix")
        if "@" in suffix and NARRATIVE.search(suffix):
            return None
        items.append(
            CiteItem(
                key=_key_of(match),
                prefix=match.group("prefix").strip(),
                suffix=suffix.rstrip(),
                suppress_author=bool(match.group("minus")),
            )
        )
    return tuple(items) or None


def _split_semicolons(body: str) -> list[str]:
    # Not inside `[…]` nor inside a braced key: `@{a;b}` is one key.
    parts, depth, braces, start = [], 0, 0, 0
    for index, char in enumerate(body):
        depth += (char == "[") - (char == "]")
        braces += (char == "{") - (char == "}")
        if char == ";" and depth == 0 and braces <= 0:
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return parts


def narrative_citation(match: re.Match[str]) -> Citation:
    """The citation a match of `NARRATIVE` is: `@key`, or `@key [locator]`."""
    locator = match.group("locator")
    item = CiteItem(key=_key_of(match), suffix=locator.strip() if locator else "")
    return Citation((item,), narrative=True, source=match.group())


# --- Python-Markdown ------------------------------------------------------------------------


class _Collector:
    """The citations of the page being converted, in document order."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.lines: list[int] = []
        self.source = ""
        self.cursor = 0  # start of the block of the last citation found
        self.taken: list[tuple[int, int]] = []  # where the citations found so far are

    def add(
        self, items: tuple[CiteItem, ...], narrative: bool, source: str, data: str, start: int
    ) -> etree.Element:
        citation = Citation(items, narrative, source, self._line(data, start, source))
        self.citations.append(citation)
        element = etree.Element("span")
        element.set("class", "citation")
        element.set("data-cites", " ".join(citation.keys))
        element.set("data-seminar-cite", str(len(self.citations) - 1))
        element.text = AtomicString(citation.source)
        return element

    def _line(self, data: str, start: int, source: str) -> int:
        # Inline processors see one block at a time, in document order, but within
        # a block each pattern runs over the whole block in turn (bracketed before
        # narrative citations). So the citation is the first occurrence of its text
        # from the start of the current block that no earlier citation took. Lists
        # are the exception: their items are converted after the block that follows
        # the list, so a citation not found after the cursor is looked for from the top.
        index = self._untaken(source, self.cursor)
        if index < 0:
            index = self._untaken(source, 0)
        if index < 0:
            return 0
        self.taken.append((index, index + len(source)))
        self.cursor = self.source.rfind("\n\n", 0, index) + 1
        return self.source.count("\n", 0, index) + 1

    def _untaken(self, source: str, start: int) -> int:
        """The first occurrence of `source` from `start` that no citation took, or -1."""
        index = self.source.find(source, start)
        while index >= 0 and any(s < index + len(source) and index < e for s, e in self.taken):
            index = self.source.find(source, index + 1)
        return index


#: What Python-Markdown puts in place of a backslash escape (`\*`): the character's code.
_ESCAPED = re.compile(f"{STX}([0-9]+){ETX}")


def _escape_as_written(match: re.Match[str]) -> str:
    return "\\" + chr(int(match.group(1)))


class BracketedCitations(InlineProcessor):
    """`[@a; see @b, p. 3]`: runs before links so `[...]` is not taken as a reference."""

    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, md: Markdown, collector: _Collector) -> None:
        super().__init__(BRACKETED.pattern, md)
        self.collector = collector

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        # Escapes and code spans were stashed before us; a citation holds them as written,
        # as the pre-scan reads them. (Their placeholders start with STX; most citations
        # have none, and are not searched.)
        source = m.group()
        if STX in source:
            source = _ESCAPED.sub(_escape_as_written, self.unescape(source))
        items = parse_bracketed(source[1:-1])
        if items is None:
            return None, None, None
        return self.collector.add(items, False, source, data, m.start()), m.start(), m.end()


class NarrativeCitations(InlineProcessor):
    """`@key` and `@key [p. 33]` in running text, never inside a link."""

    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, md: Markdown, collector: _Collector) -> None:
        super().__init__(NARRATIVE.pattern, md)
        self.collector = collector

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        citation = narrative_citation(m)
        element = self.collector.add(citation.items, True, citation.source, data, m.start())
        return element, m.start(), m.end()


class _NoteParagraphs(Treeprocessor):
    """Note each citation's top-level paragraph, once paragraphs have their ids.

    The resolver then finds placeholders by exact string search and needs no
    parse of the page to know where each one sits.
    """

    def __init__(self, md: Markdown, collector: _Collector) -> None:
        super().__init__(md)
        self.collector = collector

    def run(self, root: etree.Element) -> None:
        citations = self.collector.citations
        if not citations:
            return
        for child in root:
            ident = child.get("id", "") if child.tag == "p" else ""
            if not ident:
                continue
            for span in child.iter("span"):
                index = span.get("data-seminar-cite", "")
                if index.isdigit() and int(index) < len(citations):
                    old = citations[int(index)]
                    citations[int(index)] = Citation(
                        old.items, old.narrative, old.source, old.line, ident
                    )


class _RememberSource(Preprocessor):
    def __init__(self, md: Markdown, collector: _Collector) -> None:
        super().__init__(md)
        self.collector = collector

    def run(self, lines: list[str]) -> list[str]:
        self.collector.citations = []
        self.collector.source = "\n".join(lines)
        self.collector.cursor = 0
        self.collector.taken = []
        return lines


class CitationsExtension(Extension):
    """Register the citation inline processors; `citations` holds the last page's citations."""

    def __init__(self) -> None:
        super().__init__()
        self.collector = _Collector()

    @property
    def citations(self) -> list[Citation]:
        """The citations of the page converted last, in document order."""
        return self.collector.citations

    def extendMarkdown(self, md: Markdown) -> None:
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")
        # Priorities: backticks 190 and escapes 180 first; then brackets (175) before
        # links (160); narrative citations (150) after links, before autolinks (120).
        md.preprocessors.register(_RememberSource(md, self.collector), "seminar-cite-src", 100)
        md.inlinePatterns.register(BracketedCitations(md, self.collector), "seminar-cite", 175)
        md.inlinePatterns.register(NarrativeCitations(md, self.collector), "seminar-narrative", 150)
        # After the paragraph anchors (7), which give top-level paragraphs their ids.
        md.treeprocessors.register(
            _NoteParagraphs(md, self.collector), "seminar-cite-paragraphs", 6
        )
