"""Results kept from one build to the next: in memory under `serve`, on disk otherwise.

`serve` rebuilds the whole site on every save, and nearly everything a rebuild
works out is what the build before it worked out: the page saved is one of
hundreds. A `Memo` hands back the last build's result for the same key instead
of making it again. The key is everything the result depends on, so a result is
reused only where making it again would give the same. Each build keeps only the
results it used, so a memo never holds more than one build's worth.

Outside `serve`, a memo of rendered HTML may keep its results on disk instead
(`next_build(disk=...)`): one document per memo (in `marshal`'s format), read when
first needed, written by `save` only when it changed. There a key is known by a hash of its value
(`key_name`), and the document also records a hash of the code that renders, so
a result made by other code is never read.
"""

from __future__ import annotations

import functools
import marshal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import jinja2

from seminar.diskcache import DiskCache, code_digest, digest

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

V = TypeVar("V")

#: The kind of document the disk cache keeps memos under.
DISK_KIND = "memo"
#: What `dict.get` answers for a key it does not hold (a value may be None).
_MISSING: Any = object()


@functools.cache
def rendering_code(*modules: str) -> str:
    """A hash of the modules that render a memo's values, this one and Jinja's version."""
    return code_digest(__file__, *modules, packages=()) + jinja2.__version__


def key_name(key: Hashable) -> str:
    """The name of a key on disk: a hash of its value, the same in every process.

    Keys are tuples of strings, numbers, booleans and None, and of named tuples.
    `marshal` before version 3 writes the builtin ones by value alone (from version 3
    an interned string is written otherwise, and a value met twice by reference), and
    about three times as fast as `repr`, which takes the rest: a named tuple's `repr`
    is its value too. The two are hashed under different prefixes.
    """
    try:
        return digest(b"marshal", marshal.dumps(key, 0))  # type: ignore[arg-type]
    except ValueError:  # a named tuple, say
        return digest(b"repr", repr(key))


class Memo(Generic[V]):
    """Values by key, for this build and from the one before.

    Args:
        keep: Remember anything at all (`mkdocs serve`); when False, `get` only makes.
    """

    def __init__(self, *, keep: bool = False) -> None:
        self.in_memory = keep
        self._last: dict[Hashable, V] = {}
        self._now: dict[Hashable, V] = {}
        self.hits = 0
        self.misses = 0
        # On disk: where, under which name, and the hash of the code that makes values.
        self._disk: tuple[DiskCache, str, str] | None = None
        self._saved: dict[str, V] | None = None  # the document's values, read when needed
        self._unchanged = False  # the document held values when it was read
        self._made: dict[str, V] = {}  # on disk: values made this build, by key hash
        self._reused: set[str] = set()  # and the key hashes of those read from the document

    @property
    def keep(self) -> bool:
        """Whether results are kept at all (so callers work out the keys)."""
        return self.in_memory or self._disk is not None

    def next_build(
        self, *, keep: bool | None = None, disk: tuple[DiskCache, str, str] | None = None
    ) -> None:
        """Start a build: what the last one used stays available, the rest goes.

        Args:
            keep: Keep results in memory for the next build (`serve`).
            disk: Outside `serve`: keep them on disk instead, as
                (cache, document name, hash of the code that makes the values).
                Values must then be what `marshal` writes: strings, numbers, None,
                bytes, and lists, tuples and dicts of them (this is for rendered HTML).
        """
        if keep is not None:
            self.in_memory = keep
        self._last, self._now = (self._now, {}) if self.in_memory else ({}, {})
        self.hits = self.misses = 0
        self._disk = disk if not self.in_memory and disk is not None and disk[0].enabled else None
        self._saved, self._made, self._reused = None, {}, set()
        self._unchanged = False

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`: this build's, the last build's, or `make()`'s."""
        if self._disk is not None:
            return self._get_on_disk(key_name(key), make)
        if not self.in_memory:
            self.misses += 1
            return make()
        # One lookup in each dict: a key is hashed, and on a hit compared, once per lookup,
        # and keys are big (a page's whole tree, for its term links).
        now = self._now
        value = now.get(key, _MISSING)
        if value is not _MISSING:
            self.hits += 1
            return value
        value = self._last.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            value = make()
        else:
            self.hits += 1
        now[key] = value
        return value

    def _get_on_disk(self, name: str, make: Callable[[], V]) -> V:
        made = self._made
        if name in made:
            self.hits += 1
            return made[name]
        value = self._read().pop(name, None)
        if value is not None:
            # Not kept in memory: a page's rendering goes once the page has it, and `save`
            # reads the document again should it have to be written.
            self.hits += 1
            self._reused.add(name)
            return value
        if name in self._reused:
            return make()  # asked for again: made again, as it was read (same key)
        self.misses += 1
        value = made[name] = make()
        return value

    def _read(self) -> dict[str, V]:
        """The values of the document on disk (read once per build; {} when unusable)."""
        if self._saved is None:
            self._saved = self._load()
            self._unchanged = bool(self._saved)
        return self._saved

    def _load(self) -> dict[str, V]:
        assert self._disk is not None
        cache, name, code = self._disk
        document: Any = cache.load(DISK_KIND, name, binary=True)
        valid = isinstance(document, dict) and document.get("code") == code
        entries = document.get("entries") if valid else None
        return entries if isinstance(entries, dict) else {}

    def save(self) -> None:
        """Write this build's values to disk, unless the document already holds just these.

        Outside `serve`, once the build is done. Values read from the document are
        read from it again only if it has to be written (a value was made, or one
        the document holds was not used).
        """
        if self._disk is None or not (self.hits or self.misses):
            return
        if self._made or self._read() or not self._unchanged:
            entries: dict[str, V] = {}
            if self._reused:
                before = self._load()
                entries = {name: before[name] for name in self._reused if name in before}
            entries.update(self._made)
            cache, name, code = self._disk
            cache.save(DISK_KIND, name, {"code": code, "entries": entries}, binary=True)
        self._made, self._reused, self._saved = {}, set(), None
        self._unchanged = False

    def __len__(self) -> int:
        return len(self._now) + len(self._made) + len(self._reused)
