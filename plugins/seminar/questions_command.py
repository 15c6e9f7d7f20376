"""`seminar questions PAGE`: the questions one page gets, as the site would build them.

The command loads the site's `mkdocs.yml` and runs the same MkDocs events as a
build, up to the page's content, so the glossary, the citations and every other
plugin take part; then it prints the questions the page would show, in the
same order, with their stable ids (for `hide:`) and the paragraph they come from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from seminar.question_pages import PageQuestions


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `questions` on the `seminar` command line."""
    parser = subparsers.add_parser(
        "questions",
        help="print the discussion questions of one page",
        description="Print the discussion questions a page of the site gets, with their ids.",
    )
    parser.add_argument("page", type=Path, help="the page's Markdown file, e.g. docs/essay.md")
    parser.add_argument("--json", action="store_true", help="print a JSON list of questions")
    parser.add_argument("--count", type=int, help="how many generated questions (0-12)")
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        help="the site's mkdocs.yml (default: the nearest one above the page)",
    )
    parser.add_argument("--terms", type=Path, help="a file of extra glossary terms, one per line")
    parser.set_defaults(run=run)


def _find_config(page: Path) -> Path | None:
    for folder in [Path.cwd(), *page.resolve().parents]:
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (folder / name).is_file():
                return folder / name
    return None


def page_questions(
    config_file: Path, page: Path, *, count: int | None = None, terms: tuple[str, ...] = ()
) -> PageQuestions | None:
    """Run the build's events for one page and return what the plugin made of it.

    Raises:
        LookupError: When the page is not a page of that site.
    """
    from mkdocs.commands.build import _populate_page
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    from seminar.plugin import SeminarPlugin

    config = load_config(str(config_file))
    plugin = config.plugins.get("seminar")
    if not isinstance(plugin, SeminarPlugin):
        raise LookupError(f"{config_file}: the seminar plugin is not enabled in `plugins`.")
    plugin.questions.count_override = count
    plugin.questions.extra_terms = terms
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        config.plugins.on_nav(nav, config=config, files=files)
        docs = Path(config.docs_dir).resolve()
        try:
            uri = page.resolve().relative_to(docs).as_posix()
        except ValueError:
            raise LookupError(f"{page} is not inside docs_dir '{config.docs_dir}'.") from None
        file = files.get_file_from_path(uri)
        if file is None or not file.is_documentation_page():
            raise LookupError(f"{page} is not a page of the site built from {config_file}.")
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None
        _populate_page(file.page, config, files)
        return plugin.questions.results.get(uri)
    finally:
        config.plugins.on_shutdown()


def run(args: argparse.Namespace) -> int:
    """Print the questions; exit 2 on a usage error."""
    config_file = args.config or _find_config(args.page)
    if config_file is None or not config_file.is_file():
        print(
            f"seminar questions: no mkdocs.yml found for {args.page}. Fix: pass --config.",
            file=sys.stderr,
        )
        return 2
    if args.count is not None and not 0 <= args.count <= 12:
        print("seminar questions: --count must be from 0 to 12.", file=sys.stderr)
        return 2
    terms: tuple[str, ...] = ()
    if args.terms:
        text = args.terms.read_text(encoding="utf-8")
        terms = tuple(line.strip() for line in text.splitlines() if line.strip())
    try:
        result = page_questions(config_file, args.page, count=args.count, terms=terms)
    except LookupError as error:
        print(f"seminar questions: {error}", file=sys.stderr)
        return 2
    questions = list(result.questions) if result else []
    if args.json:
        print(json.dumps([q.as_json() for q in questions], ensure_ascii=False, indent=2))
        return 0
    if not questions:
        print(
            f"{args.page}: no discussion questions (too little prose, or turned off). "
            "Add `questions: true` to its front matter to force them.",
            file=sys.stderr,
        )
        return 0
    assert result is not None
    for number, question in enumerate(questions, 1):
        where = f" · ¶{result.number(question)}" if question.paragraph else ""
        print(f"{number}. [{question.bloom}] {question.text}")
        print(f"   {question.id}{where}")
    return 0
