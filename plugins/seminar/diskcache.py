"""Results kept on disk between builds, in the plugin's `cache_dir`.

Each result is one JSON document whose name is a hash of everything it depends
on (its inputs and the code that made it), so a stale document is never read:
changed inputs give another name. CI may keep the folder between runs, as it
keeps Material's `.cache/plugin/*`; deleting it only makes the next build do the
work again. A document that cannot be read or written is a miss, never an error:
the cache only ever saves time.

Documents of rendered HTML, which a warm build reads whole (half a megabyte for the
benchmark's course), may be kept in `marshal`'s format instead (`binary=True`): Python
reads strings back from it about six times as fast as from JSON. It keeps what JSON
keeps (strings, numbers, lists, dicts, None), tuples as tuples, and bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import tempfile
import time
from importlib.metadata import PackageNotFoundError, distribution, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

#: Bump when the layout of a cached document changes.
SCHEMA = "2"


def _suffix(binary: bool) -> str:
    return ".marshal" if binary else ".json"


def digest(*parts: str | bytes) -> str:
    """A short, stable hash of some strings (lengths included, so parts never run together).

    SHA-256, cut to 128 bits: processors hash it in hardware, about 2.5 times as fast
    as BLAKE2b here (4 ms against 10 ms for the benchmark's 7.3 MB `.bib`, which a
    warm build hashes to find its scan).
    """
    hasher = hashlib.sha256(SCHEMA.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def code_digest(*modules: str | Path, packages: tuple[str, ...] = ()) -> str:
    """A hash of source files and package versions: results of other code get other names.

    Each file counts by the hash of its bytes (`SOURCES`, which reads a file only when
    its stamp is not on record).

    Args:
        modules: Source files whose text decides a result.
        packages: Distributions whose version decides it too.
    """
    parts: list[str | bytes] = [SOURCES.digest(os.fspath(module)) for module in modules]
    for package in packages:
        try:
            parts.append(f"{package}=={package_version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} (not installed)")
    return digest(*parts)


def package_version(package: str) -> str:
    """An installed distribution's version, from the `Version:` line of its metadata.

    `importlib.metadata.version` parses the whole file with the e-mail parser, which
    costs a build about a millisecond each time.

    Raises:
        PackageNotFoundError: The distribution is not installed.
    """
    metadata = distribution(package).read_text("METADATA") or ""
    for line in metadata.splitlines():
        if line.startswith("Version:"):
            return line.removeprefix("Version:").strip()
        if not line:
            break  # the headers end at the first empty line
    return version(package)


class DiskCache:
    """JSON documents by name in one folder per kind of result (or nowhere)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @property
    def enabled(self) -> bool:
        """Whether anything is read or written at all."""
        return self.folder is not None

    def load(self, kind: str, name: str, *, binary: bool = False) -> Any | None:
        """The document of this kind saved under `name` (in `marshal`'s format), or None."""
        if self.folder is None:
            return None
        path = self.folder / kind / f"{name}{_suffix(binary)}"
        try:
            if binary:
                return marshal.loads(path.read_bytes())
            with open(path, encoding="utf-8") as stream:
                return json.load(stream)
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def save(self, kind: str, name: str, value: Any, *, binary: bool = False) -> None:
        """Save a document atomically (a reader never sees half of one); ignore failures.

        With `binary`, in `marshal`'s format: a value it cannot write is not saved.
        """
        if self.folder is None:
            return
        folder = self.folder / kind
        with contextlib.suppress(OSError, ValueError):
            data = marshal.dumps(value) if binary else b""
            folder.mkdir(parents=True, exist_ok=True)
            # Not `*.json` while it is written: `prune` (maybe in another thread) skips it.
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
            try:
                if binary:
                    with os.fdopen(handle, "wb") as stream:
                        stream.write(data)
                else:
                    with os.fdopen(handle, "w", encoding="utf-8") as stream:
                        json.dump(value, stream, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, folder / f"{name}{_suffix(binary)}")
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def prune(self, kind: str, keep: set[str]) -> None:
        """Delete the documents of a kind that the last build did not use.

        Called once per build with the names it read or wrote, so the folder
        holds one build's worth of results instead of every version ever made.
        """
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            for path in (self.folder / kind).glob("*.json"):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)


