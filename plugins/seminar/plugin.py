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
from seminar.styles import BUNDLED_STYLES
from seminar.watch import checkout_templates_dir

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)


class SeminarPlugin(BasePlugin[SeminarConfig]):
    """Citations, glossary pop-ups and discussion questions for a course site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False

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
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        """Watch the `.bib` files: they live outside `docs_dir`, so MkDocs would not."""
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
