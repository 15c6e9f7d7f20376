"""Seminar's own HTML partials, rendered through the theme's template path.

The partials (`partials/seminar/*.html`) are found through the theme's loader, so
a site's `custom_dir` overrides them, with the theme's filters and globals
available; but they are compiled through Jinja's bytecode cache (a private
folder in the system's temporary directory, checked against each template's
source), so a build does not pay for compiling them again every time.
"""

from __future__ import annotations

import jinja2

#: Shared by every environment made here (and by the question stems).
BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


def partials_environment(theme: jinja2.Environment) -> jinja2.Environment:
    """An environment like `theme` (same loader, filters, globals) with a bytecode cache."""
    env = jinja2.Environment(
        loader=theme.loader,
        autoescape=theme.autoescape,
        auto_reload=False,
        bytecode_cache=BYTECODE_CACHE,
    )
    env.filters.update(theme.filters)
    env.globals.update(theme.globals)
    return env
