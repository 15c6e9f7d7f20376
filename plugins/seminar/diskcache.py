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
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path
from typing import Any

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

    Args:
        modules: Source files whose text decides a result.
        packages: Distributions whose version decides it too.
    """
    parts: list[str | bytes] = [Path(module).read_bytes() for module in modules]
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
