"""`seminar new`: write a new course repository from the template shipped with Seminar.

Plain Python: no MkDocs here. The template is package data in `template/`, next to
this module. Its files are copied as they are, except:

* a file whose name ends in `.jinja` is rendered with Jinja2 (the course title and the
  Seminar version) and written without that suffix;
* a path part that starts with `dot-` is written with a dot instead (`dot-gitignore`
  becomes `.gitignore`), so that the template's own dotfiles never act on this
  repository (a `.gitignore` in the template would hide files from git and the wheel).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jinja2 import Environment, StrictUndefined

from seminar import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable

__all__ = [
    "ScaffoldError",
    "TemplateFile",
    "create_course",
    "default_title",
    "render_course",
    "target_name",
    "template_files",
]

RENDERED_SUFFIX = ".jinja"
DOT_PREFIX = "dot-"


class ScaffoldError(Exception):
    """The course cannot be written where it was asked to be; the message says why and the fix."""


@dataclass(frozen=True)
class TemplateFile:
    """One file of the course template.

    Attributes:
        source: The file inside the package.
        target: Where it goes, relative to the course folder (POSIX separators).
        rendered: Whether it is a Jinja2 template rather than a file copied as is.
    """

    source: Traversable
    target: str
    rendered: bool


def target_name(relative: str) -> str:
    """Map a path inside the template to the path it gets in the course.

    >>> target_name("dot-github/workflows/pages.yml")
    '.github/workflows/pages.yml'
    >>> target_name("docs/index.md.jinja")
    'docs/index.md'
    """
    parts = PurePosixPath(relative).parts
    parts = tuple("." + p[len(DOT_PREFIX) :] if p.startswith(DOT_PREFIX) else p for p in parts)
    name = "/".join(parts)
    return name.removesuffix(RENDERED_SUFFIX)


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__":
            continue
        relative = f"{prefix}{item.name}"
        if item.is_dir():
            yield from _walk(item, relative + "/")
        else:
            yield relative, item


def template_files() -> list[TemplateFile]:
    """Every file of the course template, sorted by its path in the course."""
    root = files("seminar.scaffold").joinpath("template")
    found = [
        TemplateFile(source, target_name(relative), relative.endswith(RENDERED_SUFFIX))
        for relative, source in _walk(root, "")
    ]
    return sorted(found, key=lambda f: f.target)


def default_title(folder: Path) -> str:
    """A course title made from a folder name: `intro-to-ethics` gives `Intro to ethics`."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    title = " ".join(words)
    return title[:1].upper() + title[1:] if title else "My course"


def _check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ScaffoldError("the course title is empty. Fix: give one, e.g. --title 'Ethics 101'.")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in title):
        raise ScaffoldError(
            f"the course title {title!r} contains a line break or control character. "
            "Fix: give a title on one line."
        )
    return title


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons, `#` and
    # non-ASCII letters in a title cannot change the meaning of mkdocs.yml.
    return json.dumps(value, ensure_ascii=False)


def render_course(title: str, version: str = __version__) -> dict[str, str]:
    """Return the text of every file of a new course, by its path relative to the course.

    Args:
        title: The course title (site name, landing page heading, README heading).
        version: The `mkdocs-seminar` version that the course pins in `requirements.txt`.

    Raises:
        ScaffoldError: If the title is empty or spans several lines.
    """
    title = _check_title(title)
    env = Environment(keep_trailing_newline=True, undefined=StrictUndefined, autoescape=False)
    env.filters["yaml_string"] = _yaml_string
    course: dict[str, str] = {}
    for file in template_files():
        text = file.source.read_text(encoding="utf-8")
        if file.rendered:
            text = env.from_string(text).render(title=title, version=version)
        course[file.target] = text
    return course


def _in_the_way(folder: Path, names: list[str]) -> list[str]:
    found: set[str] = set()
    for name in names:
        if (folder / name).is_dir():
            found.add(name)
        for parent in PurePosixPath(name).parents:
            if str(parent) != "." and (folder / parent).exists() and not (folder / parent).is_dir():
                found.add(str(parent))
    return sorted(found)


def _existing(folder: Path, names: list[str]) -> list[str]:
    return [name for name in names if (folder / name).exists() or (folder / name).is_symlink()]


def create_course(
    folder: Path, *, title: str | None = None, force: bool = False, version: str = __version__
) -> list[str]:
    """Write a new course into `folder` and return the paths written, relative to it.

    Files already in `folder` that the template does not have are left alone. All the
    checks come first: when one fails, nothing is written.

    Args:
        folder: The course folder; created if missing.
        title: The course title; by default made from the folder name.
        force: Overwrite files that already exist.
        version: The `mkdocs-seminar` version the course pins.

    Raises:
        ScaffoldError: If `folder` is a file, if a path the template needs is a folder,
            or if files would be overwritten without `force` (all of them are named).
    """
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(
            f"'{folder}' is a file, not a folder. Fix: give the path of a new or empty folder."
        )
    course = render_course(default_title(folder) if title is None else title, version)
    names = list(course)
    in_the_way = _in_the_way(folder, names)
    if in_the_way:
        raise ScaffoldError(
            f"in '{folder}', these paths are in the way of the new course's files "
            "(a folder where it needs a file, or a file where it needs a folder): "
            + ", ".join(in_the_way)
            + ". Fix: move them away, or choose another folder."
        )
    existing = _existing(folder, names)
    if existing and not force:
        raise ScaffoldError(
            f"'{folder}' already has {len(existing)} of the files a new course needs, and "
            "they would be overwritten: "
            + ", ".join(existing)
            + ". Fix: choose a new or empty folder, or pass --force to overwrite them."
        )
    for name, text in course.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()  # write a file of our own rather than through the link
        path.write_text(text, encoding="utf-8", newline="\n")
    return names
