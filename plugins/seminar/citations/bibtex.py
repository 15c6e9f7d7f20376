"""Read `.bib` files with bibtexparser 2: validate them, know every entry's line, cut subsets.

Formatting is left to Pandoc reading the BibTeX itself: `subset()` writes the
cited entries back out, byte for byte as the author wrote them, with their
`crossref`/`xdata` parents and the file's `@string` and `@preamble` blocks, one
text per `.bib` file. Pandoc's own reader then does the names, particles, title
case, LaTeX, `crossref` inheritance and dates exactly as `pandoc --citeproc
--bibliography x.bib` would (measured against our own CSL-JSON conversion: 100%
agreement on `xampl.bib` instead of 88%, and a `.bib` of 20,000 entries is read in
1.6 s instead of 50 s, since nothing is decoded here).

What this module guarantees before Pandoc sees anything: every block parses, no
key is defined twice, every field is a well-formed value (`{…}`, `"…"`, a number,
a defined `@string` or a month, joined by `#`), math and environments in a value
are closed (Pandoc's LaTeX reader would silently drop the rest), and every
`crossref` names an entry. Each problem is a `BibError` naming the file, the
line and the fix. A `crossref` whose parent differs in case or sits in another
file is a warning: Pandoc inherits nothing from it, and neither do we.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import bibtexparser
from bibtexparser import Library, model

if TYPE_CHECKING:
    from collections.abc import Iterable

#: BibTeX's predefined month macros (and the full names some exports write bare).
MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

#: Fields whose value names parent entries (BibTeX `crossref`, biblatex `xdata`).
PARENT_FIELDS = ("crossref", "xdata")

FIELD_NAME = re.compile(r"[A-Za-z_][\w\-.:+/]*")
MACRO_NAME = re.compile(r"[A-Za-z_][\w\-.:+/']*")
ENTRY_TYPE = re.compile(r"[A-Za-z]\w*")
#: What Pandoc's BibTeX reader does not take in a key (measured: `<>#~^|`, and separators).
BAD_KEY_CHARACTERS = re.compile(r'[\s,{}"#<>~^|]')
#: `name = {` or `name = "` or `name = 12` outside any entry: fields cut off from their entry.
STRAY_FIELD = re.compile(r"\b[A-Za-z][\w-]*\s*=\s*[{\"\d]")
#: What the value scanners look at: escapes (skipped whole), braces, quotes, `#`.
SPECIAL = re.compile(r'\\.|[{}"#]', re.S)
ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")
#: Commands whose argument Pandoc's LaTeX reader takes verbatim.
VERBATIM_COMMAND = re.compile(r"\\(?:url|href|path|nolinkurl)\s*\{[^{}]*\}")
#: Fields Pandoc reads verbatim, not as LaTeX.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb"})


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


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry, with where it came from.

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


@dataclass(frozen=True)
class Block:
    """A block of a `.bib` file that Pandoc needs: an entry, `@string` or `@preamble`.

    Attributes:
        key: The entry's key, or None for `@string` and `@preamble`.
        line: 1-based line of its `@` in the file.
        text: The block exactly as written.
    """

    key: str | None
    line: int
    text: str


@dataclass(frozen=True)
class BibSource:
    """One `.bib` file: its blocks in file order."""

    path: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Subset:
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
        start, original = 1, 1
        for block_start, block_line in self.origins:
            if block_start > line:
                break
            start, original = block_start, block_line
        return f"{self.path}:{original + line - start}"


@dataclass
class Bibliography:
    """All entries of the configured `.bib` files, by key."""

    entries: dict[str, BibEntry] = field(default_factory=dict)
    sources: list[BibSource] = field(default_factory=list)
    #: `file:line: …` problems that lose nothing yet deserve a warning.
    warnings: list[str] = field(default_factory=list)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def keys(self) -> list[str]:
        """Every key, in file order."""
        return list(self.entries)

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
            if not any(block.key in wanted for block in source.blocks):
                continue
            parts: list[str] = []
            origins: list[tuple[int, int]] = []
            line = 1
            for block in source.blocks:
                if block.key is not None and block.key not in wanted:
                    continue
                origins.append((line, block.line))
                parts.append(block.text)
                line += block.text.count("\n") + 2
            subsets.append(Subset(source.path, "\n\n".join(parts) + "\n", tuple(origins)))
        return subsets


def load(paths: list[str]) -> Bibliography:
    """Parse and check `.bib` files into one bibliography.

    Raises:
        BibError: An unreadable file, a block that does not parse, a malformed
            value, a duplicate key, a `crossref` to no entry of the same file;
            always with `file:line` and what to fix.
    """
    bibliography = Bibliography()
    defined_at: dict[str, str] = {}
    files = [_load_file(path, defined_at, bibliography.warnings) for path in paths]
    for source, entries in files:
        for entry in entries.values():
            for parent in entry.parents:
                if parent in entries:
                    continue
                elsewhere = next((e for _, es in files if (e := es.get(parent))), None)
                problem = f"{entry.path}:{entry.line}: " + _no_parent(
                    entry, parent, entries, elsewhere
                )
                if elsewhere is None and not _case_twin(parent, entries):
                    raise BibError(problem)
                bibliography.warnings.append(problem)
        bibliography.sources.append(source)
        bibliography.entries.update(entries)
    return bibliography


def _load_file(
    path: str, defined_at: dict[str, str], warnings: list[str]
) -> tuple[BibSource, dict[str, BibEntry]]:
    text = _read(path)
    # Without the default middlewares: values stay as written, for Pandoc to read.
    library = bibtexparser.parse_string(text, parse_stack=[])
    _check_failed_blocks(path, library)
    _check_outside_entries(library, path)
    strings: set[str] = set()
    blocks: list[Block] = []
    entries: dict[str, BibEntry] = {}
    for block in library.blocks:
        line = _line_of(block)
        if isinstance(block, model.String):
            _check_value(block.value, strings, f"{path}:{line}", f"@string '{block.key}'")
            strings.add(block.key.lower())
            blocks.append(Block(None, line, (block.raw or "").strip()))
        elif isinstance(block, model.Preamble):
            blocks.append(Block(None, line, (block.raw or "").strip()))
        elif isinstance(block, model.Entry):
            where = f"{path}:{line}"
            _check_entry(block, where, strings)
            if block.entry_type.lower() not in KNOWN_TYPES:
                warnings.append(
                    f"{where}: entry '{block.key}' has the type '@{block.entry_type}', which "
                    "no style knows; it is formatted like @misc. Fix: use a standard type "
                    "such as @article, @book, @incollection, @inproceedings or @misc."
                )
            if block.key in defined_at:
                raise BibError(
                    f"{where}: duplicate citation key '{block.key}' (first defined at "
                    f"{defined_at[block.key]}). Fix: give one of the entries another key."
                )
            defined_at[block.key] = where
            entries[block.key] = BibEntry(block.key, path, line, _parents(block))
            blocks.append(Block(block.key, line, (block.raw or "").strip()))
    return BibSource(path, tuple(blocks)), entries


def _read(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BibError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BibError(
            f"{path}:{line}: this file is not UTF-8 (byte 0x{data[error.start]:02x}). "
            "Fix: save it as UTF-8 (most reference managers have an export option), "
            "or write the character as a LaTeX accent such as {\\'e}."
        ) from None


def _check_failed_blocks(path: str, library: Library) -> None:
    for block in library.failed_blocks:
        line = _line_of(block)
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = next((b for b in library.blocks if getattr(b, "key", None) == block.key), None)
            kind = "@string" if (block.raw or "").lstrip()[:7].lower() == "@string" else "key"
            where = f" (first defined at {path}:{_line_of(first)})" if first is not None else ""
            noun = "@string name" if kind == "@string" else "citation key"
            raise BibError(
                f"{path}:{line}: duplicate {noun} '{block.key}'{where}. "
                "Fix: give one of them another name, or delete the copy."
            )
        if isinstance(block, model.DuplicateFieldKeyBlock):
            names = ", ".join(sorted(block.duplicate_keys))
            key = getattr(block.ignore_error_block, "key", "?")
            raise BibError(
                f"{path}:{line}: entry '{key}' has the field {names} twice. Fix: keep one of them."
            )
        raise BibError(
            f"{path}:{line}: this BibTeX block does not parse ({_why(block)}): "
            f"{_first_line(block.raw or '')!r}. Fix: check the braces, quotes and commas "
            "of this entry."
        )


def _why(block: model.Block) -> str:
    """What is wrong with a block that does not parse, in the reader's terms."""
    error = getattr(block, "error", None)
    reason = str(getattr(error, "abort_reason", "") or error or "").strip()
    text = block.raw or ""
    opened, closed = text.count("{"), text.count("}")
    if opened > closed and reason.startswith(("Unexpected block start", "Unexpectedly reached")):
        # The reader ran into the next `@` (or the end) while still inside this entry.
        return f"its braces do not balance: {opened} '{{' but {closed} '}}'"
    return reason or "malformed"