#: What tells one version of a file from another without reading it (`os.stat`): size,
#: modification and change times in nanoseconds, device and inode.
Stamp = tuple[int, int, int, int, int]
#: How long ago a file must have been changed for its stamp to be trusted: a write in
#: the same tick of the file system's clock, of the same size, would leave the stamp
#: as it was (git's "racily clean" files). Two seconds covers every clock's tick.
SETTLED_NS = 2_000_000_000


def stamp_of(status: os.stat_result) -> Stamp:
    """A file's stamp, from `os.stat` or `os.fstat`."""
    return (
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_dev,
        status.st_ino,
    )


def settled(stamp: Stamp) -> bool:
    """Whether a file was last changed long enough ago for its stamp to be trusted."""
    return time.time_ns() - max(stamp[1], stamp[2]) > SETTLED_NS


class StampRecords:
    """A value per file, trusted while the file's stamp is the one on record.

    One document in a `DiskCache` (path -> [*stamp, value]), read when first needed.
    As git's index keeps its files' stamps: only a settled file's stamp is recorded
    (`settled`), so a write within the same clock tick at the same size is never missed.
    """

    def __init__(self, cache: DiskCache, kind: str, name: str) -> None:
        self.cache = cache
        self.kind = kind
        self.name = name
        self._records: dict[str, list[Any]] | None = None
        self._changed = False

    def known(self, path: str, stamp: Stamp) -> str | None:
        """The value recorded for the file, if its stamp is the one on record."""
        record = self._load().get(path)
        if isinstance(record, list) and len(record) == 6 and tuple(record[:5]) == stamp:
            return str(record[5])
        return None

    def remember(self, path: str, stamp: Stamp, value: str) -> None:
        """Record the value of a file as it was when `stamp` was taken, if it is settled."""
        if not settled(stamp):
            return
        records = self._load()
        if records.get(path) != [*stamp, value]:
            records[path] = [*stamp, value]
            self._changed = True

    def save(self, keep: Callable[[str], bool] | None = None) -> None:
        """Write the records if they changed (keeping only the values `keep` accepts).

        They are read again when next needed: another process may have changed them.
        """
        if self._records is None:
            return
        kept = self._records
        if keep is not None:
            kept = {
                path: record
                for path, record in kept.items()
                if isinstance(record, list) and record and keep(str(record[-1]))
            }
        if self._changed or kept != self._records:
            self.cache.save(self.kind, self.name, kept)
        self._records, self._changed = None, False

    def _load(self) -> dict[str, list[Any]]:
        if self._records is None:
            document = self.cache.load(self.kind, self.name) if self.cache.enabled else None
            self._records = document if isinstance(document, dict) else {}
        return self._records


class SourceDigests:
    """The hash of each source file `code_digest` names results by, known by its stamp.

    Every build names what it caches by the code that made it: the benchmark's
    course read and hashed about 370 KB of Seminar's source for that, 1.5 ms of each
    build. Here a settled file is read once per process, and not at all while its
    stamp (size, times, inode) is the one on record in the cache folder (`attach`,
    `save`; `StampRecords`).
    """

    #: The document the records are kept in: path -> [*stamp, hash].
    KIND = "code"
    NAME = "sources"

    def __init__(self) -> None:
        self._hashes: dict[tuple[str, Stamp], str] = {}
        self._records = StampRecords(DiskCache(None), self.KIND, self.NAME)

    def attach(self, cache: DiskCache) -> None:
        """Keep the records in this cache's folder from now on."""
        if cache.folder != self._records.cache.folder:
            self._records = StampRecords(cache, self.KIND, self.NAME)

    def digest(self, path: str) -> str:
        """The hash of a file's bytes (SHA-256, cut as `digest` cuts it)."""
        stamp = stamp_of(os.stat(path))
        known = self._hashes.get((path, stamp)) or self._records.known(path, stamp)
        if known is None:
            with open(path, "rb") as stream:
                known = digest(stream.read())
            if not settled(stamp):
                return known  # read again next time
            self._records.remember(path, stamp, known)
        self._hashes[(path, stamp)] = known
        return known

    def save(self) -> None:
        """Write the records if this build added any."""
        self._records.save()


#: The process's hashes of source files (`code_digest`); the plugin attaches its cache.
SOURCES = SourceDigests()
