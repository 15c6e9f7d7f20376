"""Question stems: the Jinja2 macros of `partials/seminar/question-stems.html`.

The wording lives in a template so that a site can reword or translate it (a
`custom_dir` copy wins over the shipped one); this module only reads which
macros there are, what level and kind of sentence each one is for, and which
arguments it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import jinja2

from seminar.partials import TEMPLATE_BYTECODE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2.runtime import Macro

#: Where the plugin's templates live (also on the theme's template path).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STEMS_TEMPLATE = "partials/seminar/question-stems.html"
LEVELS = ("understand", "apply", "analyze", "evaluate", "create")
#: Arguments a stem may do without (they are passed as "" when unknown).
OPTIONAL_ARGUMENTS = frozenset({"source"})


class StemError(ValueError):
    """A stems template that cannot be used (a bad macro name, a syntax error)."""


class Stem(NamedTuple):
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
        arguments = {n: values[n] for n in self.required}
        arguments.update({n: values.get(n, "") for n in self.optional})
        return " ".join(str(self.macro(**arguments)).split())


class Stems:
    """All stems of one template, sorted by name (so the order never depends on hashing)."""

    def __init__(self, template: jinja2.Template) -> None:
        """Read the macros of `template`.

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
            arguments = tuple(macro.arguments)
            required = tuple(a for a in arguments if a not in OPTIONAL_ARGUMENTS)
            optional = tuple(a for a in arguments if a in OPTIONAL_ARGUMENTS)
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
    """A plain-text environment (no HTML escaping) that fails on undefined names.

    Compiled templates are kept in the plugin's cache folder once it is attached
    (`partials.TEMPLATE_BYTECODE`, checked against the source), so a fresh
    `mkdocs build` does not pay for compiling the stems again.
    """
    return jinja2.Environment(
        loader=loader,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        bytecode_cache=TEMPLATE_BYTECODE,
    )


#: Stems by (template file, source): reading a template's macros is done once per process.
_LOADED: dict[tuple[str, str], Stems] = {}


def load_stems(loader: jinja2.BaseLoader, language: str | None = None) -> Stems:
    """The stems found through `loader`: `question-stems.<language>.html` first, if present.

    Raises:
        StemError: When the template is missing, has a syntax error or unusable macros.
    """
    env = stems_environment(loader)
    names = [STEMS_TEMPLATE]
    if language:
        names.insert(0, STEMS_TEMPLATE.replace(".html", f".{language}.html"))
    try:
        template = env.select_template(names)
    except jinja2.TemplateSyntaxError as error:
        raise StemError(f"{error.filename}:{error.lineno}: {error.message}") from None
    except jinja2.TemplatesNotFound:
        raise StemError(f"no template {' or '.join(names)} on the template path.") from None
    source, _, _ = loader.get_source(env, template.name or STEMS_TEMPLATE)
    key = (template.filename or "", source)
    if key not in _LOADED:
        _LOADED[key] = Stems(template)
    return _LOADED[key]


def default_stems() -> Stems:
    """The English stems shipped with Seminar."""
    return load_stems(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