def _check_outside_entries(library: Library, path: str) -> None:
    """Text between entries is a comment, unless it holds fields: then they would be lost.

    A `}` that closes an entry too early leaves its remaining fields outside it,
    where BibTeX and Pandoc silently ignore them.
    """
    for comment in library.comments:
        if not isinstance(comment, model.ImplicitComment):
            continue
        found = STRAY_FIELD.search(comment.comment)
        if found is None or comment.comment.lstrip().startswith("%"):
            continue
        raw = comment.raw or comment.comment
        at = raw.find(found.group())
        line = (comment.start_line or 0) + 1 + raw.count("\n", 0, max(at, 0))
        raise BibError(
            f"{path}:{line}: the field '{found.group().split('=')[0].strip()}' is outside any "
            "entry, so it would be lost: a '}' earlier probably closes the entry above too "
            "soon. Fix: balance the braces of the entry before this line."
        )


def _check_entry(entry: model.Entry, where: str, strings: set[str]) -> None:
    if not ENTRY_TYPE.fullmatch(entry.entry_type):
        raise BibError(
            f"{where}: entry '{entry.key}' has no entry type. Fix: write it as "
            f"@article{{{entry.key}, …}}, @book{{…}} or another BibTeX type."
        )
    if not entry.key.strip():
        raise BibError(
            f"{where}: this @{entry.entry_type} entry has no citation key. Fix: write a key "
            "after the opening brace, e.g. `@book{doe2020,`."
        )
    if BAD_KEY_CHARACTERS.search(entry.key):
        raise BibError(
            f"{where}: the citation key {entry.key!r} holds a space, comma, "
            "brace, quote or one of #<>~^|, which Pandoc's BibTeX reader does not take. "
            "Fix: use letters, digits and -_:./ in keys."
        )
    for item in entry.fields:
        here = f"{where.rsplit(':', 1)[0]}:{item.start_line + 1}"
        if not FIELD_NAME.fullmatch(item.key):
            raise BibError(
                f"{here}: entry '{entry.key}' has a field named {item.key!r}. Fix: field "
                "names are single words such as title or author; check for a missing comma "
                "or '='."
            )
        what = f"field '{item.key}' of entry '{entry.key}'"
        latex = item.key.lower() not in VERBATIM_FIELDS
        _check_value(item.value, strings, here, what, latex=latex)


