"""The `seminar` command line."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from seminar import __version__, check_command, questions_command

if TYPE_CHECKING:
    from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `seminar`."""
    parser = argparse.ArgumentParser(
        prog="seminar",
        description="Seminar: citations, glossary pop-ups and discussion questions "
        "for MkDocs course sites.",
    )
    parser.add_argument("--version", action="version", version=f"seminar {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_new_command(commands)
    questions_command.add_parser(commands)
    check_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    run: int = args.run(args)
    return run


# `seminar new`


def add_new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `seminar new DIR [--force] [--title TITLE]`."""
    new = commands.add_parser(
        "new",
        help="start a new course repository",
        description="Write a new course repository into DIR: mkdocs.yml, docs/, "
        "references.bib, a Makefile (make serve, make test, make build), a GitHub Pages "
        "workflow, .gitignore and a README. Existing files are never overwritten "
        "unless --force is given.",
    )
    new.add_argument("directory", metavar="DIR", type=Path, help="the course folder")
    new.add_argument("--title", help="the course title (default: made from DIR's name)")
    new.add_argument("--force", action="store_true", help="overwrite files that already exist")
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    """Write the course; on a refusal, print why and return 1."""
    from seminar.scaffold import ScaffoldError, create_course

    folder: Path = args.directory
    try:
        written = create_course(folder, title=args.title, force=args.force)
    except ScaffoldError as error:
        print(f"seminar new: {error}", file=sys.stderr)
        return 1
    print(f"Created a course in {folder} ({len(written)} files):")
    for name in written:
        print(f"  {name}")
    print(
        "\nNext:\n"
        f"  cd {shlex.quote(str(folder))}\n"
        "  make serve   # live preview at http://127.0.0.1:8000/\n"
        "  make test    # check the course: a strict build"
    )
    return 0
