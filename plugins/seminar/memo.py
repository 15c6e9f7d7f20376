"""Results kept from one `mkdocs serve` build to the next.

`serve` rebuilds the whole site on every save, and nearly everything a rebuild
works out is what the build before it worked out: the page saved is one of
hundreds. A `Memo` hands back the last build's result for the same key instead
of making it again. The key is everything the result depends on, so a result is
reused only where making it again would give the same. Each build keeps only the
results it used, so a memo never holds more than one build's worth; outside
`serve` it keeps nothing at all and costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, for this build and from the one before.

    Args:
        keep: Remember anything at all (`mkdocs serve`); when False, `get` only makes.
    """

    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        self._last: dict[Hashable, V] = {}
        self._now: dict[Hashable, V] = {}
        self.hits = 0
        self.misses = 0

    def next_build(self, *, keep: bool | None = None) -> None:
        """Start a build: what the last one used stays available, the rest goes."""
        if keep is not None:
            self.keep = keep
        self._last, self._now = (self._now, {}) if self.keep else ({}, {})
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`: this build's, the last build's, or `make()`'s."""
        if not self.keep:
            self.misses += 1
            return make()
        now = self._now
        if key in now:
            self.hits += 1
            return now[key]
        if key in self._last:
            self.hits += 1
            value = now[key] = self._last[key]
            return value
        self.misses += 1
        value = now[key] = make()
        return value

    def __len__(self) -> int:
        return len(self._now)
