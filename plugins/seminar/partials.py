"""Seminar's own HTML partials, rendered through the theme's template path.

The partials (`partials/seminar/*.html`) are found through the theme's loader, so
a site's `custom_dir` overrides them, with the theme's filters and globals
available; but they are compiled through a bytecode cache kept in the plugin's
`cache_dir` (`TEMPLATE_BYTECODE`, checked against each template's source), so a
build does not pay for compiling them again every time.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

import jinja2

from seminar.diskcache import DiskCache

if TYPE_CHECKING:
    from jinja2.bccache import Bucket


class TemplateBytecode(jinja2.BytecodeCache):
    """Compiled templates, kept in the plugin's disk cache with the rest of its results.

    Not Jinja's default folder in the system's temporary directory: there, a build
    with `cache: false` would still leave files behind, `make clean` would not remove
    them, and CI, which keeps `cache_dir`, would compile every partial again. Until
    the plugin attaches its cache (`attach`), and with `cache: false`, nothing is
    kept and templates are compiled as they are loaded. A document that cannot be
    read or written is a miss, as in `DiskCache`; one made from another version of
    the template's source is rejected by Jinja's checksum.
    """

    #: The folder inside `cache_dir`: one document per template file.
    KIND = "templates"

    def __init__(self) -> None:
        self.disk = DiskCache(None)

    def attach(self, disk: DiskCache) -> None:
        """Keep compiled templates in this cache from now on (nowhere if it is off)."""
        self.disk = disk

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.disk.load(self.KIND, bucket.key, binary=True)
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.disk.save(self.KIND, bucket.key, bucket.bytecode_to_string(), binary=True)


#: Shared by every environment made here (and by the question stems).
TEMPLATE_BYTECODE = TemplateBytecode()


def partials_environment(theme: jinja2.Environment) -> jinja2.Environment:
    """An environment like `theme` (same loader, filters, globals) with a bytecode cache."""
    env = jinja2.Environment(
        loader=theme.loader,
        autoescape=theme.autoescape,
        auto_reload=False,
        bytecode_cache=TEMPLATE_BYTECODE,
    )
    env.filters.update(theme.filters)
    env.globals.update(theme.globals)
    return env


def template_source(env: jinja2.Environment, template: jinja2.Template) -> str:
    """A hash of the files and text a template was made from: what its renderings depend on.

    Its own file and those it includes, imports or extends (a `custom_dir` override
    may), so a rendering kept (`seminar.memo`) is reused only from the same text. A
    hash, not the text: it goes into the key of every rendering of the template.
    """
    assert template.name is not None
    return hashlib.sha256("\n".join(_sources(env, template.name, set())).encode()).hexdigest()


#: Words without which a template refers to no other (`include`, `import`, `from`
#: ... `import`, `extends`): a template without them is not parsed to find out.
_REFERRING = ("include", "import", "extends")


def _sources(env: jinja2.Environment, name: str, seen: set[str]) -> list[str]:
    assert env.loader is not None
    seen.add(name)
    source, filename, _ = env.loader.get_source(env, name)
    found = [f"{filename}\n{len(source)}\n{source}"]
    if not any(word in source for word in _REFERRING):
        return found  # Seminar's own partials: parsing them cost a millisecond each
    import jinja2.meta  # only for a template that may refer to others

    for other in jinja2.meta.find_referenced_templates(env.parse(source)):
        if other is None:  # a name computed while rendering: unknowable here
            found.append(os.urandom(16).hex())
        elif other not in seen:
            found += _sources(env, other, seen)
    return found
