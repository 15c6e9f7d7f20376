"""The MkDocs adapter: wires MkDocs events to Seminar's core modules.

Nothing in here formats, parses or matches anything itself; each event hands
plain data to a core module and puts the result back where MkDocs wants it.
"""

from __future__ import annotations

import functools
import itertools
import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

from seminar.citations.bibtex import BibError, Bibliography
from seminar.citations.engine import FormatError
from seminar.citations.site import REFERENCES_ID, SiteCitations
from seminar.citations.syntax import CitationsExtension
from seminar.config import SeminarConfig
from seminar.diskcache import SOURCES, DiskCache
from seminar.glossary import GlossaryError, TermMatcher, parse_glossary, usage
from seminar.glossary import html as glossary_html
from seminar.glossary.html import (
    DefinitionSpans,
    PopupStores,
    definitions_html,
    find_definitions,
    insert_after_definitions,
)
from seminar.glossary.source import glossary_digest, line_of
from seminar.glossary.treeprocessor import (
    GlossaryExtension,
    GlossaryLinker,
    LinkedPage,
    LinkMode,
    linking_code,
)
from seminar.glossary.unlinked import TERM_LINK_START, without_term_links
from seminar.glossary.usage import (
    TermUses,
    each_use,
    occurrences_by_term,
    places_of,
    used_in_details,
)
from seminar.memo import Memo, rendering_code
from seminar.paragraphs import ParagraphAnchorsExtension, without_paragraph_ids
from seminar.partials import TEMPLATE_BYTECODE, partials_environment, template_source
from seminar.question_pages import QuestionPages
from seminar.styles import BUNDLED_STYLES
from seminar.titles import PageNames, page_labels
from seminar.toc import list_section

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from seminar.glossary import Glossary

log = get_plugin_logger(__name__)

#: Shipped templates and assets; appended to the theme's dirs so `custom_dir` wins.
TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS_CSS = (
    "assets/seminar/popup.css",
    "assets/seminar/glossary.css",
    "assets/seminar/citations.css",
    "assets/seminar/links.css",
)
ASSETS_JS = ("assets/seminar/popup.js",)
USED_IN_TEMPLATE = "partials/seminar/glossary-used-in.html"
#: Uncited entries listed one per line; the rest are counted (a whole library may be uncited).
UNCITED_SHOWN = 20


@functools.lru_cache(maxsize=4096)
def _relative_url(url: str, other: str) -> str:
    """MkDocs' `get_relative_url`, remembered: `serve` asks again for each page on each save."""
    return get_relative_url(url, other)


@functools.lru_cache(maxsize=4096)
def _relative_path(path: str, base: str) -> str:
    """`os.path.relpath`, remembered (as `_relative_url`)."""
    return os.path.relpath(path, base)


#: A page's store of definitions, to render once search has read the page: the entries
#: it links, its URL, and (under `serve`) its memo key.
PopupStoreOrder = tuple[tuple[str, ...], str, tuple[object, ...] | None]


