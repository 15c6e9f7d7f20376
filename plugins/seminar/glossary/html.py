"""Work on rendered pages after all are built: definitions, stores and back-links.

Everything here reads HTML with the standard library's `HTMLParser` and cuts
or splices the original text at the offsets the parser reports, so the HTML
that Markdown produced is kept byte for byte wherever it is not changed.
"""

from __future__ import annotations

import functools
import html
import posixpath
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from seminar.glossary.treeprocessor import popup_id

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from seminar.glossary.source import Glossary

URL_ATTRIBUTES = frozenset({"href", "src"})


class _OffsetParser(HTMLParser):
    """An HTMLParser that knows the character offset of the current tag."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self._line_starts = [0]
        newline = text.find("\n")
        while newline != -1:
            self._line_starts.append(newline + 1)
            newline = text.find("\n", newline + 1)

    def char_offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column


class DefinitionSpans(NamedTuple):
    """Where each entry's definitions are in the glossary page's HTML."""

    inner: dict[str, list[tuple[int, int]]]  # slug -> (start, end) of each <dd>'s content


class _Definitions(_OffsetParser):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.inner: dict[str, list[tuple[int, int]]] = {}
        self._open: list[tuple[str | None, int]] = []  # one per open <dd>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "dd":
            return
        start = self.char_offset() + len(self.get_starttag_text() or "")
        self._open.append((dict(attrs).get("data-seminar-term"), start))

    def handle_endtag(self, tag: str) -> None:
        if tag != "dd" or not self._open:
            return
        slug, start = self._open.pop()
        if slug:
            self.inner.setdefault(slug, []).append((start, self.char_offset()))


def find_definitions(page_html: str) -> DefinitionSpans:
    """Locate the `<dd data-seminar-term="SLUG">` elements of the glossary page."""
    parser = _Definitions(page_html)
    parser.feed(page_html)
    parser.close()
    return DefinitionSpans(parser.inner)


def definitions_html(page_html: str, spans: DefinitionSpans) -> dict[str, str]:
    """The inner HTML of each entry's definitions, joined in page order."""
    return {
        slug: "\n".join(page_html[start:end].strip() for start, end in ranges)
        for slug, ranges in spans.inner.items()
    }


def insert_after_definitions(
    page_html: str, spans: DefinitionSpans, block: Callable[[str], str | None]
) -> str:
    """Put `block(slug)` at the end of the last definition of each entry.

    The blocks are asked for in page order and joined as they come, so a caller can
    render each one only when it is wanted (a big glossary's "Used in" lists are
    never all in memory at once).
    """
    pieces: list[str] = []
    position = 0
    for at, slug in sorted((ranges[-1][1], slug) for slug, ranges in spans.inner.items()):
        inserted = block(slug)
        if inserted:
            pieces += [page_html[position:at], inserted]
            position = at
    pieces.append(page_html[position:])
    return "".join(pieces)


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return parts


def relative_url(url: str, from_page: str) -> str:
    """`url` (relative to the site root, may have a fragment) as seen from `from_page`.

    Same rules as MkDocs' `get_relative_url`: a last part with a dot is a file.

    >>> relative_url("glossary/#term-x", "essay/")
    '../glossary/#term-x'
    """
    path, hash_sign, fragment = url.partition("#")
    if hash_sign and path == from_page:
        return "#" + fragment
    return _relative_path(path, from_page) + (hash_sign + fragment)