def _check_value(
    value: str, strings: set[str], where: str, what: str, *, latex: bool = True
) -> None:
    """A value is `{…}`, `"…"`, a number or a macro, joined by `#`; its LaTeX is closed."""
    parts = _split_concatenation(value)
    for part in parts:
        part = part.strip()
        if not part:
            problem = "is empty" if len(parts) == 1 else "has an empty part around '#'"
            raise BibError(f"{where}: the {what} {problem}. Fix: write a value in braces.")
        if part[0] in '{"':
            closing = _closing(part)
            if closing != len(part) - 1:
                raise BibError(
                    f"{where}: the {what} has text after its closing "
                    f"{'brace' if part[0] == '{' else 'quote'}: {part[closing + 1 :][:40]!r}. "
                    "Fix: add the missing comma, or put the whole value in braces."
                )
            if latex:
                _check_latex(part[1:-1], where, what)
        elif part.isdigit():
            continue
        elif not MACRO_NAME.fullmatch(part):
            raise BibError(
                f"{where}: the {what} is {part[:40]!r}, which is not a value. "
                "Fix: put it in braces, {like this}."
            )
        elif part.lower() not in strings and part.lower() not in MONTHS:
            raise BibError(
                f"{where}: the {what} uses '{part}', which is neither a @string nor a month. "
                "Fix: define it with @string (before it is used) or put the value in braces."
            )


