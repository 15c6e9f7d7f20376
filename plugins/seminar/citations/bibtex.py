"""Read `.bib` files with bibtexparser 2: validate them, know every entry's line, cut subsets.

Formatting is left to Pandoc reading the BibTeX itself: `subset()` writes the
cited entries back out, byte for byte as the author wrote them, with their
`crossref`/`xdata` parents and the file's `@string` and `@preamble` blocks, one
text per `.bib` file. Pandoc's own reader then does the names, particles, title
case, LaTeX, `crossref` inheritance and dates exactly as `pandoc --citeproc
--bibliography x.bib` would (measured against our own CSL-JSON conversion: 100%
agreement on `xampl.bib` instead of 88%; nothing is decoded here).

What a text must pass before Pandoc sees it is checked in `bibcheck`: every block
parses, every field is a well-formed value, math and environments are closed, no key
is defined twice in a file (a build that finds every file in its cache never
imports it). `load` adds what spans the files: no key is defined twice in the
bibliography, and every `crossref` names an entry. Each problem is a `BibError`
naming the file, the line and the fix. A `crossref` whose parent differs in case or
sits in another file is a warning: Pandoc inherits nothing from it, and neither do we.

How, cheaply: `bibscan.scan` first cuts the file into blocks with one regular
expression per block and sorts out the entries every check is known to pass on;
bibtexparser then parses only the `@string`s and the other entries, and the checks
run on them with their lines in the file. A file the scan is unsure of is parsed
whole, as before. What a file gave is kept by its content (`ScanCache`), in
memory for `mkdocs serve` and on disk between builds. Measured on the benchmark's
`.bib` of 20,000 entries (7.3 MB): the full parse and checks took about 4 s, the
scan takes about 0.35 s, and a build that finds the file's result on disk about
0.05 s.
"""

from __future__ import annotations

import functools
import itertools
import os
import sys
from array import array
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from seminar.diskcache import DiskCache, Stamp, StampRecords, code_digest, digest, stamp_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from seminar.citations import bibscan


class BibError(ValueError):
    """A `.bib` file cannot be used; the message names the file, the line and the fix."""


#: Entry types of BibTeX and BibLaTeX that Pandoc's reader maps to a CSL type.
KNOWN_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "inbook",
        "incollection",
        "inproceedings",
        "conference",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "report",
        "thesis",
        "collection",
        "mvbook",
        "mvcollection",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "periodical",
        "suppperiodical",
        "reference",
        "mvreference",
        "inreference",
        "patent",
        "software",
        "dataset",
        "www",
        "electronic",
        "artwork",
        "audio",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "standard",
        "video",
        "set",
        "xdata",
    ]
)


class BibEntry(NamedTuple):
    """One BibTeX entry, with where it came from.

    A named tuple, not a dataclass: a build makes one per entry it reports on,
    and `seminar check` one per entry of files of tens of thousands.

    Attributes:
        key: The citation key.
        path: The `.bib` file.
        line: 1-based line of the `@type{key,` opening.
        parents: Keys of the entries it inherits from (`crossref`, `xdata`), same file.
    """

    key: str
    path: str
    line: int
    parents: tuple[str, ...] = ()


#: Where a block is in its file: (start offset, end offset, 1-based line of its `@`).
Extent = tuple[int, int, int]


#: The `array` type code of signed integers of each width in bytes (4 and 8 where C has them).
_ARRAY_CODES = {array(code).itemsize: code for code in ("q", "i")}