@functools.lru_cache(maxsize=1024)
def _relative_path(path: str, from_page: str) -> str:
    """The path part of `relative_url` (a site has few pages and many fragments)."""
    folder, _, name = from_page.rpartition("/")
    base = _parts(folder if "." in name else from_page)
    target = _parts(path)
    common = 0
    for a, b in zip(base, target, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    if path.endswith("/") or not target or relative == ".":
        relative += "/"
    return relative


def _absolute(url: str, from_page: str) -> str | None:
    """A link of `from_page` as a URL from the site root (None: it stays as written)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "mailto:", "data:")):
        return None
    base = posixpath.dirname(from_page) if not from_page.endswith("/") else from_page[:-1]
    if parts.path:
        absolute = posixpath.normpath(posixpath.join(base, parts.path))
        absolute = "" if absolute == "." else absolute
        if parts.path.endswith("/") and absolute:
            absolute += "/"
    else:
        absolute = from_page
    rebuilt = urlunsplit(("", "", absolute, parts.query, ""))
    fragment = "#" + parts.fragment if parts.fragment else ""
    return rebuilt + fragment


#: A start tag to write again on each page: its name, its attributes (name, value, and for
#: a URL of the site, the URL from the site root) and how it closes.
_Tag = tuple[str, tuple[tuple[str, str | None, str | None], ...], str]


class Rebasable(NamedTuple):
    """An HTML fragment of one page, read once, to copy into any other (`rebase`).

    Attributes:
        text: The fragment.
        from_page: The URL of the page it comes from.
        tags: (start, end, tag) of each start tag that has a URL or an id, in order.
    """

    text: str
    from_page: str
    tags: tuple[tuple[int, int, _Tag], ...]


class _TagsToRebase(_OffsetParser):
    def __init__(self, text: str, from_page: str) -> None:
        super().__init__(text)
        self.from_page = from_page
        self.tags: list[tuple[int, int, _Tag]] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closing: str) -> None:
        if not any(name in URL_ATTRIBUTES or name == "id" for name, _ in attrs):
            return
        kept = tuple(
            (
                name,
                value,
                _absolute(value, self.from_page)
                if name in URL_ATTRIBUTES and value is not None
                else None,
            )
            for name, value in attrs
        )
        start = self.char_offset()
        end = start + len(self.get_starttag_text() or "")
        self.tags.append((start, end, (tag, kept, closing)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " />")


def rebasable(fragment: str, from_page: str) -> Rebasable:
    """Read a fragment of `from_page` once, for `rebase` to copy into many pages."""
    if "href=" not in fragment and "src=" not in fragment and "id=" not in fragment:
        return Rebasable(fragment, from_page, ())  # nothing to change (most definitions)
    parser = _TagsToRebase(fragment, from_page)
    parser.feed(fragment)
    parser.close()
    return Rebasable(fragment, from_page, tuple(parser.tags))


def rebase(fragment: Rebasable, to_page: str) -> str:
    """The fragment with its relative links made to work on `to_page`, and no ids.

    Ids are dropped: the copy must not repeat an id of the page it comes from.
    """
    if not fragment.tags:
        return fragment.text
    text, moved = fragment.text, fragment.from_page != to_page
    pieces: list[str] = []
    position = 0
    for start, end, (tag, attrs, closing) in fragment.tags:
        pieces += [text[position:start], "<", tag]
        for name, value, absolute in attrs:
            if name == "id":
                continue
            if value is None:
                pieces.append(f" {name}")
                continue
            if absolute is not None and moved:
                value = relative_url(absolute, to_page)
            pieces.append(f' {name}="{html.escape(value, quote=True)}"')
        pieces.append(closing)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def rebase_urls(fragment: str, from_page: str, to_page: str) -> str:
    """Make the relative links of an HTML fragment from one page work on another.

    Ids are dropped: the copy must not repeat an id of the page it comes from. (A
    fragment copied into many pages is read once with `rebasable`.)

    Args:
        fragment: HTML cut from the page whose URL is `from_page`.
        from_page: that page's URL, relative to the site root (`glossary/`).
        to_page: the URL of the page the fragment is copied into.
    """
    return rebase(rebasable(fragment, from_page), to_page)


class PopupStores:
    """The hidden `<section>` holding the definitions a page's term links show.

    Each entry's item is made once for every page: its definition read once
    (`rebasable`), and whole when the definition has no link or id to change
    (most have none); a page's store only joins items.

    Args:
        glossary: The parsed glossary (for the terms' names).
        definitions: Each entry's definition HTML, as on the glossary page.
        glossary_url: The glossary page's URL, which the definitions' links are from.
    """

    def __init__(
        self, glossary: Glossary, definitions: Mapping[str, str], glossary_url: str
    ) -> None:
        self.glossary = glossary
        self.definitions = definitions
        self.glossary_url = glossary_url
        # Slug -> (the item, or its head if the definition changes per page; that definition)
        self._items: dict[str, tuple[str, Rebasable | None] | None] = {}

    def _item(self, slug: str) -> tuple[str, Rebasable | None] | None:
        if slug not in self._items:
            entry = self.glossary.entry(slug)
            body = self.definitions.get(slug)
            found = None
            if entry is not None and body is not None:
                head = (
                    f'<div id="{popup_id(entry.slug)}" class="seminar-def">'
                    f'<p class="seminar-def__term"><strong>{html.escape(entry.term.text)}'
                    "</strong></p>"
                )
                definition = rebasable(body, self.glossary_url)
                found = (
                    (head + body + "</div>", None) if not definition.tags else (head, definition)
                )
            self._items[slug] = found
        return self._items[slug]

    def store(self, slugs: Iterable[str], page_url: str) -> str:
        """The store of a page (at `page_url`) whose links show the entries `slugs`."""
        items: list[str] = []
        for slug in slugs:
            found = self._item(slug)
            if found is None:
                continue
            text, definition = found
            items.append(
                text if definition is None else f"{text}{rebase(definition, page_url)}</div>"
            )
        if not items:
            return ""
        # The copies are not this page's text: the plugin adds the store after search has
        # indexed the page (see `SeminarPlugin.on_page_context`).
        return '\n<section hidden class="seminar-glossary-store">' + "".join(items) + "</section>\n"
