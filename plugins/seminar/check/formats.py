"""Print `seminar check` problems as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from seminar.check.problems import Problem

FORMATS = ("text", "json", "github")


def exit_code(problems: Sequence[Problem]) -> int:
    """0 when no problem is an error, 1 otherwise (warnings alone do not fail)."""
    return 1 if any(p.severity == "error" for p in problems) else 0


def summary(problems: Sequence[Problem], pages: int) -> str:
    """One line: how many errors and warnings, or that the course is clean."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"seminar check: no problems in {pages} page{'s' * (pages != 1)}."
    return (
        f"seminar check: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)} in {pages} page{'s' * (pages != 1)}."
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def as_text(problems: Sequence[Problem], pages: int) -> str:
    """`path:line: severity: message`, the fix indented below, then a summary line."""
    lines = []
    for problem in problems:
        lines.append(f"{_where(problem)}: {problem.severity}: {problem.message}")
        if problem.fix:
            lines.append(f"    Fix: {problem.fix}")
    lines.append(summary(problems, pages))
    return "\n".join(lines) + "\n"


def as_json(problems: Sequence[Problem], pages: int) -> str:
    """`{"problems": [...], "errors": N, "warnings": N, "pages": N}`, indented."""
    errors = sum(p.severity == "error" for p in problems)
    document = {
        "problems": [p.as_json() for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
        "pages": pages,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping of a message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Sequence[Problem], pages: int) -> str:
    """One `::error file=…,line=…,title=…::message` workflow command per problem.

    A pull request then shows each problem on its line; the summary follows as
    a plain line for the log.
    """
    lines = []
    for problem in problems:
        properties = [f"file={_escape_property(problem.path)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property('seminar check')}")
        message = _sentence(problem.message) + (f" Fix: {problem.fix}" if problem.fix else "")
        lines.append(f"::{problem.severity} {','.join(properties)}::{_escape_data(message)}")
    lines.append(summary(problems, pages))
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Sequence[Problem], int], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
}


def render(problems: Sequence[Problem], pages: int, output: str = "text") -> str:
    """The problems in one of `FORMATS`."""
    return RENDERERS[output](problems, pages)