class Spans(Mapping[str, Extent]):
    """Key -> extent of every entry of one file, in file order, without an object per entry.

    A `.bib` of 20,000 entries held 20,000 small lists (as JSON gave them): the
    garbage collector visited each on every full collection, and reading them back
    from the disk cache cost 11 ms. Here a dict gives each key its position and one
    flat array holds the numbers; an extent is made when it is asked for. The cache
    stores the keys as a list and the numbers in hexadecimal, little-endian, 32-bit
    when they fit (a file under 2 GiB) and 64-bit otherwise: decoding base64 took
    2.5 ms for the benchmark's 20,000 entries, hexadecimal takes 0.3 ms.
    """

    __slots__ = ("_index", "_numbers")

    def __init__(self, extents: Iterable[tuple[str, Extent]] = ()) -> None:
        self._index: dict[str, int] = {}
        self._numbers = array("q")
        for key, extent in extents:
            at = self._index.get(key)
            if at is None:
                self._index[key] = len(self._index)
                self._numbers.extend(extent)
            else:
                self._numbers[3 * at : 3 * at + 3] = array("q", extent)

    def __getitem__(self, key: str) -> Extent:
        at = 3 * self._index[key]
        numbers = self._numbers
        return numbers[at], numbers[at + 1], numbers[at + 2]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Spans({dict(self.items())!r})"

    def document(self) -> dict[str, object]:
        """What the disk cache stores."""
        numbers = array("q", self._numbers)
        narrow = _ARRAY_CODES.get(4)
        if narrow and (not numbers or (min(numbers) >= 0 and max(numbers) < 2**31)):
            numbers = array(narrow, numbers)
        if sys.byteorder == "big":
            numbers.byteswap()
        return {
            "keys": list(self._index),
            "width": numbers.itemsize,
            "numbers": numbers.tobytes().hex(),
        }

    @classmethod
    def from_document(cls, document: object) -> Spans | None:
        """Spans from what `document` stored; None for anything else."""
        if not isinstance(document, dict):
            return None
        keys, encoded = document.get("keys"), document.get("numbers")
        code = _ARRAY_CODES.get(document.get("width"))  # type: ignore[arg-type]
        if not isinstance(keys, list) or not isinstance(encoded, str) or code is None:
            return None
        numbers = array(code)
        try:
            numbers.frombytes(bytes.fromhex(encoded))
            "".join(keys)  # a TypeError unless every key is a string
            index = dict(zip(keys, range(len(keys)), strict=True))
        except (ValueError, TypeError):
            return None
        if len(numbers) != 3 * len(keys) or len(index) != len(keys):
            return None
        if sys.byteorder == "big":
            numbers.byteswap()
        spans = cls()
        spans._index, spans._numbers = index, numbers
        return spans


class LookedUp(Mapping[str, Extent]):
    """One file's spans as a build looks them up: from what the last build looked up, if it can.

    A build looks up few of a file's entries: the works it cites, their parents, and
    the first uncited ones (which the log names). Reading back the whole scan of the
    benchmark's 20,000 entries cost a warm build 6 to 8 ms (its JSON and the index of
    its keys); the record of the last build's lookups (`record`) holds a few dozen.
    A lookup the record cannot answer, or a listing of the keys past its first ones,
    reads the whole scan (`load`) and marks the record for rewriting (`changed`):
    nothing is answered by a guess.
    """

    __slots__ = ("_answers", "_count", "_head", "_load", "_whole", "asked", "changed", "listed")

    def __init__(
        self,
        answers: dict[str, Extent | None],
        head: tuple[str, ...],
        count: int,
        load: Callable[[], Spans],
    ) -> None:
        self._answers = answers  # key -> its extent, or None for a key the file lacks
        self._head = head  # the first keys, in file order
        self._count = count
        self._load = load
        self._whole: Spans | None = None
        #: This build's lookups and their answers, and how many keys it listed.
        self.asked: dict[str, Extent | None] = {}
        self.listed = 0
        #: Whether the record must be written again for the next build.
        self.changed = False

    @classmethod
    def of(cls, spans: Spans) -> LookedUp:
        """Over spans already read: their record is written at the end of the build."""
        looked_up = cls({}, (), len(spans), lambda: spans)
        looked_up._whole, looked_up.changed = spans, True
        return looked_up

    @classmethod
    def from_record(cls, document: object, load: Callable[[], Spans]) -> LookedUp | None:
        """From what `record` stored; None for anything else."""
        if not isinstance(document, dict):
            return None
        answers, head, count = document.get("asked"), document.get("head"), document.get("count")
        if not (isinstance(answers, dict) and isinstance(head, list) and type(count) is int):
            return None
        if not all(isinstance(key, str) for key in head) or len(head) > count:
            return None
        try:
            checked: dict[str, Extent | None] = {
                str(key): None if found is None else (int(found[0]), int(found[1]), int(found[2]))
                for key, found in answers.items()
            }
        except (TypeError, ValueError, IndexError, KeyError):
            return None
        return cls(checked, tuple(head), count, load)

    def record(self) -> dict[str, object]:
        """The record to keep for the next build: this build's lookups and the keys it listed.

        From now on it is also what answers (under `serve`, the next build's lookups).
        """
        self._answers = dict(self.asked)
        self._head = tuple(itertools.islice(self._spans(), self.listed))
        self.changed = False
        return {"asked": self._answers, "head": list(self._head), "count": self._count}

    def _spans(self) -> Spans:
        if self._whole is None:
            self._whole = self._load()
            self.changed = True
        return self._whole

    def _find(self, key: str) -> Extent | None:
        if key in self.asked:
            return self.asked[key]
        if key in self._answers:
            found = self._answers[key]
        else:
            spans = self._spans()
            found = spans.get(key)
            self.changed = True
        self.asked[key] = found
        return found

    def __getitem__(self, key: str) -> Extent:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __iter__(self) -> Iterator[str]:
        head = self._head
        for position, key in enumerate(head, 1):
            self.listed = max(self.listed, position)
            yield key
        if len(head) < self._count:  # past what the record lists: read the whole scan
            self.changed = True
            rest = itertools.islice(self._spans(), len(head), None)
            for position, key in enumerate(rest, len(head) + 1):
                self.listed = max(self.listed, position)
                yield key

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"LookedUp({dict(self.items())!r})"


