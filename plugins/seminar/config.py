"""Typed configuration of the `seminar` plugin, validated when `mkdocs.yml` loads."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ConfigErrors, ConfigWarnings, ValidationError

from seminar.styles import DEFAULT_STYLE, StyleError, resolve_style


def _config_dir(config: base.Config) -> Path | None:
    return Path(config.config_file_path).parent if config.config_file_path else None


class BibliographyFiles(c.BaseConfigOption[list[str]]):
    """One path or a list of paths to `.bib` files, relative to `mkdocs.yml`.

    Resolves each to an absolute path and fails at load time when one is missing.
    """

    def __init__(self) -> None:
        super().__init__()
        self.default: list[str] = []
        self._base: Path | None = None

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self._base = _config_dir(config)

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValidationError(
                f"expected a path or a list of paths to .bib files, got {value!r}. "
                "Fix: write `bibliography: references.bib`."
            )
        paths = []
        for item in items:
            path = Path(item)
            if not path.is_absolute() and self._base is not None:
                path = self._base / path
            if not path.is_file():
                raise ValidationError(
                    f"the file '{item}' does not exist (looked for '{path}'). "
                    "Fix: give the path of your .bib file relative to mkdocs.yml."
                )
            paths.append(os.path.abspath(path))
        return paths


class CitationStyle(c.BaseConfigOption[str]):
    """A bundled style name (`apa`, `mla`, …) or a path to a `.csl` file."""

    def __init__(self, default: str = DEFAULT_STYLE) -> None:
        super().__init__()
        self.default = default
        self._base: Path | None = None

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self._base = _config_dir(config)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"expected a style name or a .csl path, got {value!r}.")
        try:
            return resolve_style(value, self._base)
        except StyleError as error:
            raise ValidationError(str(error)) from None


class QuestionsConfig(base.Config):
    """Options of the discussion questions (`questions:` under the plugin)."""

    enabled = c.Type(bool, default=True)
    """Generate discussion questions at all."""

    count = c.Type(int, default=6)
    """How many generated questions each page gets (a page's front matter may change it)."""

    min_words = c.Type(int, default=150)
    """Pages with fewer words of paragraph prose get no questions unless they ask for them."""

    title = c.Type(str, default="Discussion questions")
    """Heading of the section, of its table-of-contents entry and of the handout."""

    handout = c.Type(bool, default=True)
    """Generate the printable handout page that gathers every page's questions."""

    handout_page = c.Type(str, default="handout.md")
    """Where the handout goes, as a page path (`handout.md` → `/handout/`)."""

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """Check the ranges that the types alone cannot."""
        failed, warnings = super().validate()
        if not failed:
            if not 0 <= self.count <= 12:
                failed.append(
                    ("count", ValidationError(f"expected 0 to 12 questions, got {self.count}."))
                )
            if not self.handout_page.endswith(".md"):
                failed.append(
                    (
                        "handout_page",
                        ValidationError(
                            f"expected a page path ending in .md, got '{self.handout_page}'. "
                            "Fix: write `handout_page: handout.md`."
                        ),
                    )
                )
        return failed, warnings


class SeminarConfig(base.Config):
    """Options of the `seminar` plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the whole plugin off (for a quick plain build)."""

    bibliography = BibliographyFiles()
    """`.bib` file(s), relative to `mkdocs.yml`."""

    csl = CitationStyle()
    """Citation style: a bundled name or a path to a `.csl` file."""

    locale = c.Optional(c.Type(str))
    """CSL locale of citations and references (e.g. `en-GB`); default: `theme.language`."""

    bibliography_page = c.Type(str, default="references.md")
    """The page that shows the full bibliography of the site (inside `docs_dir`)."""

    glossary = c.Optional(c.Type(str))
    """The glossary page, a path inside `docs_dir` (checked in `on_config`)."""

    glossary_links = c.Choice(("first", "all", "none"), default="first")
    """Which occurrences of a glossary term become links: the `first` in each
    section of a page, `all`, or `none` (only the links the author writes)."""

    cache = c.Type(bool, default=True)
    """Keep results (formatted citations, parsed `.bib` files, questions) on disk between builds."""

    cache_dir = c.Type(str, default=".cache/plugin/seminar")
    """Where they are kept, relative to `mkdocs.yml` (Material's plugins use `.cache/plugin/`)."""

    questions = c.SubConfig(QuestionsConfig)
    """Discussion questions: `enabled`, `count`, `min_words`, `title`, `handout`, `handout_page`."""