class SeminarPlugin(BasePlugin[SeminarConfig]):
    """Citations, glossary pop-ups and discussion questions for a course site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.citations = SiteCitations()
        self.cite_extension = CitationsExtension()
        self.cited_pages: dict[str, Page] = {}
        self.bibliography_page: str | None = None
        # (glossary text hash, glossary, matcher, what linking did to each page's tree):
        # survives `serve` rebuilds.
        self._glossary_cache: tuple[str, Glossary, TermMatcher, Memo[LinkedPage | bytes]] | None = (
            None
        )
        # "Used in" lists (in memory under `serve`, else on disk) and pages' stores of
        # definitions (under `serve`), by what they show; where the definitions are in
        # the glossary page, by its HTML (in memory under `serve`, else on disk).
        self.glossary_rendered: Memo[str] = Memo()
        self.definition_spans: Memo[dict[str, list[tuple[int, int]]]] = Memo()
        # Under `serve`: what each page shows in each term's "Used in" list.
        self.used_in_details: Memo[dict[str, tuple[object, ...]]] = Memo()
        # Under `serve`: what search reads of each page, by the page's HTML and citations.
        self.searched_copies: Memo[str] = Memo()
        self.glossary_linker: GlossaryLinker | None = None
        # Each page's hidden store of glossary definitions, added after search indexing,
        # and pages' whole content to use once search has read them (the glossary's).
        # (as data, not a closure per page: see `question_pages.QuestionPages.sections`)
        self.popup_stores: dict[str, PopupStoreOrder] = {}
        self.stores: PopupStores | None = None  # what renders them, this build
        self.after_search: dict[str, str] = {}
        # Page URI -> its References section's heading and HTML, put in after search.
        self.references_sections: dict[str, tuple[str, str]] = {}
        # Each page's citations (as rendered) and their words, for search's copy.
        self.citation_words: dict[str, tuple[tuple[str, str], ...]] = {}
        self.rendered_store = ("", "")
        # The page search is reading, with its term links (see `unlinked`).
        self.linked_content = ("", "")
        self.questions = QuestionPages()
        # `mkdocs serve`: the server, and whether the site directory still holds the
        # last good build (until MkDocs empties it, right after `on_pre_build`).
        self.server: LiveReloadServer | None = None
        self.site_intact = True
        self.disk_cache = DiskCache(None)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether we run under `mkdocs serve`.

        Defining this event also tells MkDocs to keep this one plugin instance
        across `serve` rebuilds, which is what lets caches survive an edit.
        """
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the options that depend on the rest of `mkdocs.yml` (`docs_dir`)."""
        self.site_intact = True
        self.popup_stores = {}
        self.after_search = {}
        self.references_sections = {}
        self.citation_words = {}
        if not self.config.enabled:
            return None
        glossary = self.config.glossary
        if glossary is not None and not (Path(config.docs_dir) / glossary).is_file():
            raise PluginError(
                f"seminar: option 'glossary': the page '{glossary}' does not exist in "
                f"docs_dir '{config.docs_dir}'. Fix: create it, or give its path relative "
                "to docs_dir (for example `glossary: glossary.md`)."
            )
        self.disk_cache = DiskCache(self._cache_folder(config))
        SOURCES.attach(self.disk_cache)
        TEMPLATE_BYTECODE.attach(self.disk_cache)
        self.glossary_rendered.next_build(
            keep=self.is_serve,
            disk=(self.disk_cache, "glossary", rendering_code(__file__, usage.__file__)),
        )
        self.definition_spans.next_build(
            keep=self.is_serve,
            disk=(self.disk_cache, "definitions", rendering_code(glossary_html.__file__)),
        )
        self.searched_copies.next_build(keep=self.is_serve)
        self.used_in_details.next_build(keep=self.is_serve)
        # Paragraph anchors (`p-N`) are what back-links and question sources point to.
        config.markdown_extensions.append(ParagraphAnchorsExtension())  # type: ignore[arg-type]
        self._add_theme_assets(config)
        self._setup_glossary(config)
        self._citations_config(config)
        self.questions.on_config(
            self.config.questions, config, glossary, self.disk_cache, serving=self.is_serve
        )
        return config

    def _cache_folder(self, config: MkDocsConfig) -> Path | None:
        """The `cache_dir` as an absolute path (relative to `mkdocs.yml`), or None when off."""
        if not self.config.cache:
            return None
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base / self.config.cache_dir).resolve()

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the glossary linker which page Markdown is about to render."""
        linker = self.glossary_linker
        if linker is not None:
            glossary = files.get_file_from_path(linker.glossary_src)
            url = None
            if glossary is not None:
                same = glossary.src_uri == page.file.src_uri
                url = "" if same else _relative_url(glossary.url, page.url)
            linker.begin_page(page.file.src_uri, url)
        return None

    @event_priority(-100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Whole-site work, once every page is rendered and before any template is.

        Priority: -100 (last), so other plugins' `on_env` work is done. Citations
        first: a glossary definition that cites is copied into other pages' pop-ups
        only once its citations are formatted on the glossary page (a copied
        placeholder would be resolved against the wrong page). Then the glossary,
        then the questions handout (which gathers the finished questions).
        """
        if not self.config.enabled:
            return env
        labels = self._page_labels(files)
        self._citations_env(env, labels, config)
        if self.glossary_linker is not None:
            self._glossary_on_env(env, files, labels)
        self.questions.on_env(config, files)
        return env

    @staticmethod
    def _page_labels(files: Files) -> dict[str, str]:
        """How back-links name each page: its own title (front matter, else `<h1>`)."""
        return page_labels(
            {
                file.src_uri: PageNames(
                    str(file.page.meta["title"]) if file.page.meta.get("title") else None,
                    file.page.content or "",
                    file.page.title or file.src_uri,
                )
                for file in files.documentation_pages()
                if file.page is not None
            }
        )

    def _add_theme_assets(self, config: MkDocsConfig) -> None:
        """Make our templates and assets part of the theme; the user's `custom_dir` wins."""
        templates = str(TEMPLATES)
        if templates not in config.theme.dirs:
            config.theme.dirs.append(templates)
        for css in ASSETS_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        scripts = {str(script) for script in config.extra_javascript}
        for js in ASSETS_JS:
            if js not in scripts:
                config.extra_javascript.append(js)

    def _setup_glossary(self, config: MkDocsConfig) -> None:
        """Parse the glossary and build its matcher, once per version of its text."""
        self.glossary_linker = None
        if self.config.glossary is None:
            return
        src = PurePath(self.config.glossary).as_posix()
        text = (Path(config.docs_dir) / self.config.glossary).read_text(encoding="utf-8-sig")
        digest = glossary_digest(text)
        if self._glossary_cache is None or self._glossary_cache[0] != digest:
            try:
                glossary = parse_glossary(text)
            except GlossaryError as error:
                raise PluginError(f"seminar: {src}:{error.line}: {error.message}") from None
            self._glossary_cache = (digest, glossary, TermMatcher(glossary), Memo())
        _, glossary, matcher, linked_pages = self._glossary_cache
        linked_pages.next_build(
            keep=self.is_serve,
            disk=(self.disk_cache, "term-links", linking_code()),
        )
        mode = cast("LinkMode", self.config.glossary_links)
        self.glossary_linker = GlossaryLinker(glossary, matcher, src, mode, linked_pages)
        config.markdown_extensions.append(GlossaryExtension(self.glossary_linker))  # type: ignore[arg-type]

    def _glossary_on_env(self, env: Environment, files: Files, labels: dict[str, str]) -> None:
        """Back-links on the glossary page, definitions into each page that needs them."""
        linker = self.glossary_linker
        assert linker is not None
        self._report_glossary_links(linker, files)
        glossary_file = files.get_file_from_path(linker.glossary_src)
        glossary_page = glossary_file.page if glossary_file is not None else None
        if glossary_page is None or glossary_page.content is None:
            return
        pages = {
            file.src_uri: file.page
            for file in files.documentation_pages()
            if file.page is not None and file.page.content is not None
        }
        # Definitions are cut before "Used in" goes in, so pop-ups never show it.
        content = glossary_page.content
        spans = self._definitions_in(content)
        definitions = definitions_html(content, spans)
        for entry in linker.glossary.entries:
            if entry.slug not in definitions:
                log.warning(
                    f"{linker.glossary_src}:{entry.line}: the entry '{entry.term.text}' is not "
                    "a definition list item on the rendered page, so it has no anchor and no "
                    "pop-up. Fix: enable the `def_list` Markdown extension in mkdocs.yml."
                )
        titles_and_urls = {
            src: (labels.get(src) or page.title or src, page.url) for src, page in pages.items()
        }
        by_term = occurrences_by_term(linker.pages)
        used = {
            slug
            for slug, uses in by_term.items()
            if not titles_and_urls.keys().isdisjoint(uses.pages)
        }
        unused = [entry.term.text for entry in linker.glossary.entries if entry.slug not in used]
        partials = partials_environment(env)
        template = partials.get_template(USED_IN_TEMPLATE)
        memo = self.glossary_rendered
        source = template_source(partials, template) if memo.keep else ""

        def render(uses: TermUses) -> str | None:
            places = places_of(each_use(uses, linker.pages), titles_and_urls, glossary_page.url)
            return template.render(places=places) if places else None

        # What each page shows in each term's "Used in" list: one flat tuple per page and
        # term (its label, URL, and each occurrence's section and paragraph), not a tuple
        # per occurrence. Under `serve`, a page whose terms, sections, label and URL are
        # as in the last build gets the same tuples back (`used_in_details`), made once.
        details: dict[str, dict[str, tuple[object, ...]]] = {}
        if memo.keep:
            for src, terms in linker.pages.items():
                label_and_url = titles_and_urls.get(src) or (None, None)
                details[src] = self.used_in_details.get(
                    (
                        src,
                        label_and_url,
                        tuple(terms.slugs),
                        tuple(terms.section_of),
                        tuple(terms.paragraphs),
                        tuple(terms.sections),
                    ),
                    functools.partial(used_in_details, src, label_and_url, terms),
                )

        def block(slug: str) -> str | None:
            # One term's places at a time, rendered and let go: a big site has many.
            uses = by_term.pop(slug, None) or TermUses([], [])
            if not memo.keep:
                return render(uses)
            shown = tuple(details[src][slug] for src in dict.fromkeys(uses.pages))
            key = ("used-in", source, glossary_page.url, slug, shown)
            return memo.get(key, lambda: render(uses) or "") or None

        # "Used in" is navigation, not text to search: it goes in once search has read the
        # page (into the page's final form, should it also be the bibliography page).
        glossary_src = glossary_page.file.src_uri
        final = self.after_search.get(glossary_src)
        if final is None:
            final, final_spans = glossary_page.content, spans
        else:
            final_spans = self._definitions_in(final)
        self.after_search[glossary_src] = insert_after_definitions(final, final_spans, block)
        term_names = {
            form.slug: entry.term.text for entry in linker.glossary.entries for form in entry.forms
        }
        self.stores = PopupStores(linker.glossary, definitions, glossary_page.url)
        for src, page in pages.items():
            found = linker.pages.get(src)
            if found is None or not found.linked:
                continue
            # Made when the page is rendered, and dropped after: a big glossary's copies
            # are never all in memory at once.
            key = None
            # Under `serve` only: on disk, every page's store would be in memory at once.
            if memo.in_memory:
                # One flat tuple (3 values a term), not a tuple per term: see `block`.
                shown_terms = tuple(
                    itertools.chain.from_iterable(
                        (slug, definitions.get(slug), term_names.get(slug)) for slug in found.linked
                    )
                )
                key = ("store", glossary_page.url, page.url, shown_terms)
            self.popup_stores[src] = (tuple(found.linked), page.url, key)
        if unused:
            log.info(f"{linker.glossary_src}: terms not used on any page: {', '.join(unused)}")

    def _definitions_in(self, page_html: str) -> DefinitionSpans:
        """Where the glossary page's definitions are: found once per version of its HTML."""
        inner = self.definition_spans.get(page_html, lambda: find_definitions(page_html).inner)
        # Each (start, end) as a tuple, whatever the memo kept it as.
        return DefinitionSpans(
            {slug: [(start, end) for start, end in ranges] for slug, ranges in inner.items()}
        )

    @event_priority(50)
    def _page_context_for_search(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Hand search the page with its term links and citations reduced to their words.

        Priority: 50, before Material's search (0). Search indexes the same words and
        parses far fewer tags (`unlinked`, `citations.searched`); the page's own HTML
        goes back after search has read it. Not on a page with `data-search-*`
        attributes, which search also takes out of the page it hands on.
        """
        citations = self.citation_words.pop(page.file.src_uri, ())
        content = page.content
        if not content or "data-search-" in content:
            return context
        linked = self.glossary_linker is not None

        def searched_copy() -> str:
            searched = without_paragraph_ids(content)
            if linked and TERM_LINK_START in searched:
                searched = without_term_links(searched)
            for rendered, words in citations:
                searched = searched.replace(rendered, words)
            return searched

        searched = self.searched_copies.get((content, linked, citations), searched_copy)
        if searched != content:
            self.linked_content = (page.file.src_uri, content)
            page.content = searched
        return context

    @event_priority(-100)
    def _page_context_after_search(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put in what search should not read: questions, References, definitions' store, "Used in".

        Priority: -100 (last), after Material's search (0). The store of definitions
        is hidden copies of the glossary's text, the glossary's "Used in" lists are
        navigation, as are the bibliography's "Cited in" lists, the questions quote
        their page (the handout is not searched), and each work is indexed on the
        bibliography page; adding them here keeps them out of the pages' search
        entries and spares search from parsing them on every page.
        """
        linked_src, linked = self.linked_content
        self.linked_content = ("", "")
        final = self.after_search.pop(page.file.src_uri, None)
        if final is not None:
            page.content = final
        elif linked_src == page.file.src_uri:
            page.content = linked
        heading, references = self.references_sections.pop(page.file.src_uri, ("", ""))
        if references:
            list_section(page, heading, REFERENCES_ID)
        order = self.popup_stores.pop(page.file.src_uri, None)
        store = self._popup_store(*order) if order is not None else ""
        if self.config.enabled:
            self.questions.on_page_context(page, references + store)
        if store:
            self.rendered_store = (page.file.src_uri, store)
        return context

    on_page_context = CombinedEvent(_page_context_for_search, _page_context_after_search)

    def _popup_store(
        self, linked: tuple[str, ...], page_url: str, key: tuple[object, ...] | None
    ) -> str:
        """A page's hidden store of the definitions it links (from the memo under `serve`)."""
        stores = self.stores
        assert stores is not None  # made in `on_env`, before any page is written

        def make() -> str:
            return stores.store(linked, page_url)

        return make() if key is None else self.glossary_rendered.get(key, make)

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Drop the page's store of definitions from `page.content` once it is written.

        Priority: -100 (last). The store is in the page's output; keeping every page's
        copy in memory until the build ends is what made big glossaries costly.
        """
        src, store = self.rendered_store
        content = page.content or ""
        if src == page.file.src_uri and store and content.endswith(store):
            page.content = content[: -len(store)]
        self.rendered_store = ("", "")
        return output

    def _report_glossary_links(self, linker: GlossaryLinker, files: Files) -> None:
        """Warn about author links to `#term-…` anchors that no entry has, with their line."""
        for src, terms in linker.pages.items():
            source = files.get_file_from_path(src)
            for link, problem in terms.problems:
                line = line_of(source.content_string, link) if source is not None else None
                log.warning(f"{src}:{line}: {problem}" if line else f"{src}: {problem}")

    # -- citations -------------------------------------------------------------------------

    def _citations_config(self, config: MkDocsConfig) -> None:
        """Register the citation syntax and the citation styles; reset per-build state."""
        self.cite_extension = CitationsExtension()
        config.markdown_extensions.append(self.cite_extension)  # type: ignore[arg-type]
        self.cited_pages = {}
        self.citations.use_disk(self.disk_cache)
        self.citations.next_build(serving=self.is_serve, disk=self.disk_cache)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Start the citations' formatting run; read glossary terms; add the handout page."""
        if not self.config.enabled:
            return None
        self._citations_files(files, config)
        linker = self.glossary_linker
        self.questions.on_files(files, config, linker.glossary if linker is not None else None)
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Give generated pages (the questions handout) a place in the navigation."""
        if self.config.enabled:
            self.questions.on_nav(nav, files)
        return nav

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Collect the page's citations; append its discussion questions."""
        if not self.config.enabled:
            return None
        self._citations_page_content(page, config)
        return self.questions.on_page_content(html, page, config)

    def _citations_files(self, files: Files, config: MkDocsConfig) -> None:
        """Pre-scan every page for citations and start Pandoc while MkDocs renders.

        All sources are known here, before any page is rendered, so the one
        formatting run overlaps with rendering on another core.
        """
        if not self.config.bibliography:
            return
        for warning in self._load_bibliography(config).warnings:
            log.warning(self._relative_bib_paths(warning, config))
        page = files.get_file_from_path(self.config.bibliography_page)
        self.bibliography_page = page.src_uri if page is not None else None
        # Read one page at a time: a big course's sources are never all in memory.
        sources = (f.content_string for f in files.documentation_pages())
        language = str(config.theme.get("language") or "en")
        try:
            self.citations.start(sources, self.config.csl, self.config.locale or language, language)
        except BibError as error:  # a `.bib` changed since it was loaded
            raise self._bib_error(error, config) from None

    @event_priority(-100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Read the `.bib` files before MkDocs empties the site directory.

        Priority: -100 (last), right before MkDocs empties the site directory.
        Under `mkdocs serve`, a `.bib` file broken while editing then stops the
        rebuild with its file and line in the terminal while the last good site
        is still in place (see `on_build_error`). The parsed files are cached,
        so `on_files` does not read them again.
        """
        if self.config.enabled and self.config.bibliography:
            self._load_bibliography(config)
        self.site_intact = False

    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Drop cached results that this (successful) build no longer used.

        Priority: 50, before Material's search writes its index, the build's last
        peak of memory: what only this build needed (and, outside `serve`, what
        only a next build would reuse) is let go first.
        """
        self.glossary_rendered.save()
        self.definition_spans.save()
        if self._glossary_cache is not None:
            self._glossary_cache[3].save()
        self.citations.save()
        SOURCES.save()
        if self.config.enabled:
            self.questions.on_post_build(keep=self.is_serve)
        if self.is_serve and self.config.enabled and self.config.bibliography:
            self.citations.read_names()
        if self.glossary_linker is not None:
            self.glossary_linker.pages = {}
        self.stores = None
        self.citations.pages = {}
        self.cited_pages = {}

    def on_build_error(self, *, error: Exception) -> None:
        """Keep the questions a failed build made; under `serve`, serve the last good site.

        Under `mkdocs build`, the questions generated before the error are saved to
        the disk cache, so the build after the fix does not generate them again.
        Under `mkdocs serve`, MkDocs logs the error, then holds every request until a
        rebuild succeeds ("the server will appear stuck"). When the build failed before the site
        directory was emptied (a broken `.bib` or glossary), the last good site
        is intact, so the server is told to serve it; saving a fix rebuilds it.
        """
        if not self.is_serve:
            # Questions generated before the error are kept (`serve` saves at its end).
            self.questions.save(prune=False)
        if not (self.is_serve and self.site_intact and self.server is not None):
            return
        from seminar.watch import serve_last_good_site  # only when a `serve` build fails

        if serve_last_good_site(self.server):
            log.info("the last good site is still served; save a fix to rebuild it.")

    def _load_bibliography(self, config: MkDocsConfig) -> Bibliography:
        """Parse the `.bib` files (once per version); errors name file:line."""
        try:
            return self.citations.load(self.config.bibliography)
        except (BibError, OSError) as error:
            raise self._bib_error(error, config) from None

    def _bib_error(self, error: Exception, config: MkDocsConfig) -> PluginError:
        """A `.bib` problem as the build's error, with its paths as the author wrote them."""
        return PluginError(f"seminar: {self._relative_bib_paths(str(error), config)}")

    def _relative_bib_paths(self, message: str, config: MkDocsConfig) -> str:
        """Paths as the author wrote them, relative to mkdocs.yml, not absolute."""
        base = os.path.dirname(config.config_file_path or "") or os.getcwd()
        for path in self.config.bibliography:
            message = message.replace(path, os.path.relpath(path, base))
        return message

    def _citations_page_content(self, page: Page, config: MkDocsConfig) -> None:
        """Collect the page's citations and report unknown keys with their source line."""
        if not self.config.bibliography:
            return
        found = self.cite_extension.citations
        if not found and page.file.src_uri != self.bibliography_page:
            return
        source = page.file.abs_src_path or page.file.src_uri
        base = os.path.dirname(config.config_file_path or source)
        shown = _relative_path(source, base) if page.file.abs_src_path else source
        try:
            problems = self.citations.add_page(page.file.src_uri, shown, found)
        except BibError as error:  # a `.bib` changed while the site was built
            raise self._bib_error(error, config) from None
        for problem in problems:
            log.warning(problem)
        self.cited_pages[page.file.src_uri] = page

    def _citations_env(
        self, env: Environment, labels: dict[str, str], config: MkDocsConfig
    ) -> None:
        """Replace citation placeholders on every page, once all pages are rendered."""
        if not self.config.bibliography:
            return
        pages = dict(self.cited_pages)
        target = pages.get(self.bibliography_page or "")
        bib_url = target.url if target is not None else ""
        changed = self.citations.resolve(
            partials_environment(env),
            contents={uri: p.content or "" for uri, p in pages.items()},
            titles={uri: labels.get(uri) or p.title or uri for uri, p in pages.items()},
            urls={uri: _relative_url(p.url, bib_url) for uri, p in pages.items()},
            bibliography_page=self.bibliography_page,
        )
        try:
            for update in changed:
                # One page at a time: the old HTML goes at once.
                pages[update.uri].content = update.html
                if update.references:
                    # Each work is indexed once, on the bibliography page: a page's
                    # References section goes in once search has read the page.
                    self.references_sections[update.uri] = (update.heading, update.references)
                if update.final is not None:
                    # The bibliography's "Cited in" back-links: navigation, not text.
                    self.after_search[update.uri] = update.final
                if update.searched:
                    self.citation_words[update.uri] = update.searched
        except FormatError as error:
            raise PluginError(f"seminar: {error}") from None
        except BibError as error:  # a `.bib` changed while the site was built
            raise self._bib_error(error, config) from None
        self._report_uncited()

    def _report_uncited(self) -> None:
        """Entries no page cites, at info level; a large library gets one summary line."""
        first, count = self.citations.never_cited(UNCITED_SHOWN)
        for entry in first:
            log.info(f"{entry.path}:{entry.line}: entry '{entry.key}' is never cited")
        if count > UNCITED_SHOWN:
            log.info(f"… and {count - UNCITED_SHOWN} more entries that are never cited")

    def on_shutdown(self) -> None:
        """Stop the Pandoc worker thread; after `serve`, save the questions on disk."""
        if self.is_serve:
            self.questions.save()
        self.citations.close()
        self.citations = SiteCitations()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the `.bib` files and a `.csl` file: outside `docs_dir`, MkDocs would not.

        The glossary page is inside `docs_dir`, so MkDocs already rebuilds when it
        changes; `_setup_glossary` then rebuilds the matcher only if its text did.
        """
        self.server = server
        if self.config.enabled:
            for path in self.config.bibliography:
                server.watch(path)
            self._watch_style_and_templates(server)
        return server

    def _watch_style_and_templates(self, server: LiveReloadServer) -> None:
        """Also reload on a `.csl` file given as a path, and on Seminar's own templates.

        The templates only change when Seminar runs from a checkout (an editable
        install, as in this repository's `make serve`); in an installed wheel they
        are left alone.
        """
        if self.config.csl not in BUNDLED_STYLES:
            server.watch(self.config.csl)
        from seminar.watch import checkout_templates_dir  # only under `serve`

        templates = checkout_templates_dir(Path(__file__).parent)
        if templates is not None:
            server.watch(str(templates))
