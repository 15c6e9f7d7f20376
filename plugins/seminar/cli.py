"""The `seminar` command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from seminar import __version__, questions_command

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `seminar`."""
    parser = argparse.ArgumentParser(
        prog="seminar",
        description="Seminar: citations, glossary pop-ups and discussion questions "
        "for MkDocs course sites.",
    )
    parser.add_argument("--version", action="version", version=f"seminar {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    questions_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)
