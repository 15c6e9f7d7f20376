"""The MkDocs adapter: wires MkDocs events to Seminar's core modules.

Nothing in here formats, parses or matches anything itself; each event hands
plain data to a core module and puts the result back where MkDocs wants it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from seminar.config import SeminarConfig
from seminar.paragraphs import ParagraphAnchorsExtension
from seminar.question_pages import QuestionPages

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


class SeminarPlugin(BasePlugin[SeminarConfig]):
    """Citations, glossary pop-ups and discussion questions for a course site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.questions = QuestionPages()

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
        self.questions.on_config(self.config.questions, config, glossary)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Read the glossary's terms; add generated pages (the questions handout)."""
        if self.config.enabled:
            self.questions.on_files(files, config)
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Give generated pages a place in the navigation."""
        if self.config.enabled:
            self.questions.on_nav(nav, files)
        return nav

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Append the discussion questions, made from the page's rendered paragraphs."""
        if not self.config.enabled:
            return html
        return self.questions.on_page_content(html, page, config)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """Whole-site work once every page's content exists: the questions handout."""
        if self.config.enabled:
            self.questions.on_env(config, files)
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the `.bib` files: they live outside `docs_dir`, so MkDocs would not."""
        if self.config.enabled:
            for path in self.config.bibliography:
                server.watch(path)
        return server
