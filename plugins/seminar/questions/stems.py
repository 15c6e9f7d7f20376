"""Question stems: the Jinja2 macros of `partials/seminar/question-stems.html`.

The wording lives in a template so that a site can reword or translate it (a
`custom_dir` copy wins over the shipped one); this module only reads which
macros there are, what level and kind of sentence each one is for, and which
arguments it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2.runtime import Macro

#: Where the plugin's templates live (also on the theme's template path).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STEMS_TEMPLATE = "partials/seminar/question-stems.html"
LEVELS = ("understand", "apply", "analyze", "evaluate", "create")


class StemError(ValueError):
    """A stems template that cannot be used (a bad macro name, a syntax error)."""


@dataclass(frozen=True)
class Stem:
    """One question stem: a macro for one Bloom level and one kind of sentence."""

    name: str
    level: str
    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    macro: Macro

    def fill(self, values: Mapping[str, str]) -> str | None:
        """The question, or None when an argument it needs is missing."""
        if any(not values.get(name) for name in self.required):
            return None
        arguments = {n: values[n] for n in (*self.required, *self.optional) if n in values}
        return " ".join(str(self.macro(**arguments)).split())


class Stems:
    """All stems of one template, sorted by name (so the order never depends on hashing)."""

    def __init__(self, template: jinja2.Template, defaults: Mapping[str, int]) -> None:
        """Read the macros of `template`.

        Args:
            template: The loaded stems template.
            defaults: How many trailing arguments of each macro have a default
                (`parse_defaults` reads it from the template's source).

        Raises:
            StemError: When a macro name does not start with a Bloom level.
        """
        stems = []
        for name in sorted(vars(template.module)):
            macro = getattr(template.module, name)
            if not isinstance(macro, jinja2.runtime.Macro):
                continue
            level, _, rest = name.partition("_")
            if level not in LEVELS or not rest:
                raise StemError(
                    f"{template.filename}: macro '{name}' must be named "
                    f"'<level>_<kind>' with <level> one of {', '.join(LEVELS)}."
                )
            kind = rest.split("_")[0]
            optional_count = defaults.get(name, 0)
            arguments = tuple(macro.arguments)
            required = arguments[: len(arguments) - optional_count]
            optional = arguments[len(arguments) - optional_count :]
            stems.append(Stem(name, level, kind, required, optional, macro))
        if not stems:
            raise StemError(f"{template.filename}: no question stems (Jinja2 macros) found.")
        self.stems: tuple[Stem, ...] = tuple(stems)
        #: The stems' language, from `{% set language = "de" %}` in the template ("en" if unset).
        self.language: str = str(getattr(template.module, "language", "en"))

    def for_kinds(self, kinds: frozenset[str]) -> list[Stem]:
        """The stems that a sentence of these kinds can fill."""
        return [s for s in self.stems if s.kind == "any" or s.kind in kinds]


def stems_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A plain-text environment (no HTML escaping) that fails on undefined names."""
    return jinja2.Environment(
        loader=loader, autoescape=False, undefined=jinja2.StrictUndefined, auto_reload=False
    )


#: Compiled stems by (template source, file name): compiling takes longer than using them.
_COMPILED: dict[tuple[str, str], Stems] = {}


def load_stems(loader: jinja2.BaseLoader, language: str | None = None) -> Stems:
    """The stems found through `loader`: `question-stems.<language>.html` first, if present.

    The template is parsed once; the same source is compiled only once per process
    (so `mkdocs serve` rebuilds and the CLI do not pay for it again).

    Raises:
        StemError: When the template has a syntax error or unusable macros.
    """
    env = stems_environment(loader)
    names = [STEMS_TEMPLATE]
    if language:
        names.insert(0, STEMS_TEMPLATE.replace(".html", f".{language}.html"))
    for name in names:
        try:
            source, filename, _ = loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            continue
        break
    else:
        raise StemError(f"no template {' or '.join(names)} on the template path.")
    key = (source, filename or name)
    if key not in _COMPILED:
        try:
            tree = env.parse(source, name, filename)
            code = env.compile(tree, name, filename)
        except jinja2.TemplateSyntaxError as error:
            raise StemError(f"{error.filename}:{error.lineno}: {error.message}") from None
        template = env.template_class.from_code(env, code, env.make_globals(None))
        template.name, template.filename = name, filename
        defaults = {n.name: len(n.defaults) for n in tree.find_all(jinja2.nodes.Macro)}
        _COMPILED[key] = Stems(template, defaults)
    return _COMPILED[key]


def default_stems() -> Stems:
    """The English stems shipped with Seminar."""
    return load_stems(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
