"""What `seminar check` reports: one problem, where it is, how bad, and how to fix it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: `path:line: message` at the start of a core module's error message.
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.*)$", re.S)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a course.

    Attributes:
        path: The file, relative to the folder the check runs in when it is inside it.
        line: 1-based line in that file, or None when the whole file is meant.
        severity: `error` (the strict build fails, or readers see a broken page)
            or `warning` (the site builds, but something is probably unintended).
        message: What is wrong.
        fix: What to do about it ("" when the message says it).
    """

    path: str
    line: int | None
    severity: Severity
    message: str
    fix: str = ""

    def as_json(self) -> dict[str, object]:
        """The problem as a JSON object (the keys of this class)."""
        return asdict(self)


def split_fix(message: str) -> tuple[str, str]:
    """Split a core module's `… Fix: …` message into the message and the fix."""
    text, _, fix = message.partition(" Fix: ")
    return text.strip(), fix.strip()


def located(message: str) -> tuple[str, int, str] | None:
    """Read `path:line: rest` from the start of a message (BibTeX errors have this form)."""
    match = _LOCATED.match(message)
    if match is None:
        return None
    return match["path"], int(match["line"]), match["message"]
