"""Link glossary terms in a rendered page, and mark up the glossary page itself.

A Python-Markdown extension whose treeprocessors walk the element tree after
inline processing:

* occurrences of terms become `<a class="seminar-term" href="glossary.md#term-SLUG"
  data-seminar-popup="seminar-def-SLUG">` (MkDocs then makes the href relative), or,
  when the caller gives the glossary's URL (the plugin does), the same link with its
  final href, as finished HTML put in once the page is written (`_finished_link`);
* `[words](glossary.md#term-SLUG)` written by the author is kept and made a term link;
* nothing is linked in skip zones (`SKIP_TAGS`, `SKIP_CLASSES`, the glossary's
  term lines, an entry's own definition);
* every occurrence is recorded with its section and paragraph for back-links;
* a page whose tree is the same as in the last build gets the same changes back
  (`LinkedPage`, kept in memory under `serve`, on disk otherwise), without a walk or
  a match;
* on the glossary page, each term line gets `id="term-SLUG"`, each definition
  `data-seminar-term="SLUG"`, and an A-Z jump bar goes before the first list.
"""

from __future__ import annotations

import marshal
import os
import posixpath
import re
import sys
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal, NamedTuple, cast
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.serializers import (  # type: ignore[attr-defined]
    _escape_attrib_html,
    _escape_cdata,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX, AtomicString

from seminar.glossary.source import slugify
from seminar.memo import rendering_code

if TYPE_CHECKING:
    from seminar.glossary.matcher import TermMatcher
    from seminar.glossary.source import Glossary
    from seminar.memo import Memo

LinkMode = Literal["first", "all", "none"]

SKIP_TAGS = frozenset(
    {"code", "pre", "kbd", "samp", "a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}
)
SKIP_CLASSES = frozenset({"citation", "seminar-term", "seminar-skip"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TERM_CLASS = "seminar-term"

#: After `inline` (20), `attr_list` (8) and paragraph anchors (7); before MkDocs
#: collects anchors (5) and makes `.md` links relative (0).
LINK_PRIORITY = 6
#: After `toc` (5) has given headings their ids.
RECORD_PRIORITY = 1
#: Right after Python-Markdown puts its stash of raw HTML back (30), where a link held
#: there would go in.
LINKS_PRIORITY = 25
#: How a finished term link's placeholder starts in the text (its number and ETX
#: follow). Python-Markdown drops STX and ETX from what the author writes, and its own
#: placeholders are `STX klzzwxh:N ETX` and `STX N ETX`: no text has one of these.
LINK_PLACEHOLDER = f"{STX}seminar-term:"
#: A whole placeholder, its number captured: the exact token, never HTML.
_LINK_PLACEHOLDER_RE = re.compile(f"{re.escape(LINK_PLACEHOLDER)}([0-9]+){ETX}")


def _placeholder(number: int) -> str:
    return f"{LINK_PLACEHOLDER}{number}{ETX}"


def term_anchor(slug: str) -> str:
    """The id of a term line on the glossary page."""
    return f"term-{slug}"


def popup_id(slug: str) -> str:
    """The id of the element holding an entry's definition inside a page."""
    return f"seminar-def-{slug}"


class Occurrence(NamedTuple):
    """Where a term occurs: a page, the section it is in, the paragraph."""

    slug: str
    section_id: str | None
    section_title: str
    section_level: int
    paragraph: str | None


#: A section of a page: its heading's id, text and level (None, "", 0 before any heading).
Section = tuple[str | None, str, int]


#: Where a text gets term links: (start, end, entry slug) for each, one after another.
Spans = tuple[int | str, ...]


class LinkedPage(NamedTuple):
    """What the linker did to one page's tree, to do again to the same tree.

    Elements are known by their place in `root.iter()` order: linking with finished
    links (the plugin's way) replaces words of texts and tails with links and changes
    an author's glossary links' attributes, never which elements there are.

    On disk, only numbers and slugs: the words are in the tree the record is used on,
    and each changed text or tail is given as where its links go (`Spans`). In memory
    (`serve`), each changed text or tail is given as it became, placeholders and all,
    with the page's finished links in `links`: a replay then only puts them back (the
    heavy course's 15,000 links cost a rebuild 25 ms more to make again).
    """

    # (element, its text's links or new text or None, the same for its tail, its
    # attributes or None)
    changes: tuple[
        tuple[int, Spans | str | None, Spans | str | None, tuple[tuple[str, str], ...] | None],
        ...,
    ]
    linked: tuple[str, ...]  # the entries the page links, first link first
    slugs: tuple[str, ...]  # each occurrence's entry, its heading element (-1: none), its
    headings: tuple[int, ...]  # paragraph id: what `TermRecorder` turns into occurrences
    paragraphs: tuple[str | None, ...]
    problems: tuple[tuple[str, str], ...]
    links: tuple[str, ...] = ()  # the finished links, by placeholder number (in memory)


def linking_code() -> str:
    """A hash of the code that links terms, and of the Python-Markdown whose HTML it copies."""
    import markdown

    from seminar.glossary import matcher, source

    # The trie's module by its path: imported only when a page is matched (`TermMatcher`).
    alternation = os.path.join(os.path.dirname(os.path.dirname(__file__)), "alternation.py")
    modules = (__file__, matcher.__file__, source.__file__, alternation)
    return rendering_code(*modules) + markdown.__version__


def tree_key(elements: list[etree.Element], stash: list[str | etree.Element]) -> tuple[object, ...]:
    """Everything of a page's tree and stash of raw HTML that linking reads, as one tuple.

    Each element's tag, number of children (together, the shape of the tree), the
    attributes the linker looks at, text and tail, and whether those are atomic (never
    linked); then the stashed HTML, whose tags open and close skip zones. One flat
    tuple, not a tuple per element: `serve` keeps it until the next build.
    """
    parts: list[object] = []
    add = parts.append
    for element in elements:
        text, tail = element.text, element.tail
        tag = element.tag
        # `etree.Comment` and the like are functions: named, so a key on disk is stable.
        add(tag if isinstance(tag, str) else f"{tag.__module__}.{tag.__qualname__}")
        add(len(element))
        add(element.get("class"))
        add(element.get("href"))
        add(element.get("id"))
        atomic = isinstance(text, AtomicString) + 2 * isinstance(tail, AtomicString)
        if atomic:
            # As plain strings: a `str` subclass's instances are objects the garbage
            # collector tracks, and `serve` keeps the key until the next build.
            text = str(text) if text is not None else None
            tail = str(tail) if tail is not None else None
        add(text)
        add(tail)
        add(atomic)
    parts.extend(block if isinstance(block, str) else id(block) for block in stash)
    return tuple(parts)


class PageTerms:
    """What the linker found on one page.

    Occurrence `n` is the term `slugs[n]` in the section `sections[section_of[n]]`,
    paragraph `paragraphs[n]`: parallel lists, not a record per occurrence. A big
    course has tens of thousands, and as many objects alive until the end of the
    build cost the heavy course one more full pass of the garbage collector per
    build or `serve` rebuild (`occurrences` makes the records for a reader who
    wants them). A plain class: a dataclass costs every build about 0.4 ms to import.
    """

    __slots__ = ("linked", "paragraphs", "problems", "section_of", "sections", "slugs")

    def __init__(
        self,
        slugs: list[str] | None = None,
        section_of: list[int] | None = None,
        paragraphs: list[str | None] | None = None,
        sections: list[Section] | None = None,
    ) -> None:
        self.slugs = slugs if slugs is not None else []
        self.section_of = section_of if section_of is not None else []
        self.paragraphs = paragraphs if paragraphs is not None else []
        self.sections = sections if sections is not None else []
        self.linked: list[str] = []
        # (the link as written, what is wrong with it)
        self.problems: list[tuple[str, str]] = []

    def seal(self) -> None:
        """Hold the finished page's findings in tuples, read-only from now on.

        The garbage collector visits a list on each of its passes until the end of
        the build, and stops visiting a tuple of strings and numbers once it has seen
        it: six lists a page, 1,800 on the heavy course, each serve rebuild.
        """
        for name in ("slugs", "section_of", "paragraphs", "sections", "linked", "problems"):
            setattr(self, name, tuple(getattr(self, name)))

    @property
    def occurrences(self) -> list[Occurrence]:
        """Every occurrence on the page, in order, as a record."""
        return [
            Occurrence(slug, *self.sections[section], paragraph)
            for slug, section, paragraph in zip(
                self.slugs, self.section_of, self.paragraphs, strict=True
            )
        ]


class GlossaryLinker:
    """The glossary, its matcher and what was found, shared by all pages of a build.

    The plugin calls `begin_page` before each page is rendered; the
    treeprocessors read the current page from here.

    Args:
        glossary: the parsed glossary.
        matcher: its compiled matcher.
        glossary_src: the glossary page's path inside `docs_dir` (`glossary.md`).
        mode: link the `first` occurrence per section, `all`, or `none`.
    """

    def __init__(
        self,
        glossary: Glossary,
        matcher: TermMatcher,
        glossary_src: str,
        mode: LinkMode,
        linked_pages: Memo[LinkedPage | bytes] | None = None,
    ) -> None:
        self.glossary = glossary
        self.matcher = matcher
        # What linking did to each page's tree, kept from the last build, by the tree
        # (`tree_key`): under `serve` in memory, else on disk in `marshal`'s format.
        self.linked_pages = linked_pages
        self.glossary_src = glossary_src
        self.mode = mode
        self.page_src: str | None = None
        self.page_glossary_url: str | None = None
        self.pages: dict[str, PageTerms] = {}
        # Term links as written, by the glossary's URL from the page (`_finished_link`).
        self.written: dict[str, dict[str, str]] = {}

    def begin_page(self, src_uri: str, glossary_url: str | None = None) -> None:
        """Start a page: its earlier results (from a previous render) are dropped.

        Args:
            src_uri: The page's path inside `docs_dir`.
            glossary_url: The glossary page's final URL relative to this page's (`""`
                on the glossary itself), if the caller knows it. Term links then get
                it directly, and the host's link rewriting never sees them: MkDocs
                would resolve and check each of thousands of links that point to
                anchors the glossary page makes itself. Without it, links point to
                the glossary's source path (`glossary.md#term-…`), for the host to
                rewrite.
        """
        finished = self.pages.get(self.page_src) if self.page_src is not None else None
        if finished is not None:
            finished.seal()
        self.page_src = src_uri
        self.page_glossary_url = glossary_url
        self.pages[src_uri] = PageTerms()

    def glossary_href(self, page_src: str) -> str:
        """The glossary page's source path, relative to a page's folder."""
        if page_src == self.glossary_src:
            return ""
        return posixpath.relpath(self.glossary_src, posixpath.dirname(page_src) or ".")

    def target_of(self, page_src: str, href: str) -> str | None:
        """The entry slug an author's link points to, or None if not a glossary link.

        Raises:
            KeyError: the link points to a `#term-…` anchor that no entry has.
        """
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.fragment.startswith("term-"):
            return None
        path = unquote(parts.path)
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
            if path
            else page_src
        )
        if target != self.glossary_src:
            return None
        entry = self.glossary.entry(parts.fragment.removeprefix("term-"))
        if entry is None:
            raise KeyError(parts.fragment)
        return entry.slug


class _RawTags(HTMLParser):
    """The start and end tags in a piece of raw HTML that Markdown stashed away."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, bool]] = []  # (tag, is skip zone) or (tag, end)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "col"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.events.append(("+" + tag, tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("-" + tag, False))


def _classes(element: etree.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: etree.Element) -> str:
    """The visible text of an element, without a `toc` permalink."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if "headerlink" not in _classes(child):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


class TermLinker(Treeprocessor):
    """Link term occurrences and record them; mark up the glossary page."""

    def __init__(self, md: Markdown, linker: GlossaryLinker) -> None:
        super().__init__(md)
        self.linker = linker
        # Each occurrence's slug, heading element and paragraph id, in three lists (see
        # `PageTerms`); TermRecorder records them once headings have their ids.
        self.pending_slugs: list[str] = []
        self.pending_headings: list[etree.Element | None] = []
        self.pending_paragraphs: list[str | None] = []
        self.links: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.links = []  # this page's finished links, by placeholder number
        page = self.linker.page_src
        if page is None:
            return
        self.page = page
        self.found = self.linker.pages.setdefault(page, PageTerms())
        self.is_glossary = page == self.linker.glossary_src
        final = self.linker.page_glossary_url
        self.href = self.linker.glossary_href(page) if final is None else final
        # With its final URL known, a link goes in as finished HTML (`_finished_link`).
        self.finished = final is not None
        # Links as written from this page's folder, by slug and words ("slug#words": a
        # string, which the garbage collector never tracks, not a tuple per link): a
        # term is linked many times, on a page and on the pages next to it.
        self.written = self.linker.written.setdefault(self.href, {})
        self.linked_here = set(self.found.linked)
        self.section: etree.Element | None = None
        self.section_linked: set[str] = set()
        self.definitions: dict[int, str] = {}
        self.term_lines: set[int] = set()
        self.own_entry: str | None = None
        self.touched: set[int] = set()  # ids of the author's links made term links
        # Where the text being linked gets links (`Spans`), and each text's and tail's,
        # by (element id, is tail): what `LinkedPage` records.
        self.spans: list[int | str] = []
        self.spans_of: dict[tuple[int, bool], Spans] = {}
        self.take_pending()
        memo = self.linker.linked_pages
        if not self.finished or memo is None or not memo.keep:
            self._link(root)
            return
        # A page whose tree is the same as in the last build gets the same changes,
        # without walking it or matching a term again. (The tree as Python-Markdown made
        # it: the glossary page's marks go in after, on a replay as on a walk.)
        elements = list(root.iter())
        stash = self.md.htmlStash
        key = (
            self.linker.matcher.digest,
            page,
            self.href,
            self.linker.mode,
            tuple(self.found.linked),
            tree_key(elements, stash.rawHtmlBlocks),
        )
        made: list[LinkedPage] = []

        def link_and_record() -> LinkedPage:
            made.append(self._link_and_record(root, elements, texts=memo.in_memory))
            return made[0]

        if memo.in_memory:
            kept = memo.get(key, link_and_record)
        else:
            # On disk, each page's record stays bytes (`marshal`) until its page needs it.
            kept = memo.get(key, lambda: marshal.dumps(tuple(link_and_record())))
        if made:
            return
        record = kept if isinstance(kept, LinkedPage) else LinkedPage(*marshal.loads(kept))
        jump_bar = self._mark_glossary(root) if self.is_glossary else None
        self._replay(record, elements)
        if jump_bar is not None:
            self._insert_jump_bar(root, *jump_bar)

    def _spliced(self, text: str, spans: Spans) -> str:
        """`text` with a finished link in place of each span's words."""
        starts = cast("tuple[int, ...]", spans[0::3])
        ends = cast("tuple[int, ...]", spans[1::3])
        slugs = cast("tuple[str, ...]", spans[2::3])
        pieces: list[str] = []
        position = 0
        for start, end, slug in zip(starts, ends, slugs, strict=True):
            pieces += (text[position:start], self._finished_link(slug, text[start:end]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _link(self, root: etree.Element) -> None:
        jump_bar = self._mark_glossary(root) if self.is_glossary else None
        for top in root:
            self.raw_stack: list[bool] = []
            self.paragraph = top.get("id") if top.tag == "p" else None
            self._walk(top, skipping=False)
        if jump_bar is not None:
            self._insert_jump_bar(root, *jump_bar)

    def _link_and_record(
        self, root: etree.Element, elements: list[etree.Element], *, texts: bool
    ) -> LinkedPage:
        """Link the page with finished links, and record what changed in its texts and links.

        With `texts`, the changed texts and tails themselves and the page's links are
        recorded, else where the links go in them (see `LinkedPage`). The glossary
        page's marks (ids, definitions' slugs, the A-Z bar) are not recorded: a replay
        makes them again, as `_link` does.
        """
        linked, problems = len(self.found.linked), len(self.found.problems)
        self._link(root)
        changes: list[
            tuple[int, Spans | str | None, Spans | str | None, tuple[tuple[str, str], ...] | None]
        ] = []
        headings: dict[int, int] = {}
        spans = self.spans_of
        for index, element in enumerate(elements):
            text: Spans | str | None = spans.get((id(element), False))
            tail: Spans | str | None = spans.get((id(element), True))
            attributes = tuple(element.attrib.items()) if id(element) in self.touched else None
            if text or tail or attributes:
                if texts:
                    text = element.text if text else None
                    tail = element.tail if tail else None
                changes.append((index, text, tail, attributes))
            if element.tag in HEADINGS:
                headings[id(element)] = index
        return LinkedPage(
            tuple(changes),
            tuple(self.found.linked[linked:]),
            tuple(self.pending_slugs),
            tuple(-1 if h is None else headings[id(h)] for h in self.pending_headings),
            tuple(self.pending_paragraphs),
            tuple(self.found.problems[problems:]),
            tuple(self.links) if texts else (),
        )

    def _replay(self, record: LinkedPage, elements: list[etree.Element]) -> None:
        """Make the changes `record` holds to a tree equal to the one it was made on."""
        if record.links:
            self.links = list(record.links)
        for index, text, tail, attributes in record.changes:
            element = elements[index]
            if isinstance(text, str):
                element.text = text
            elif text:
                element.text = self._spliced(element.text or "", text)
            if isinstance(tail, str):
                element.tail = tail
            elif tail:
                element.tail = self._spliced(element.tail or "", tail)
            if attributes is not None:
                element.attrib.clear()
                element.attrib.update(attributes)
        self.found.problems += record.problems
        self.pending_headings += [None if h < 0 else elements[h] for h in record.headings]
        if record.links:  # kept in memory: its strings are the ones the last build made
            self.found.linked += record.linked
            self.pending_slugs += record.slugs
            self.pending_paragraphs += record.paragraphs
            return
        # Interned: read from disk, each occurrence's slug and paragraph id would be a
        # string of its own, alive until the end of the build (13,700 of each on the
        # benchmark's heavy course, 2.4 MiB more at its peak).
        self.found.linked += map(sys.intern, record.linked)
        self.pending_slugs += map(sys.intern, record.slugs)
        self.pending_paragraphs += [p if p is None else sys.intern(p) for p in record.paragraphs]

    def take_pending(
        self,
    ) -> tuple[list[str], list[etree.Element | None], list[str | None]]:
        """The occurrences found since the last call: slugs, headings, paragraph ids."""
        pending = self.pending_slugs, self.pending_headings, self.pending_paragraphs
        self.pending_slugs, self.pending_headings, self.pending_paragraphs = [], [], []
        return pending

    # The glossary page -------------------------------------------------------

    def _mark_glossary(self, root: etree.Element) -> tuple[etree.Element, dict[str, str]] | None:
        """Give term lines their ids; return where the A-Z bar goes and its targets."""
        first_list: etree.Element | None = None
        letters: dict[str, str] = {}
        for dl in root.iter("dl"):
            entry_slug: str | None = None
            previous = ""
            for child in dl:
                if child.tag == "dt":
                    slug = slugify(_text(child))
                    entry = self.linker.glossary.entry(slug)
                    if entry is None:
                        continue
                    first_list = first_list if first_list is not None else dl
                    child.set("id", term_anchor(slug))
                    self.term_lines.add(id(child))
                    if previous != "dt":
                        entry_slug = entry.slug
                        letter = entry.term.text[:1].upper()
                        letters.setdefault(letter, term_anchor(entry.slug))
                elif child.tag == "dd" and entry_slug is not None:
                    child.set("data-seminar-term", entry_slug)
                    self.definitions[id(child)] = entry_slug
                previous = child.tag
        return (first_list, letters) if first_list is not None else None

    def _insert_jump_bar(
        self, root: etree.Element, first_list: etree.Element, letters: dict[str, str]
    ) -> None:
        nav = etree.Element("nav", {"class": "seminar-az", "aria-label": "Glossary A to Z"})
        for code in range(ord("A"), ord("Z") + 1):
            letter = chr(code)
            if letter in letters:
                link = etree.SubElement(nav, "a", {"href": "#" + letters[letter]})
            else:
                link = etree.SubElement(nav, "span", {"aria-hidden": "true"})
            link.text = letter
            link.tail = " "
        parents = {child: parent for parent in root.iter() for child in parent}
        parent = parents.get(first_list, root)
        parent.insert(list(parent).index(first_list), nav)

    # Linking -----------------------------------------------------------------

    def _walk(self, element: etree.Element, *, skipping: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HEADINGS:
            self.section, self.section_linked = element, set()
        if tag == "a":
            self._explicit_link(element)
        classes = element.get("class")
        skip = (
            skipping
            or tag in SKIP_TAGS
            or (classes is not None and not SKIP_CLASSES.isdisjoint(classes.split()))
            or id(element) in self.term_lines
        )
        outer_entry = self.own_entry
        if id(element) in self.definitions:
            self.own_entry = self.definitions[id(element)]
        children = list(element)
        if element.text:
            element.text, links = self._link_text(element.text, skip)
            if self.spans:
                self.spans_of[id(element), False] = tuple(self.spans)
            for position, link in enumerate(links):
                element.insert(position, link)
        for child in children:
            self._walk(child, skipping=skip)
            if child.tail:
                child.tail, links = self._link_text(child.tail, skip)
                if self.spans:
                    self.spans_of[id(child), True] = tuple(self.spans)
                if links:
                    at = list(element).index(child) + 1
                    for offset, link in enumerate(links):
                        element.insert(at + offset, link)
        self.own_entry = outer_entry

    def _explicit_link(self, element: etree.Element) -> None:
        href = element.get("href")
        if not href or TERM_CLASS in _classes(element):
            return
        try:
            slug = self.linker.target_of(self.page, href)
        except KeyError as error:
            self.found.problems.append(
                (
                    href,
                    f"the link '{href}' points to the glossary anchor '#{error.args[0]}', but no "
                    "term has it. Fix: use the anchor shown on the glossary page, "
                    "'#term-' followed by the term in lower case with hyphens.",
                )
            )
            return
        if slug is None:
            return
        element.set("class", " ".join([*(element.get("class") or "").split(), TERM_CLASS]))
        element.set("data-seminar-popup", popup_id(slug))
        self.touched.add(id(element))
        self._record(slug, linked=True)

    def _link_text(self, text: str, skip: bool) -> tuple[str, list[etree.Element]]:
        """Split `text` into the text before the first link and the link elements."""
        self.spans.clear()
        if isinstance(text, AtomicString):
            return text, []
        pieces: list[str | etree.Element] = []
        position = 0
        if STX in text:  # Python-Markdown's placeholders for raw HTML start with it
            for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
                self._link_segment(text[position : placeholder.start()], skip, pieces, position)
                pieces.append(placeholder.group())
                self._track_raw_html(int(placeholder.group(1)))
                position = placeholder.end()
        self._link_segment(text[position:], skip, pieces, position)
        if len(pieces) == 1 and isinstance(pieces[0], str):
            return pieces[0], []  # nothing linked: the common case
        head: list[str] = []
        links: list[etree.Element] = []
        for piece in pieces:
            if isinstance(piece, str):
                if links:
                    links[-1].tail = (links[-1].tail or "") + piece
                else:
                    head.append(piece)
            else:
                links.append(piece)
        return "".join(head), links

    def _track_raw_html(self, index: int) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        raw = blocks[index] if index < len(blocks) else None
        if not isinstance(raw, str):
            return
        parser = _RawTags()
        parser.feed(raw)
        parser.close()
        for event, is_skip in parser.events:
            if event.startswith("+"):
                self.raw_stack.append(is_skip or any(self.raw_stack))
            elif self.raw_stack:
                self.raw_stack.pop()

    def _link_segment(
        self, text: str, skip: bool, pieces: list[str | etree.Element], offset: int
    ) -> None:
        """Link the terms of `text`, found at `offset` in its element's text or tail."""
        if skip or (self.raw_stack and self.raw_stack[-1]) or not text:
            pieces.append(text)
            return
        position = 0
        for start, end, slug in self.linker.matcher.finditer(text):
            if slug == self.own_entry:
                continue  # an entry's definition never links to itself
            if not self._should_link(slug):
                self._record(slug, linked=False)
                continue
            self._record(slug, linked=True)
            pieces.append(text[position:start])
            if self.finished:
                pieces.append(self._finished_link(slug, text[start:end]))
                self.spans += (offset + start, offset + end, slug)
            else:
                href = f"{self.href}#{term_anchor(slug)}"
                link = etree.Element(
                    "a", {"class": TERM_CLASS, "href": href, "data-seminar-popup": popup_id(slug)}
                )
                link.text = AtomicString(text[start:end])
                pieces.append(link)
            position = end
        pieces.append(text[position:])

    def _finished_link(self, slug: str, words: str) -> str:
        """A term link as Python-Markdown would write it, held until the page is written.

        The text keeps a placeholder (`LINK_PLACEHOLDER`, the link's number), which
        `TermLinks` replaces with the link once the page is written out, where a link
        held in Python-Markdown's stash of raw HTML would go in. The host's link
        rewriting (MkDocs checks and makes relative every `<a>` in the tree) never
        sees a link whose URL is already final, and nothing after us walks, escapes
        and writes out one element per term: a big course has thousands. Not in the
        stash itself: Python-Markdown reads each entry there again for placeholders
        (about 4 µs a link), where `TermLinks` puts all of a page's in one pass.
        """
        key = f"{slug}#{words}"  # a slug has no "#"
        link = self.written.get(key)
        if link is None:
            href = f"{self.href}#{term_anchor(slug)}"
            link = self.written[key] = (
                f'<a class="{TERM_CLASS}" data-seminar-popup="{popup_id(slug)}" '
                f'href="{_escape_attrib_html(href)}">{_escape_cdata(words)}</a>'
            )
        self.links.append(link)
        return _placeholder(len(self.links) - 1)

    def _should_link(self, slug: str) -> bool:
        mode = self.linker.mode
        if mode == "none":
            return False
        if mode == "first":
            return slug not in self.section_linked
        return True

    def _record(self, slug: str, *, linked: bool) -> None:
        if linked:
            self.section_linked.add(slug)
            if slug not in self.linked_here:
                self.linked_here.add(slug)
                self.found.linked.append(slug)
        if not self.is_glossary:
            self.pending_slugs.append(slug)
            self.pending_headings.append(self.section)
            self.pending_paragraphs.append(self.paragraph)


class TermRecorder(Treeprocessor):
    """Turn the linker's findings into occurrences, once headings have their ids."""

    def __init__(self, md: Markdown, term_linker: TermLinker) -> None:
        super().__init__(md)
        self.term_linker = term_linker

    def run(self, root: etree.Element) -> None:
        linker = self.term_linker.linker
        slugs, headings, paragraphs = self.term_linker.take_pending()
        if linker.page_src is None or not slugs:
            return
        found = linker.pages.setdefault(linker.page_src, PageTerms())
        # Each heading's section, by the element's id (None: before the first heading).
        numbers: dict[int, int] = {}
        for heading in headings:
            if id(heading) not in numbers:
                numbers[id(heading)] = len(found.sections)
                found.sections.append(
                    (heading.get("id"), _text(heading), int(heading.tag[1]))
                    if heading is not None
                    else (None, "", 0)
                )
        found.section_of += [numbers[id(heading)] for heading in headings]
        found.slugs += slugs
        found.paragraphs += paragraphs


class TermLinks(Postprocessor):
    """Put each finished term link in place of its placeholder, in one pass over the page.

    The placeholders are the linker's own (`LINK_PLACEHOLDER`), found by splitting the
    written page at their exact start; nothing else of the page is looked at.
    """

    def __init__(self, md: Markdown, term_linker: TermLinker) -> None:
        super().__init__(md)
        self.term_linker = term_linker

    def run(self, text: str) -> str:
        links = self.term_linker.links
        if not links or LINK_PLACEHOLDER not in text:
            return text
        # The text, then each placeholder's number and the text after it, in turn.
        pieces = _LINK_PLACEHOLDER_RE.split(text)
        count = len(links)
        for index in range(1, len(pieces), 2):
            number = int(pieces[index])
            # A number past this page's links is not one of ours: left as it is.
            pieces[index] = links[number] if number < count else _placeholder(number)
        return "".join(pieces)


class GlossaryExtension(Extension):
    """Register the term linker and recorder for every page MkDocs renders."""

    def __init__(self, linker: GlossaryLinker) -> None:
        super().__init__()
        self.linker = linker

    def extendMarkdown(self, md: Markdown) -> None:
        term_linker = TermLinker(md, self.linker)
        md.treeprocessors.register(term_linker, "seminar-glossary", LINK_PRIORITY)
        md.treeprocessors.register(
            TermRecorder(md, term_linker), "seminar-glossary-record", RECORD_PRIORITY
        )
        md.postprocessors.register(
            TermLinks(md, term_linker), "seminar-glossary-links", LINKS_PRIORITY
        )
