"""The checks a `.bib` file passes before Pandoc reads it.

Every block parses, no key is defined twice in the text, every field is a well-formed
value (`{…}`, `"…"`, a number, a defined `@string` or a month, joined by `#`), and
math and environments in a value are closed (Pandoc's LaTeX reader would silently
drop the rest). Each problem is a `BibError` naming the file, the line and the fix;
an entry type no style knows is a warning. Each entry's `crossref` and `xdata`
parents are read here; `bibtex.load` checks that they exist.

`bibtex` runs these only on what bibtexparser parsed: the blocks `bibscan` could not
vouch for, or a whole file it was unsure of. A build that finds a file's result in
its cache never imports this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bibtexparser import model

from seminar.citations.bibtex import KNOWN_TYPES, BibError

if TYPE_CHECKING:
    from collections.abc import Callable

    from bibtexparser import Library

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


def check_library(
    path: str, library: Library, lines: Callable[[int], int]
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Every check of a parsed text; `lines` maps its lines to the file's.

    Returns:
        Key -> parents for the entries that inherit, and the warnings.
    """
    _check_failed_blocks(path, library, lines)
    _check_outside_entries(library, path, lines)
    strings: set[str] = set()
    parents: dict[str, tuple[str, ...]] = {}
    warnings: list[str] = []
    defined_at: dict[str, str] = {}
    for block in library.blocks:
        line = lines(line_of(block))
        if isinstance(block, model.String):
            _check_value(block.value, strings, f"{path}:{line}", f"@string '{block.key}'")
            strings.add(block.key.lower())
        elif isinstance(block, model.Entry):
            where = f"{path}:{line}"
            _check_entry(block, path, lines, where, strings)
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
            found = _parents(block)
            if found:
                parents[block.key] = found
    return parents, warnings


def _check_failed_blocks(path: str, library: Library, lines: Callable[[int], int]) -> None:
    for block in library.failed_blocks:
        line = lines(line_of(block))
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = next((b for b in library.blocks if getattr(b, "key", None) == block.key), None)
            kind = "@string" if (block.raw or "").lstrip()[:7].lower() == "@string" else "key"
            where = f" (first defined at {path}:{lines(line_of(first))})" if first else ""
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


def _check_outside_entries(library: Library, path: str, lines: Callable[[int], int]) -> None:
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
        line = lines((comment.start_line or 0) + 1 + raw.count("\n", 0, max(at, 0)))
        raise BibError(
            f"{path}:{line}: the field '{found.group().split('=')[0].strip()}' is outside any "
            "entry, so it would be lost: a '}' earlier probably closes the entry above too "
            "soon. Fix: balance the braces of the entry before this line."
        )


def _check_entry(
    entry: model.Entry, path: str, lines: Callable[[int], int], where: str, strings: set[str]
) -> None:
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
        here = f"{path}:{lines(item.start_line + 1)}"
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


def line_of(block: model.Block) -> int:
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
