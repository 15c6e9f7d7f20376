"""Render pages through the real MkDocs pipeline, fast enough for property tests.

`PageRenderer` does what `mkdocs build` does up to and including `on_env`, where
the plugin finishes every page (glossary pop-ups, citations, questions), and
stops before the theme's templates: their output does not depend on the page's
Markdown beyond `page.content`. The plugin instance lives across renders, as it
does under `mkdocs serve`, so its caches (glossary matcher, Pandoc results) work
as they do for an author previewing edits.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mkdocs.commands.build import _populate_page
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PageRenderer:
    """Render one page of a project again and again, as `mkdocs serve` would rebuild it."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.env: Environment | None = None
        config = load_config(str(project / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=False)
        self._plugins = config.plugins

    def render(self, src: str, markdown: str) -> tuple[str, list[str]]:
        """Write `docs/<src>`, run the build events; return its finished HTML and the warnings."""
        (self.project / "docs" / src).write_text(markdown, encoding="utf-8")
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            config = load_config(str(self.project / "mkdocs.yml"))
            config = config.plugins.on_config(config)
            files = get_files(config)
            files = config.plugins.on_files(files, config=config)
            nav = get_navigation(files, config)
            config.plugins.on_nav(nav, config=config, files=files)
            if self.env is None:
                self.env = config.theme.get_env()
            for file in files.documentation_pages():
                assert file.page is not None
                _populate_page(file.page, config, files)
            config.plugins.on_env(self.env, config=config, files=files)
        finally:
            logger.removeHandler(collect)
        page = files.get_file_from_path(src)
        assert page is not None
        assert page.page is not None
        return page.page.content or "", collect.messages

    def close(self) -> None:
        """End the session: the plugin's `on_shutdown` stops its worker."""
        self._plugins.on_shutdown()