class AsciiText:
    """A file's text while it is all ASCII: its bytes, decoded one slice at a time.

    Its character offsets are its byte offsets, so a warm build that cites 60 works
    of a 7 MB library decodes those 60 blocks, not the whole file. Only slicing is
    needed of a source's text (`Bibliography.block`, `subset`).
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getitem__(self, where: slice) -> str:
        return self.data[where].decode("ascii")

    def __len__(self) -> int:
        return len(self.data)


class FileText:
    """A cached all-ASCII file's text, read from the file one slice at a time.

    A warm build whose `.bib` has the stamp of the version whose scan is cached
    neither reads nor hashes the whole file (a 7.3 MB library: 5 and 4 ms): it
    reads the blocks it needs. Each read checks the stamp again, so a file changed
    while the site is built stops the build instead of giving the wrong blocks.
    """

    __slots__ = ("path", "stamp")

    def __init__(self, path: str, stamp: Stamp) -> None:
        self.path = path
        self.stamp = stamp

    def __getitem__(self, where: slice) -> str:
        start, stop, _ = where.indices(self.stamp[0])
        return self.slices([(start, stop)])[0]

    def slices(self, extents: Sequence[tuple[int, int]]) -> list[str]:
        """The text at each (start, stop), read with one `open` and one check of the stamp.

        A build reads the blocks of every work cited (Pandoc's input): a thousand
        opens of the file cost a rebuild about 15 ms.
        """
        try:
            with open(self.path, "rb") as stream:
                if stamp_of(os.fstat(stream.fileno())) == self.stamp:
                    found = []
                    for start, stop in extents:
                        stream.seek(start)
                        found.append(stream.read(max(0, stop - start)).decode("ascii"))
                    return found
        except OSError:
            pass
        raise BibError(
            f"{self.path}: the file changed while the site was being built. Fix: build again."
        )

    def __len__(self) -> int:
        return self.stamp[0]


class BibSource(NamedTuple):
    """One `.bib` file: its text and where its blocks are (a named tuple: cheap to import).

    Attributes:
        path: The file.
        text: Its decoded text (`AsciiText` or `FileText` when its scan is cached and it
            is all ASCII).
        spans: Key -> extent of each entry, in file order (`LookedUp` when the
            scan cache gave them).
        others: Extents of the `@string` and `@preamble` blocks Pandoc needs with any entry.
        parents: Key -> the entries it inherits from, for the entries that do.
    """

    path: str
    text: str | AsciiText | FileText
    spans: Spans | LookedUp
    others: tuple[Extent, ...]
    parents: dict[str, tuple[str, ...]]

    def entry(self, key: str) -> BibEntry:
        """The entry of a key this file holds."""
        return BibEntry(key, self.path, self.spans[key][2], self.parents.get(key, ()))


class Subset(NamedTuple):
    """The part of one `.bib` file that Pandoc reads: what is cited and what it needs.

    Attributes:
        path: The original file (its suffix tells Pandoc BibTeX from BibLaTeX).
        text: The blocks, each as written, separated by blank lines.
        origins: For each block, (its first line in `text`, its line in `path`).
    """

    path: str
    text: str
    origins: tuple[tuple[int, int], ...]

    def where(self, line: int) -> str:
        """`file:line` in the original file for a 1-based line of `text`."""
        return f"{self.path}:{_original_line(self.origins, line)}"


class Entries(MutableMapping[str, BibEntry]):
    """Key -> `BibEntry` over the files' extents, made only when asked for.

    A `.bib` of 20,000 entries then costs no 20,000 objects per build: the build
    asks for the few it cites and the first uncited ones. Entries set by hand
    (`seminar check` merges files this way) are kept beside them.
    """

    def __init__(self, sources: list[BibSource]) -> None:
        self._sources = sources
        self._extra: dict[str, BibEntry] = {}

    def _source(self, key: str) -> BibSource | None:
        return next((s for s in self._sources if key in s.spans), None)

    def __getitem__(self, key: str) -> BibEntry:
        if key in self._extra:
            return self._extra[key]
        source = self._source(key)
        if source is None:
            raise KeyError(key)
        return source.entry(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return key in self._extra or any(key in s.spans for s in self._sources)

    def __iter__(self) -> Iterator[str]:
        if len(self._sources) == 1 and not self._extra:
            return iter(self._sources[0].spans)  # one file: its keys are unique already
        return self._merged()

    def _merged(self) -> Iterator[str]:
        seen: set[str] = set()
        for source in self._sources:
            for key in source.spans:
                if key not in seen and key not in self._extra:
                    seen.add(key)
                    yield key
        yield from self._extra

    def __len__(self) -> int:
        if len(self._sources) == 1 and not self._extra:
            return len(self._sources[0].spans)  # counted, not listed
        return sum(1 for _ in self)

    def __setitem__(self, key: str, entry: BibEntry) -> None:
        self._extra[key] = entry

    def __delitem__(self, key: str) -> None:
        del self._extra[key]


class Bibliography:
    """All entries of the configured `.bib` files, by key."""

    def __init__(self) -> None:
        self.sources: list[BibSource] = []
        self.entries = Entries(self.sources)
        #: `file:line: …` problems that lose nothing yet deserve a warning.
        self.warnings: list[str] = []

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def keys(self) -> list[str]:
        """Every key, in file order."""
        return list(self.entries)

    def block(self, key: str) -> str | None:
        """The entry of `key` as its file has it, from `@` to its closing brace."""
        source = next((s for s in self.sources if key in s.spans), None)
        if source is None:
            return None
        start, end, _line = source.spans[key]
        return source.text[start:end]

    def blocks(self, keys: Iterable[str]) -> dict[str, str]:
        """`block` of many keys at once (each file read with one `open`); unknown keys left out."""
        found: dict[str, str] = {}
        wanted = set(keys)
        for source in self.sources:
            held = [key for key in wanted if key in source.spans]
            texts = _slices(source.text, [source.spans[key] for key in held])
            found.update(zip(held, texts, strict=True))
            wanted.difference_update(held)
        return found

    def needed(self, keys: Iterable[str]) -> set[str]:
        """The keys and, transitively, the entries of the same file they inherit from."""
        wanted: set[str] = set()
        todo = [key for key in keys if key in self.entries]
        while todo:
            key = todo.pop()
            if key in wanted:
                continue
            wanted.add(key)
            entry = self.entries[key]
            for parent in entry.parents:
                found = self.entries.get(parent)
                if found is not None and found.path == entry.path:
                    todo.append(parent)
        return wanted

    def subset(self, keys: Iterable[str]) -> list[Subset]:
        """The BibTeX Pandoc needs to format `keys`: one text per file holding any of them.

        Each text keeps the file's `@string` and `@preamble` blocks and the wanted
        entries in file order, so Pandoc reads them as it would read the whole file.
        """
        wanted = self.needed(keys)
        subsets = []
        for source in self.sources:
            chosen = [source.spans[key] for key in wanted if key in source.spans]
            if not chosen:
                continue
            text, origins = _cut(source.text, sorted([*source.others, *chosen]))
            subsets.append(Subset(source.path, text, origins))
        return subsets


def _cut(
    text: str | AsciiText | FileText, extents: list[Extent]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The blocks at `extents`, as written, joined by blank lines; and where each came from."""
    parts: list[str] = []
    origins: list[tuple[int, int]] = []
    line = 1
    for (_start, _end, original), block in zip(extents, _slices(text, extents), strict=True):
        block = block.strip()
        origins.append((line, original))
        parts.append(block)
        line += block.count("\n") + 2
    return "\n\n".join(parts) + "\n", tuple(origins)


def _slices(text: str | AsciiText | FileText, extents: Iterable[Extent]) -> list[str]:
    """The text of each extent (a file's text: read with one `open`)."""
    if isinstance(text, FileText):
        wanted = [(start, end) for start, end, _line in extents]
        return text.slices(wanted) if wanted else []
    return [text[start:end] for start, end, _line in extents]


def _original_line(origins: Sequence[tuple[int, int]], line: int) -> int:
    """The line of the author's file for a line of a text cut by `_cut`."""
    start, original = 1, 1
    for block_start, block_line in origins:
        if block_start > line:
            break
        start, original = block_start, block_line
    return original + line - start


class ScanCache:
    """What `load` learnt about each version of each `.bib` file.

    Kept in memory for a `mkdocs serve` session and, through a `DiskCache`, on
    disk between builds, under a name made of the file's path, its bytes and the
    code that reads it: a changed file (or reader) is never served an old result.
    Beside each scan, under the same name, the record of what the last build looked
    up in it (`LookedUp`), which a warm build reads instead of the whole scan.
    """

    KIND = "bibscan"
    #: The document that maps each file's stamp to the name of its scan (`stamps`).
    STAMPS = "stamps"
    #: Where the record of each scan's lookups is kept (`LookedUp`), by the scan's name.
    LOOKUPS = "biblookups"

    def __init__(self, disk: DiskCache | None = None) -> None:
        self.disk = disk or DiskCache(None)
        self._memory: dict[str, tuple[BibSource, list[str]]] = {}
        self.used: set[str] = set()
        #: Each settled all-ASCII file's stamp and the name of its scan (see `_load_file`).
        self.stamps = StampRecords(self.disk, self.KIND, self.STAMPS)

    def get(
        self, name: str, path: str, text_of: Callable[[], str | AsciiText | FileText]
    ) -> tuple[BibSource, list[str]] | None:
        """The source and warnings saved under `name`, or None."""
        self.used.add(name)
        if name in self._memory:
            return self._memory[name]
        record = self.disk.load(self.LOOKUPS, name)
        whole = functools.partial(self._whole_spans, name, path)
        found = _from_document(record, path, text_of, whole) if record is not None else None
        if found is None:
            document = self.disk.load(self.KIND, name)
            found = _from_document(document, path, text_of) if document is not None else None
            if found is not None and isinstance(found[0].spans, Spans):  # then record lookups
                found = (found[0]._replace(spans=LookedUp.of(found[0].spans)), found[1])
        if found is not None:
            self._memory[name] = found
        return found

    def _whole_spans(self, name: str, path: str, text: str | AsciiText | FileText) -> Spans:
        """The whole scan saved under `name`, for a lookup its record cannot answer.

        Should the document be gone or broken, the file is scanned again: the version
        whose stamp or bytes gave `name` (a file changed since stops the build).
        """
        document = self.disk.load(self.KIND, name)
        found = _from_document(document, path, lambda: text) if document is not None else None
        if found is not None and isinstance(found[0].spans, Spans):
            return found[0].spans
        source, warnings = _scanned(path, text if isinstance(text, str) else text[0 : len(text)])
        return self._save(name, source, warnings)

    def _save(self, name: str, source: BibSource, warnings: list[str]) -> Spans:
        spans = source.spans
        assert isinstance(spans, Spans)  # a scan's, not a record's
        self.disk.save(self.KIND, name, {"spans": spans.document(), **_kept(source, warnings)})
        return spans

    def put(self, name: str, source: BibSource, warnings: list[str]) -> tuple[BibSource, list[str]]:
        """Remember a file's source and warnings (memory and disk); return them to use."""
        self.used.add(name)
        spans = self._save(name, source, warnings)
        if self.disk.enabled:
            source = source._replace(spans=LookedUp.of(spans))
        self._memory[name] = (source, warnings)
        return source, warnings

    def keep_lookups(self) -> None:
        """At the end of a build, record what it looked up in each file it read whole.

        The next build then reads the record, not the whole scan (`LookedUp`); a
        build whose lookups the record answered writes nothing.
        """
        if not self.disk.enabled:
            return
        for name, (source, warnings) in self._memory.items():
            spans = source.spans
            if isinstance(spans, LookedUp) and spans.changed:
                self.disk.save(self.LOOKUPS, name, {**spans.record(), **_kept(source, warnings)})
        self.disk.prune(self.LOOKUPS, set(self._memory))

    def prune(self) -> None:
        """Forget every file version the last `load` did not use."""
        self._memory = {name: found for name, found in self._memory.items() if name in self.used}
        self.stamps.save(keep=self.used.__contains__)
        self.disk.prune(self.KIND, {*self.used, self.STAMPS})
        self.used = set()


def _kept(source: BibSource, warnings: list[str]) -> dict[str, object]:
    """What a scan's document and the record of its lookups both keep, besides the keys."""
    return {"others": source.others, "parents": source.parents, "warnings": warnings}


def _from_document(
    document: object,
    path: str,
    text_of: Callable[[], str | AsciiText | FileText],
    whole: Callable[[str | AsciiText | FileText], Spans] | None = None,
) -> tuple[BibSource, list[str]] | None:
    """A file's source and warnings from its scan's document.

    Or, given how to read the `whole` scan, from the record of the last build's lookups.
    """
    if not isinstance(document, dict):
        return None
    try:
        others = tuple((int(a), int(b), int(c)) for a, b, c in document["others"])
        parents = {str(k): tuple(str(p) for p in v) for k, v in document["parents"].items()}
        warnings = [str(w) for w in document["warnings"]]
        spans = Spans.from_document(document["spans"]) if whole is None else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if whole is None:
        if spans is None:
            return None
        return BibSource(path, text_of(), spans, others, parents), warnings
    text = text_of()
    looked_up = LookedUp.from_record(document, functools.partial(whole, text))
    if looked_up is None:
        return None
    return BibSource(path, text, looked_up, others, parents), warnings


@functools.cache
def _reader_digest() -> str:
    here = Path(__file__).parent
    return code_digest(
        here / "bibtex.py", here / "bibcheck.py", here / "bibscan.py", packages=("bibtexparser",)
    )


def load(paths: list[str], cache: ScanCache | None = None) -> Bibliography:
    """Parse and check `.bib` files into one bibliography.

    Args:
        paths: The files, in the order their entries are listed.
        cache: Where results of earlier loads are kept (by each file's content).

    Raises:
        BibError: An unreadable file, a block that does not parse, a malformed
            value, a duplicate key, a `crossref` to no entry of the same file;
            always with `file:line` and what to fix.
    """
    bibliography = Bibliography()
    for path in paths:
        source, warnings = _load_file(path, cache)
        if bibliography.sources:
            for key, (_, _, line) in source.spans.items():
                first = bibliography.entries.get(key)
                if first is not None:
                    raise BibError(
                        f"{path}:{line}: duplicate citation key '{key}' (first defined at "
                        f"{first.path}:{first.line}). Fix: give one of the entries another key."
                    )
        bibliography.sources.append(source)
        bibliography.warnings += warnings
    for source in bibliography.sources:
        for key, parents in source.parents.items():
            entry = source.entry(key)
            for parent in parents:
                if parent in source.spans:
                    continue
                elsewhere = next(
                    (s.entry(parent) for s in bibliography.sources if parent in s.spans), None
                )
                problem = f"{entry.path}:{entry.line}: " + _no_parent(
                    entry, parent, source.spans, elsewhere
                )
                if elsewhere is None and not _case_twin(parent, source.spans):
                    raise BibError(problem)
                bibliography.warnings.append(problem)
    if cache is not None:
        cache.prune()
    return bibliography


def _load_file(path: str, cache: ScanCache | None) -> tuple[BibSource, list[str]]:
    """One file's blocks and warnings: from the cache, the scan, or the full parse.

    An all-ASCII file whose stamp is on record (`ScanCache.stamps`) is neither read
    nor hashed: its cached scan is used and its blocks are read when needed.
    """
    stamp: Stamp | None = None
    if cache is not None:
        try:
            stamp = stamp_of(os.stat(path))  # before reading: it describes what is read
        except OSError:
            stamp = None  # reading it reports the error
        if stamp is not None and (known := cache.stamps.known(path, stamp)) is not None:
            found = cache.get(known, path, functools.partial(FileText, path, stamp))
            if found is not None:
                return found
    data = _read_bytes(path)
    name = digest(path, data, _reader_digest())
    if cache is not None and stamp is not None and data.isascii():
        cache.stamps.remember(path, stamp, name)
    decoded: list[str] = []

    def text_of() -> str:
        if not decoded:
            decoded.append(_decode(path, data))
        return decoded[0]

    def sliced() -> str | AsciiText:
        # What a cached scan needs: slices. (A byte-order mark is not ASCII.)
        return AsciiText(data) if data.isascii() else text_of()

    if cache is not None:
        found = cache.get(name, path, sliced)
        if found is not None:
            return found
    source, warnings = _scanned(path, text_of())
    if cache is not None:
        return cache.put(name, source, warnings)
    return source, warnings


def _scanned(path: str, text: str) -> tuple[BibSource, list[str]]:
    """A file's blocks and warnings from its text: the scan, or the full parse."""
    from seminar.citations import bibscan  # only for a file no cache knows

    scanned = bibscan.scan(text, KNOWN_TYPES)
    if scanned is None:
        return _parse_whole(path, text)
    return _validate(path, text, scanned)


def _parse_whole(path: str, text: str) -> tuple[BibSource, list[str]]:
    """The full parse with bibtexparser, for a file the scan is unsure of."""
    import bibtexparser  # only when needed: a warm build reads no `.bib` with it
    from bibtexparser import model

    from seminar.citations import bibcheck

    library = bibtexparser.parse_string(text, parse_stack=[])
    parents, warnings = bibcheck.check_library(path, library, lambda line: line)
    spans: list[tuple[str, Extent]] = []
    others: list[Extent] = []
    position = 0
    for block in library.blocks:
        if not isinstance(block, (model.Entry, model.String, model.Preamble)):
            continue
        raw = (block.raw or "").strip()
        start = text.find(raw, position)
        position = start + len(raw)
        extent = (start, position, bibcheck.line_of(block))
        if isinstance(block, model.Entry):
            spans.append((block.key, extent))
        else:
            others.append(extent)
    return BibSource(path, text, Spans(spans), tuple(others), parents), warnings


def _validate(path: str, text: str, scanned: bibscan.Scan) -> tuple[BibSource, list[str]]:
    """Run the checks on the blocks the scan could not vouch for, with their lines.

    The `@string` blocks and the entries to validate are parsed together, in file
    order (a macro must be defined before its use), as one text cut like a subset.
    """
    extents = sorted([*scanned.others, *(scanned.entries[key] for key in scanned.validate)])
    spans = Spans(scanned.entries.items())
    if not extents:
        return BibSource(path, text, spans, tuple(scanned.others), {}), []
    cut, origins = _cut(text, extents)
    import bibtexparser  # only when needed: a warm build reads no `.bib` with it

    from seminar.citations import bibcheck

    library = bibtexparser.parse_string(cut, parse_stack=[])
    parents, warnings = bibcheck.check_library(
        path, library, lambda line: _original_line(origins, line)
    )
    return BibSource(path, text, spans, tuple(scanned.others), parents), warnings


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise BibError(f"{path}: cannot be read ({error.strerror}).") from None


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BibError(
            f"{path}:{line}: this file is not UTF-8 (byte 0x{data[error.start]:02x}). "
            "Fix: save it as UTF-8 (most reference managers have an export option), "
            "or write the character as a LaTeX accent such as {\\'e}."
        ) from None


def _case_twin(key: str, entries: Iterable[str]) -> str | None:
    return next((other for other in entries if other.lower() == key.lower()), None)


def _no_parent(
    entry: BibEntry, parent: str, entries: Iterable[str], elsewhere: BibEntry | None
) -> str:
    """Why a `crossref` finds nothing, and the fix (Pandoc would silently inherit nothing)."""
    if elsewhere is not None:
        return (
            f"entry '{entry.key}' inherits from '{parent}', which is in another file "
            f"({elsewhere.path}:{elsewhere.line}): Pandoc only inherits within one file, so "
            "it inherits nothing. "
            "Fix: move the two entries into the same .bib file."
        )
    twin = _case_twin(parent, entries)
    if twin is not None:
        return (
            f"entry '{entry.key}' inherits from '{parent}', but the entry is '{twin}': "
            f"Pandoc matches keys case-sensitively and inherits nothing. Fix: write "
            f"crossref = {{{twin}}}."
        )
    return (
        f"entry '{entry.key}': crossref '{parent}' names no entry in this file. Fix: add "
        "that entry to the same .bib file (Pandoc only inherits within one file) or remove "
        "the crossref field."
    )
