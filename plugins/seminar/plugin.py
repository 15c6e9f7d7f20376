"""The MkDocs adapter: wires MkDocs events to Seminar's core modules.

Nothing in here formats, parses or matches anything itself; each event hands
plain data to a core module and puts the result back where MkDocs wants it.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from seminar.config import SeminarConfig
from seminar.glossary import GlossaryError, TermMatcher, parse_glossary
from seminar.glossary.html import (
    definitions_html,
    find_definitions,
    insert_after_definitions,
    popup_store,
    rebase_urls,
)
from seminar.glossary.source import glossary_digest, line_of
from seminar.glossary.treeprocessor import GlossaryExtension, GlossaryLinker, LinkMode
from seminar.glossary.usage import used_in
from seminar.paragraphs import ParagraphAnchorsExtension

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from seminar.glossary import Glossary

log = get_plugin_logger(__name__)

#: Shipped templates and assets; appended to the theme's dirs so `custom_dir` wins.
TEMPLATES = Path(__file__).parent / "templates"
ASSETS_CSS = ("assets/seminar/popup.css", "assets/seminar/glossary.css")
ASSETS_JS = ("assets/seminar/popup.js",)
USED_IN_TEMPLATE = "partials/seminar/glossary-used-in.html"


class SeminarPlugin(BasePlugin[SeminarConfig]):
    """Citations, glossary pop-ups and discussion questions for a course site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        # (glossary text hash, glossary, matcher): survives `serve` rebuilds.
        self._glossary_cache: tuple[str, Glossary, TermMatcher] | None = None
        self.glossary_linker: GlossaryLinker | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether we run under `mkdocs serve`.

        Defining this event also tells MkDocs to keep this one plugin instance
        across `serve` rebuilds, which is what lets caches survive an edit.
        """
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the options that depend on the rest of `mkdocs.yml` (`docs_dir`)."""
        if not self.config.enabled:
            return None
        glossary = self.config.glossary
        if glossary is not None and not (Path(config.docs_dir) / glossary).is_file():
            raise PluginError(
                f"seminar: option 'glossary': the page '{glossary}' does not exist in "
                f"docs_dir '{config.docs_dir}'. Fix: create it, or give its path relative "
                "to docs_dir (for example `glossary: glossary.md`)."
            )
        # Paragraph anchors (`p-N`) are what back-links and question sources point to.
        config.markdown_extensions.append(ParagraphAnchorsExtension())  # type: ignore[arg-type]
        self._add_theme_assets(config)
        self._setup_glossary(config)
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Tell the glossary linker which page Markdown is about to render."""
        if self.glossary_linker is not None:
            self.glossary_linker.begin_page(page.file.src_uri)
        return None

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Whole-site work, once every page is rendered and before any template is.

        Glossary first (its definitions may hold citations), citations last.
        """
        if self.glossary_linker is not None:
            self._glossary_on_env(env, files)
        return env

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
            self._glossary_cache = (digest, glossary, TermMatcher(glossary))
        _, glossary, matcher = self._glossary_cache
        mode = cast("LinkMode", self.config.glossary_links)
        self.glossary_linker = GlossaryLinker(glossary, matcher, src, mode)
        config.markdown_extensions.append(GlossaryExtension(self.glossary_linker))  # type: ignore[arg-type]

    def _glossary_on_env(self, env: Environment, files: Files) -> None:
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
        spans = find_definitions(glossary_page.content)
        definitions = definitions_html(glossary_page.content, spans)
        for entry in linker.glossary.entries:
            if entry.slug not in definitions:
                log.warning(
                    f"{linker.glossary_src}:{entry.line}: the entry '{entry.term.text}' is not "
                    "a definition list item on the rendered page, so it has no anchor and no "
                    "pop-up. Fix: enable the `def_list` Markdown extension in mkdocs.yml."
                )
        usage = used_in(
            linker.pages,
            {src: (page.title or src, page.url) for src, page in pages.items()},
            glossary_page.url,
        )
        template = env.get_template(USED_IN_TEMPLATE)
        blocks = {slug: template.render(places=places) for slug, places in usage.items()}
        glossary_page.content = insert_after_definitions(glossary_page.content, spans, blocks)
        for src, page in pages.items():
            found = linker.pages.get(src)
            if found is None or not found.linked:
                continue

            def definition(slug: str, page_url: str = page.url) -> str | None:
                body = definitions.get(slug)
                return None if body is None else rebase_urls(body, glossary_page.url, page_url)

            page.content = (page.content or "") + popup_store(
                linker.glossary, found.linked, definition
            )
        unused = [entry.term.text for entry in linker.glossary.entries if entry.slug not in usage]
        if unused:
            log.info(f"{linker.glossary_src}: terms not used on any page: {', '.join(unused)}")

    def _report_glossary_links(self, linker: GlossaryLinker, files: Files) -> None:
        """Warn about author links to `#term-…` anchors that no entry has, with their line."""
        for src, terms in linker.pages.items():
            source = files.get_file_from_path(src)
            for link, problem in terms.problems:
                line = line_of(source.content_string, link) if source is not None else None
                log.warning(f"{src}:{line}: {problem}" if line else f"{src}: {problem}")

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the `.bib` files: they live outside `docs_dir`, so MkDocs would not.

        The glossary page is inside `docs_dir`, so MkDocs already rebuilds when it
        changes; `_setup_glossary` then rebuilds the matcher only if its text did.
        """
        if self.config.enabled:
            for path in self.config.bibliography:
                server.watch(path)
        return server
