"""The MkDocs adapter: wires MkDocs events to Seminar's core modules.

Nothing in here formats, parses or matches anything itself; each event hands
plain data to a core module and puts the result back where MkDocs wants it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

from seminar.citations.bibtex import BibError
from seminar.citations.engine import FormatError
from seminar.citations.site import SiteCitations
from seminar.citations.syntax import CitationsExtension
from seminar.config import SeminarConfig
from seminar.paragraphs import ParagraphAnchorsExtension
from seminar.styles import BUNDLED_STYLES
from seminar.watch import checkout_templates_dir

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

TEMPLATES = Path(__file__).resolve().parent / "templates"
CITATIONS_CSS = "assets/seminar/citations.css"

log = get_plugin_logger(__name__)


class SeminarPlugin(BasePlugin[SeminarConfig]):
    """Citations, glossary pop-ups and discussion questions for a course site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.citations = SiteCitations()
        self.cite_extension = CitationsExtension()
        self.cited_pages: dict[str, Page] = {}
        self.bibliography_page: str | None = None

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
        self._add_theme_templates(config)
        self._citations_config(config)
        return config

    def _add_theme_templates(self, config: MkDocsConfig) -> None:
        """Our partials and assets come after the theme's dirs, so `custom_dir` wins."""
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))

    # -- citations -------------------------------------------------------------------------

    def _citations_config(self, config: MkDocsConfig) -> None:
        """Register the citation syntax and the citation styles; reset per-build state."""
        self.cite_extension = CitationsExtension()
        config.markdown_extensions.append(self.cite_extension)  # type: ignore[arg-type]
        self.cited_pages = {}
        if CITATIONS_CSS not in config.extra_css:
            config.extra_css.append(CITATIONS_CSS)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Pre-scan every page for citations and start Pandoc while MkDocs renders.

        Priority: default. All sources are known here, before any page is rendered,
        so the one formatting run overlaps with rendering on another core.
        """
        if not self.config.enabled or not self.config.bibliography:
            return None
        try:
            self.citations.load(self.config.bibliography)
        except (BibError, OSError) as error:
            raise PluginError(f"seminar: {error}") from None
        page = files.get_file_from_path(self.config.bibliography_page)
        self.bibliography_page = page.src_uri if page is not None else None
        sources = [f.content_string for f in files.documentation_pages()]
        locale = self.config.locale or str(config.theme.get("language") or "en")
        self.citations.start(sources, self.config.csl, locale)
        return None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Collect the page's citations and report unknown keys with their source line."""
        if not self.config.enabled or not self.config.bibliography:
            return None
        found = self.cite_extension.citations
        if not found and page.file.src_uri != self.bibliography_page:
            return None
        source = page.file.abs_src_path or page.file.src_uri
        base = os.path.dirname(config.config_file_path or source)
        shown = os.path.relpath(source, base) if page.file.abs_src_path else source
        for problem in self.citations.add_page(page.file.src_uri, shown, found):
            log.warning(problem)
        self.cited_pages[page.file.src_uri] = page
        return None

    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """Replace citation placeholders on every page, once all pages are rendered.

        Priority: -100 (last): after the glossary has linked its terms, since
        formatted citations must stay out of its reach.
        """
        if not self.config.enabled or not self.config.bibliography:
            return None
        pages = dict(self.cited_pages)
        target = pages.get(self.bibliography_page or "")
        bib_url = target.url if target is not None else ""
        try:
            changed = self.citations.resolve(
                env,
                contents={uri: p.content or "" for uri, p in pages.items()},
                titles={uri: p.title or uri for uri, p in pages.items()},
                urls={uri: get_relative_url(p.url, bib_url) for uri, p in pages.items()},
                bibliography_page=self.bibliography_page,
            )
        except FormatError as error:
            raise PluginError(f"seminar: {error}") from None
        for uri, html in changed.items():
            pages[uri].content = html
        for entry in self.citations.uncited():
            log.info(f"{entry.path}:{entry.line}: entry '{entry.key}' is never cited")
        return None

    def on_shutdown(self) -> None:
        """Stop the Pandoc worker thread."""
        self.citations.close()
        self.citations = SiteCitations()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the `.bib` files and a `.csl` file: outside `docs_dir`, MkDocs would not."""
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
        templates = checkout_templates_dir(Path(__file__).parent)
        if templates is not None:
            server.watch(str(templates))