def _closing(part: str) -> int:
    """Index of the brace or quote that closes the group `part` opens (-1 if none)."""
    depth = 0
    for mark in SPECIAL.finditer(part):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and part[0] == "{":
                return mark.start()
        elif char == '"' and part[0] == '"' and mark.start() > 0 and depth == 0:
            return mark.start()
    return -1


def _check_latex(text: str, where: str, what: str) -> None:
    """What Pandoc's LaTeX reader would silently drop: the rest of a line, or the value."""
    if not ("%" in text or "#" in text or "$" in text or "\\begin" in text or "\\end" in text):
        return  # the usual case, checked without a regular expression
    text = VERBATIM_COMMAND.sub("", text)  # `%` and `#` are fine in \url{…}
    if re.search(r"(?<!\\)%", text):
        raise BibError(
            f"{where}: the {what} has a bare '%', which starts a LaTeX comment: the rest of "
            "the line would be lost. Fix: write \\% for a percent sign."
        )
    if re.search(r"(?<!\\)#\d", text):
        raise BibError(
            f"{where}: the {what} has '#' before a digit, a LaTeX macro parameter: the whole "
            "value would be lost. Fix: write \\# for a number sign."
        )
    dollars = len(re.findall(r"(?<!\\)\$", text))
    if dollars % 2:
        raise BibError(
            f"{where}: the {what} opens math with '$' and never closes it. "
            "Fix: add the closing '$', or write a literal dollar as \\$."
        )
    open_environments: list[str] = []
    for match in ENVIRONMENT.finditer(text):
        kind, name = match.groups()
        if kind == "begin":
            open_environments.append(name)
        elif open_environments and open_environments[-1] == name:
            open_environments.pop()
        else:
            raise BibError(
                f"{where}: the {what} has \\end{{{name}}} without its \\begin{{{name}}}. "
                "Fix: remove it or add the \\begin."
            )
    if open_environments:
        name = open_environments[-1]
        raise BibError(
            f"{where}: the {what} has \\begin{{{name}}} without \\end{{{name}}}. "
            "Fix: close the environment."
        )


def _parents(entry: model.Entry) -> tuple[str, ...]:
    parents: list[str] = []
    for name in PARENT_FIELDS:
        item = entry.fields_dict.get(name)
        if item is None:
            continue
        value = _unwrap(item.value)
        keys = value.split(",") if name == "xdata" else [value]
        parents += [key.strip() for key in keys if key.strip()]
    return tuple(parents)


def _case_twin(key: str, entries: dict[str, BibEntry]) -> str | None:
    return next((other for other in entries if other.lower() == key.lower()), None)


def _no_parent(
    entry: BibEntry, parent: str, entries: dict[str, BibEntry], elsewhere: BibEntry | None
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


def _line_of(block: model.Block) -> int:
    """The 1-based line of the block's `@`: a failed block's text may start with blank lines."""
    raw = block.raw or ""
    leading = raw[: len(raw) - len(raw.lstrip())].count("\n")
    return (block.start_line or 0) + 1 + leading


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:80] if text.strip() else ""


def _unwrap(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in {("{", "}"), ('"', '"')}:
        return value[1:-1]
    return value


def _split_concatenation(value: str) -> list[str]:
    if "#" not in value:
        return [value]
    parts, depth, quoted, start = [], 0, False, 0
    for mark in SPECIAL.finditer(value):
        char, index = mark.group(), mark.start()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return parts
