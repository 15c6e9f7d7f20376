"""`seminar check`: read `mkdocs.yml` into plain data and hand it to `seminar.check`.

MkDocs only loads and validates the configuration here (the same options, paths
and errors as a build); the checking itself is in the pure `seminar.check`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from seminar.check import FORMATS, Course, Problem, QuestionOptions, check_course, exit_code
from seminar.check import render as render_problems
from seminar.check.problems import split_fix

if TYPE_CHECKING:
    import argparse


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check` on the `seminar` command line."""
    parser = subparsers.add_parser(
        "check",
        help="check a course without building it",
        description="Check a course without building it: citation keys, the .bib files, "
        "the glossary, entries never cited, terms never used, readings too short for "
        "discussion questions. Exit code 0 when there is no error, 1 otherwise.",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, or github (workflow annotations on the lines)",
    )
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    parser.set_defaults(run=run)


def load_course(config_file: Path) -> Course | list[Problem]:
    """The course `mkdocs.yml` describes, or the problems that stop reading it."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.structure.files import get_files, set_exclusions

    from seminar.plugin import SeminarPlugin

    base = Path.cwd()
    shown = Course(Path(), [], base=base).shown(config_file)
    try:
        with open(config_file, "rb") as fd:
            config = MkDocsConfig(config_file_path=str(config_file))
            config.load_file(fd)
    except (ConfigurationError, OSError) as error:
        return [Problem(shown, None, "error", f"cannot read the configuration: {error}")]
    errors, _ = config.validate()
    if errors:
        text = config_file.read_text(encoding="utf-8")
        return [
            Problem(shown, _top_level_line(text, name), "error", *split_fix(f"'{name}': {error}"))
            for name, error in errors
        ]
    plugin = config.plugins.get("seminar")
    if not isinstance(plugin, SeminarPlugin):
        return [
            Problem(
                shown,
                None,
                "error",
                "the seminar plugin is not enabled",
                "add `- seminar` under `plugins:`.",
            )
        ]
    options = plugin.config
    files = get_files(config)
    set_exclusions(files, config)
    pages = [file.src_uri for file in files.documentation_pages()]
    questions = options.questions
    return Course(
        docs_dir=Path(config.docs_dir),
        pages=pages,
        bibliography=list(options.bibliography),
        bibliography_page=options.bibliography_page,
        glossary=options.glossary,
        questions=QuestionOptions(
            enabled=questions.enabled,
            count=questions.count,
            min_words=questions.min_words,
            handout_page=questions.handout_page if questions.handout else None,
        ),
        markdown_extensions=list(config.markdown_extensions),
        extension_configs=dict(config.mdx_configs),
        base=base,
    )


def _top_level_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return None


def run(args: argparse.Namespace) -> int:
    """Check the course and print the problems; 0 when there is no error, else 1."""
    course = load_course(args.config)
    if isinstance(course, list):
        problems, pages = course, 0
    else:
        problems, pages = check_course(course), len(course.pages)
    sys.stdout.write(render_problems(problems, pages, args.format))
    return exit_code(problems)
