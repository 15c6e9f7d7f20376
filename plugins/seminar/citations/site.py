"""One build's citations: pre-scan, format in one batch, check, and resolve every page.

The MkDocs plugin hands this class plain data (file paths, Markdown text, page
HTML) at the right events; nothing here imports MkDocs. One instance lives for a
whole `mkdocs serve` session, so the parsed `.bib` and Pandoc's results are
reused while their inputs do not change.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, NamedTuple

from seminar.citations import bibtex
from seminar.citations.engine import (
    Formatted,
    Formatter,
    Job,
    Narrowing,
    style_path,
    translations,
)
from seminar.citations.resolve import (
    Placeholder,
    find_emitted,
    find_marker,
    find_placeholders,
    splice,
)
from seminar.citations.searched import searched_bibliography, searched_words
from seminar.diskcache import Stamp, stamp_of
from seminar.memo import Memo, rendering_code
from seminar.partials import template_source

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    import jinja2

    from seminar.citations.syntax import Citation
    from seminar.diskcache import DiskCache

#: "Cited in:" in the languages Material's search supports best; English elsewhere.
CITED_IN = {
    "en": "Cited in:",
    "de": "Zitiert in:",
    "fr": "Cité dans :",
    "es": "Citado en:",
    "it": "Citato in:",
    "pt": "Citado em:",
    "nl": "Geciteerd in:",
}

PARAGRAPH = re.compile(r"p-(\d+)")
#: The id of a page's References section (its heading's, in `references.html`).
REFERENCES_ID = "seminar-references"
BIBLIOGRAPHY_TEMPLATE = "partials/seminar/bibliography.html"
#: One work's entry of the bibliography (the bibliography's template may use it or not).
BIBLIOGRAPHY_ENTRY_TEMPLATE = "partials/seminar/bibliography-entry.html"


def headings(language: str, disk: DiskCache | None = None) -> tuple[str, str]:
    """The "References" heading (Pandoc's own translation) and the "Cited in:" label."""
    heading = translations(language, disk).get("References") or "References"
    return heading, CITED_IN.get(language.replace("_", "-").split("-")[0].lower(), "Cited in:")


class PageUpdate(NamedTuple):
    """A page with its citations in place.

    Attributes:
        uri: The page.
        html: Its new HTML: what search reads.
        references: Its References section, for the end of the page once search has
            read it ("" when it has none, and on the bibliography page).
        final: What the page becomes once search has read it, when that is not just
            `html`: the bibliography page with its "Cited in" back-links, which are
            navigation, not text to search.
        searched: Each citation in `html` (as rendered) and its words, for the copy
            of the page that search reads (`searched_words`).
        heading: The References section's heading, for the page's table of contents
            ("" when it has no section).
    """

    uri: str
    html: str
    references: str = ""
    final: str | None = None
    searched: tuple[tuple[str, str], ...] = ()
    heading: str = ""


class PageCitations:
    """The citations found while rendering one page.

    A plain class, as `Place`: a dataclass costs every build about 0.3 ms to import.
    """

    __slots__ = ("citations", "source_path", "uri")

    def __init__(self, uri: str, source_path: str, citations: list[Citation]) -> None:
        self.uri = uri
        self.source_path = source_path
        self.citations = citations


class Anchor(NamedTuple):
    """A paragraph a work is cited in, as the bibliography's "Cited in" links it: `¶3`.

    A named tuple, not a namespace and its dictionary: a big course cites in
    thousands of paragraphs, kept from `on_env` until the bibliography is written.
    """

    id: str
    label: str


class Place:
    """Where a work is cited: a page and the paragraphs in it (`anchors`, added to)."""

    __slots__ = ("anchors", "title", "url")

    def __init__(self, title: str, url: str) -> None:
        self.title = title
        self.url = url
        self.anchors: list[Anchor] = []


class SiteCitations:
    """Citations for a whole site, for one build at a time."""

    def __init__(self) -> None:
        self.formatter = Formatter()
        self._bib_stamp: tuple[tuple[str, Stamp], ...] = ()
        # What each version of each `.bib` gave: in memory across `serve` rebuilds, and on
        # disk once `use_disk` is called.
        self.scans = bibtex.ScanCache()
        self.bibliography = bibtex.Bibliography()
        # The family names of the works cited (`delta`), while the `.bib` files are unchanged,
        # read as the style compares people: of the first person of each list, or of all.
        self._family: dict[str, frozenset[str] | None] = {}
        self._family_first = True
        # Whether the `.bib` files have a key, asked of them once per key (a big course asks
        # of each citation several times a build), for the bibliography object it was asked of.
        self._known: tuple[bibtex.Bibliography, dict[str, bool]] = (self.bibliography, {})
        # The BibTeX of every work cited, by the keys, for the bibliography object it was
        # cut from: a `serve` edit rarely changes which works a site cites, and cutting a
        # thousand entries again took about 5 ms of each rebuild of the benchmark's heavy course.
        self._subset: tuple[bibtex.Bibliography, frozenset[str], list[bibtex.Subset]] | None = None
        # What search reads of each rendered citation (`searched_words`), kept from one
        # `serve` build to the next: the same renderings come back on every rebuild.
        self._searched: dict[str, str] = {}
        self.pages: dict[str, PageCitations] = {}
        self.job: Job | None = None
        self.batch: list[str] = []
        # What the last job formatted: citations -> keys; style, locale, CSL, BibTeX.
        self._wanted: dict[str, tuple[str, ...]] = {}
        self._inputs: tuple[str, str, str, list[str]] | None = None
        self.style = "apa"
        self.locale = "en-US"
        self.language = "en"
        self.serving = False
        # Each page's pre-scan by its Markdown, and rendered citations, References sections
        # and the bibliography by what they show: in memory under `serve`, else on disk
        # (see `next_build`).
        self.scanned: Memo[Sequence[tuple[str, Sequence[str]]]] = Memo()
        self.rendered: Memo[str] = Memo()

    def next_build(self, *, serving: bool, disk: DiskCache | None = None) -> None:
        """Start a build; keep what the last build made for this one.

        Under `serve` in memory; otherwise the pages' pre-scans and what was rendered
        are kept in `disk`.
        """
        here = os.path.dirname(__file__)
        code = rendering_code(
            __file__, os.path.join(here, "syntax.py"), os.path.join(here, "prescan.py")
        )
        self.serving = serving
        self.scanned.next_build(keep=serving, disk=(disk, "scanned", code) if disk else None)
        code = rendering_code(__file__, os.path.join(here, "searched.py"))
        self.rendered.next_build(keep=serving, disk=(disk, "citations", code) if disk else None)

    def save(self) -> None:
        """Outside `serve`, keep this build's pre-scans and renderings on disk.

        And what it looked up in the `.bib` files, when that changed (`LookedUp`).
        """
        self.scanned.save()
        self.rendered.save()
        self.scans.keep_lookups()

    def use_disk(self, disk: DiskCache) -> None:
        """Keep `.bib` scans and Pandoc's results in `disk` between builds."""
        if disk.folder != self.scans.disk.folder:
            self.scans = bibtex.ScanCache(disk)
            self._bib_stamp = ()
        self.formatter.disk = disk

    # -- loading and pre-scan --------------------------------------------------------------

    def load(self, paths: list[str]) -> bibtex.Bibliography:
        """Parse the `.bib` files, unless they are unchanged since the last build."""
        stamp = tuple((p, stamp_of(os.stat(p))) for p in paths)
        if stamp != self._bib_stamp:
            self.bibliography = bibtex.load(paths, self.scans)
            self._bib_stamp = stamp
            self._family = {}
        return self.bibliography

    def start(self, sources: Iterable[str], style: str, locale: str, language: str = "en") -> None:
        """Pre-scan every page's Markdown and start formatting in the background.

        `sources` come in the order MkDocs renders the pages, so the batch is
        the citations in the order readers meet them.
        """
        self.pages = {}
        self.style, self.locale, self.language = style, locale, language
        batch: dict[str, tuple[str, ...]] = {}
        for text in sources:
            if "@" not in text:
                continue
            for pandoc, keys in self.scanned.get(text, functools.partial(_scan, text)):
                if all(self.knows(key) for key in keys):
                    batch.setdefault(pandoc, tuple(keys))  # a list when read from disk
        self._submit(batch)

    def _submit(self, batch: dict[str, tuple[str, ...]]) -> None:
        """Start formatting the citations (Pandoc text -> its keys), in this order.

        When the last answer is at hand for the same works, BibTeX, style and
        language, and only citations of works already cited were added, Pandoc
        formats only those and the works they could be confused with (`delta`): a
        `serve` edit that adds a citation then costs a small run, not a whole one.
        Where no small document will do, and always for a style that numbers
        citations or tests where they stand (IEEE, Chicago), it formats every
        citation, reading the style cut to its citations, and the reference list
        stays as it was.
        """
        cited = frozenset(key for keys in batch.values() for key in keys)
        cut = self._subset
        if cut is None or cut[0] is not self.bibliography or cut[1] != cited:
            cut = self._subset = (self.bibliography, cited, self.bibliography.subset(cited))
        bibs = cut[2]
        inputs = (self.style, self.locale, _style_text(self.style), [bib.text for bib in bibs])
        narrowing = None
        last = self.job
        if last is not None and last.done() and last.exception() is None and inputs == self._inputs:
            from seminar.citations import delta  # only on a rebuild (`serve`)

            free = delta.order_free(inputs[2])
            if free:
                self._names_as_compared_by(inputs[2])
            plan = delta.plan(self._wanted, batch, self.family_names, free=free)
            if plan is not None:
                small = bibs if plan.keys == cited else self.bibliography.subset(plan.keys)
                narrowing = Narrowing(plan, small, last.result())
        self.batch, self._wanted, self._inputs = list(batch), batch, inputs
        self.job = self.formatter.start(self.batch, bibs, self.style, self.locale, narrowing)

    def read_names(self) -> None:
        """Read the family names of every work cited, if the style lets `serve` narrow.

        For `serve`, once a build is done: the next rebuild that adds a citation then
        finds the works it could be confused with without reading them all first.
        """
        inputs = self._inputs
        if inputs is None or not self._wanted:
            return
        from seminar.citations import delta

        if delta.order_free(inputs[2]):
            self._names_as_compared_by(inputs[2])
            keys = {key for keys in self._wanted.values() for key in keys}
            try:
                blocks = self.bibliography.blocks(keys - self._family.keys())
            except bibtex.BibError:  # the file changed since it was loaded: the next build reads it
                return
            for key, block in blocks.items():
                self._family[key] = delta.names(block, self._family_first)

    def _names_as_compared_by(self, style_text: str) -> None:
        """Read family names as the style compares people (`delta.first_names_only`)."""
        from seminar.citations import delta

        first = delta.first_names_only(style_text)
        if first != self._family_first:
            self._family, self._family_first = {}, first

    def family_names(self, key: str) -> frozenset[str] | None:
        """The folded family names of a work (None when they cannot be known).

        Kept while the `.bib` files are unchanged: `serve` asks for every cited work's
        names on each edit that cites one again.
        """
        if key in self._family:
            return self._family[key]
        from seminar.citations.delta import names

        try:
            block = self.bibliography.block(key)
        except bibtex.BibError:  # the file changed since it was loaded: the next build reads it
            return None
        found = self._family[key] = None if block is None else names(block, self._family_first)
        return found

    # -- per page --------------------------------------------------------------------------

    def add_page(self, uri: str, source_path: str, citations: list[Citation]) -> list[str]:
        """Remember a rendered page's citations; return its problems as `path:line: …`."""
        self.pages[uri] = PageCitations(uri, source_path, list(citations))
        problems = []
        # In the page's line order (Python-Markdown converts a list after what follows it).
        for citation in sorted(citations, key=lambda c: c.line):
            for key in citation.keys:
                if not self.knows(key):
                    problems.append(f"{source_path}:{citation.line}: " + self.unknown(key))
        return problems

    def knows(self, key: str) -> bool:
        """Whether the `.bib` files have an entry `key` (asked of them once per key)."""
        bibliography, known = self._known
        if bibliography is not self.bibliography:
            bibliography, known = self._known = (self.bibliography, {})
        found = known.get(key)
        if found is None:
            found = known[key] = key in bibliography
        return found

    def unknown(self, key: str) -> str:
        """The message for an unknown key, with the closest known key."""
        import difflib  # only for a key no entry has

        close = difflib.get_close_matches(key, self.bibliography.keys(), n=1, cutoff=0.6)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        return f"unknown citation key '{key}'{hint}"

    def never_cited(self, shown: int) -> tuple[list[bibtex.BibEntry], int]:
        """The first `shown` entries no page cites, in file order, and how many there are.

        The keys are listed only until those are found, and the rest are counted (every
        entry less the works cited): a library of 20,000 entries is not gone through
        on every build.
        """
        entries = self.bibliography.entries
        cited = self._cited()
        first = list(itertools.islice((key for key in entries if key not in cited), shown))
        count = len(entries) - sum(1 for key in cited if key in entries)
        return [entries[key] for key in first], count

    def uncited_keys(self) -> list[str]:
        """Keys of the entries no page cites, in file order."""
        cited = self._cited()
        return [key for key in self.bibliography.entries if key not in cited]

    def _cited(self) -> set[str]:
        return {key for page in self.pages.values() for c in page.citations for key in c.keys}

    def uncited(self) -> Iterator[bibtex.BibEntry]:
        """Entries no page cites, in file order, made one at a time (a library may be huge)."""
        return (self.bibliography.entries[key] for key in self.uncited_keys())

    # -- resolution ------------------------------------------------------------------------

    def formatted(self, reading: dict[str, list[Citation]] | None = None) -> Formatted:
        """Pandoc's results for exactly the citations rendered, in the order read.

        The pre-scan's batch is used when it matches; otherwise (a citation the
        pre-scan could not tell apart from rendering, say in an indented code
        block) Pandoc runs again, since an extra or missing citation may change
        the style's "2019a" letters or IEEE numbers.

        Args:
            reading: Each page's citations in the order readers meet them (by their
                place in the page), when known; Python-Markdown finds them in its own
                order (a list after the paragraph below it), which is the fallback.
        """
        if reading is None:
            reading = {uri: page.citations for uri, page in self.pages.items()}
        wanted: dict[str, tuple[str, ...]] = {}
        for citations in reading.values():
            for citation in citations:
                if all(self.knows(key) for key in citation.keys):
                    wanted.setdefault(citation.pandoc(), tuple(citation.keys))
        if self.job is None or list(wanted) != self.batch:
            self._submit(wanted)
        assert self.job is not None
        return self.job.result()

    def resolve(
        self,
        env: jinja2.Environment,
        contents: dict[str, str],
        titles: dict[str, str],
        urls: dict[str, str],
        bibliography_page: str | None,
    ) -> Iterator[PageUpdate]:
        """Replace every page's placeholders; make References sections and the bibliography.

        Args:
            env: The theme's Jinja environment (so `custom_dir` overrides templates).
            contents: Page URI -> its rendered HTML. Consumed: a page leaves it when its
                new HTML is yielded, so the caller can let the old HTML go at once
                instead of holding every page twice.
            titles: Page URI -> title, for back-links.
            urls: Page URI -> its URL relative to the bibliography page.
            bibliography_page: URI of the page that shows the full bibliography.

        Yields:
            Every page that changed, the bibliography page last.
        """
        found: dict[str, list[Placeholder]] = {}
        for uri, page in self.pages.items():
            html = contents.get(uri)
            if html is None or not page.citations:
                continue
            emitted = find_emitted(html, [c.paragraph for c in page.citations])
            found[uri] = emitted if emitted is not None else find_placeholders(html)
        formatted = self.formatted(
            {
                uri: _reading_order(page.citations, found.get(uri, []))
                for uri, page in self.pages.items()
            }
        )
        self.formatter.prune(serving=self.serving)
        citation = env.get_template("partials/seminar/citation.html")
        references = env.get_template("partials/seminar/references.html")
        # A rendering is reused only from the same template text (`custom_dir` may change).
        citation_source = template_source(env, citation) if self.rendered.keep else ""
        references_source = template_source(env, references) if self.rendered.keep else ""
        heading, cited_in = headings(self.language, self.formatter.disk)
        hanging = self.style != "ieee"
        places: dict[str, dict[str, Place]] = {}
        # Each work's place in the style's bibliography order (a page lists its few works
        # in that order without going through the whole bibliography).
        rank = {key: n for n, key in enumerate(formatted.order) if key in formatted.entries}
        bibliography_html = None
        bibliography_words: tuple[tuple[str, str], ...] = ()
        # Rendered citation -> what search reads of it; the last build's, under `serve`.
        last_words, words = self._searched, {}
        for uri, page in self.pages.items():
            if uri not in contents or not page.citations:
                continue
            html = contents.pop(uri)
            placeholders = found.pop(uri)
            replacements: dict[int, str] = {}
            cited: set[str] = set()
            for placeholder in placeholders:
                if placeholder.index >= len(page.citations):
                    continue
                cite = page.citations[placeholder.index]
                missing = [k for k in cite.keys if not self.knows(k)]
                text = formatted.citations.get(cite.pandoc(), "") if not missing else ""
                source = _marked(cite, missing)
                replacements[placeholder.index] = self.rendered.get(
                    (citation_source, tuple(cite.keys), text, bool(missing), source),
                    functools.partial(
                        citation.render,
                        keys=cite.keys,
                        html=text,
                        missing=bool(missing) or not text,
                        source=source,
                    ),
                )
                for key in cite.keys:
                    if key in missing:
                        continue
                    cited.add(key)
                    place = places.setdefault(key, {}).setdefault(
                        uri, Place(titles.get(uri, uri), urls.get(uri, ""))
                    )
                    number = PARAGRAPH.fullmatch(placeholder.paragraph)
                    if number is None:
                        continue
                    anchor = Anchor(placeholder.paragraph, f"¶{number.group(1)}")
                    if anchor not in place.anchors:
                        place.anchors.append(anchor)
            html = splice(html, replacements, placeholders)
            page_words = []
            for rendered in dict.fromkeys(replacements.values()):
                if rendered not in words:
                    kept = last_words.get(rendered)
                    words[rendered] = searched_words(rendered) if kept is None else kept
                if words[rendered] != rendered:
                    page_words.append((rendered, words[rendered]))
            section = ""
            if cited and uri != bibliography_page:
                works = tuple(
                    (key, formatted.entries[key])
                    for key in sorted((k for k in cited if k in rank), key=rank.__getitem__)
                )
                section = "\n" + self.rendered.get(
                    (references_source, heading, hanging, works),
                    functools.partial(_references, references, heading, works, hanging),
                )
            if uri == bibliography_page:
                bibliography_html = html  # finished below, once every page's places are known
                bibliography_words = tuple(page_words)
            else:
                shown = heading if section else ""
                yield PageUpdate(uri, html, section, searched=tuple(page_words), heading=shown)
        self._searched = words if self.serving else {}
        if bibliography_html is None and bibliography_page is not None:
            bibliography_html = contents.get(bibliography_page)
        if bibliography_page is not None and bibliography_html is not None:
            searched, final = self._full_bibliography(
                env, bibliography_html, formatted, places, cited_in, hanging
            )
            yield PageUpdate(bibliography_page, searched, final=final, searched=bibliography_words)

    def _full_bibliography(
        self,
        env: jinja2.Environment,
        html: str,
        formatted: Formatted,
        places: dict[str, dict[str, Place]],
        cited_in: str,
        hanging: bool,
    ) -> tuple[str, str]:
        """The bibliography page without its "Cited in" back-links (for search), and with."""
        keys = [key for key in formatted.order if key in places and key in formatted.entries]
        template = env.get_template(BIBLIOGRAPHY_TEMPLATE)
        entry_template = env.get_template(BIBLIOGRAPHY_ENTRY_TEMPLATE)
        marker = find_marker(html)
        start, end = marker if marker is not None else (len(html), len(html))
        join = "" if marker is not None else "\n"
        works = tuple((key, formatted.entries[key]) for key in keys)
        memo = self.rendered
        sources = (
            (template_source(env, template), template_source(env, entry_template))
            if memo.keep
            else ("", "")
        )

        def placed(rendered: str) -> str:
            return html[:start] + join + rendered + html[end:]

        def searched() -> str:
            # What search reads: each entry's words (no template, no back-links).
            return placed(searched_bibliography(entry for _, entry in works))

        def shown(key: str) -> tuple[str, ...]:
            """What a work's back-links show, as a memo key."""
            return tuple(
                itertools.chain.from_iterable(
                    (place.title, place.url, *(anchor.id for anchor in place.anchors), "")
                    for place in places[key].values()
                )
            )

        def render_entry(entry: BibliographyEntry) -> str:
            return entry_template.render(entry=entry, cited_in=cited_in)

        def part(entry: BibliographyEntry) -> str:
            # Under `serve`, each work's entry is kept: an edit renders its own again.
            if not memo.in_memory:
                return render_entry(entry)
            key = ("bibliography-entry", sources[1], cited_in, entry.key, entry.html)
            return memo.get((*key, *shown(entry.key)), functools.partial(render_entry, entry))

        def shown_to_readers() -> str:
            entries = [
                BibliographyEntry(key, entry, list(places[key].values()), part)
                for key, entry in works
            ]
            return placed(template.render(entries=entries, cited_in=cited_in, hanging=hanging))

        if not memo.keep:
            return searched(), shown_to_readers()
        key = (html, works)
        if memo.in_memory:
            return memo.get(("searched-bibliography", *key), searched), shown_to_readers()
        # On disk, the whole bibliography by what it shows.
        every = tuple((k, *shown(k)) for k in keys)
        return (
            memo.get(("searched-bibliography", *key), searched),
            memo.get((*sources, cited_in, hanging, *key, every), shown_to_readers),
        )

    def close(self) -> None:
        """Stop the background worker."""
        self.formatter.close()


class BibliographyEntry:
    """One work in the bibliography's template: `key`, `html`, `places` and `rendered`.

    `rendered` is the work's entry as `bibliography-entry.html` renders it, made when
    the template asks for it (see `SiteCitations._full_bibliography`).
    """

    __slots__ = ("_part", "html", "key", "places")

    def __init__(
        self,
        key: str,
        html: str,
        places: list[Place],
        part: Callable[[BibliographyEntry], str],
    ) -> None:
        self.key, self.html, self.places, self._part = key, html, places, part

    @property
    def rendered(self) -> str:
        """The entry with its back-links, as `bibliography-entry.html` renders it."""
        return self._part(self)


def _references(
    template: jinja2.Template, heading: str, works: tuple[tuple[str, str], ...], hanging: bool
) -> str:
    """A page's References section: its works (key, formatted entry) in the style's order."""
    entries = [SimpleNamespace(key=key, html=entry) for key, entry in works]
    return template.render(heading=heading, entries=entries, hanging=hanging)


def _scan(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A page's citations, as Pandoc text and keys, in the order written."""
    from seminar.citations.prescan import scan  # only for a page no cache knows

    return tuple((citation.pandoc(), tuple(citation.keys)) for citation in scan(text))


def _style_text(style: str) -> str:
    """The CSL of a style ("" when it cannot be read, and then nothing is narrowed)."""
    try:
        return style_path(style).read_text(encoding="utf-8")
    except OSError:
        return ""


def _reading_order(citations: list[Citation], placeholders: list[Placeholder]) -> list[Citation]:
    """A page's citations in the order of their placeholders in it, then any not found."""
    order = [p.index for p in placeholders if p.index < len(citations)]
    seen = set(order)
    order += [index for index in range(len(citations)) if index not in seen]
    return [citations[index] for index in dict.fromkeys(order)]


def _marked(citation: Citation, missing: list[str]) -> str:
    """The citation as written, with `?` after each unknown key."""
    text, position = citation.source, 0
    for key in citation.keys:
        written = "@{" + key + "}" if "@{" + key + "}" in text else "@" + key
        found = text.find(written, position)
        if found < 0:
            continue
        position = found + len(written)
        if key in missing:
            text = text[:position] + "?" + text[position:]
            position += 1
    return text
