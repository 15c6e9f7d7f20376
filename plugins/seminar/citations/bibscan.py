"""A cheap first pass over a `.bib` file: where every block is, without parsing it.

A course cites a few dozen works of a `.bib` that may hold tens of thousands.
bibtexparser's splitter walks such a file mark by mark in Python (seconds for
20,000 entries), so `bibtex.load` reads the file with this scan first and hands
bibtexparser, and its checks, only the blocks that need them.

The scan matches each block with one regular expression over the `.bib` text
(never over HTML), written to cut blocks exactly where bibtexparser's splitter
does: `@type{key, name = value, …}` with values in braces (nested at most
`DEPTH` deep, a brace after a backslash not counting, as for the splitter), in
quotes without braces or backslashes, digits or macro names, joined by `#`;
`@string{name = value}`; `@comment{…}` and `@preamble{…}` with balanced braces.
Anything else makes `scan` return None and the caller parses the whole file
with bibtexparser as before, which reports the exact problem with its line: a
block it cannot match, a duplicate key or `@string`, an `@` at the start of a
line inside a block, `(`-delimited blocks, text between blocks that looks like
fields cut off from their entry.

Each entry the scan accepts is either *clean*, meaning every check of
`bibcheck.py` is known to pass (values only braced, quoted, numbers or months; no
`%`, `$`, `#`, `\\begin`, `\\end`, `crossref`, `xdata` or backslash before a
brace or backslash; a known entry type; no field named twice), or it is listed
for validation: bibtexparser then parses that block and the usual checks run on
it, with its line in the file. So a file the scan accepts gives exactly the
errors and warnings the full parse gives.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

#: How deep braces may nest inside a value before the scan gives up (the full parse has no limit).
DEPTH = 6

_MONTHS = (
    "january|february|march|april|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
)
#: A character of a braced value: a backslash before a delimiter is one unit, as the
#: splitter ignores a delimiter right after a backslash.
_PLAIN = r'(?:[^{}\\]++|\\[{}"]?)'
_BRACED = r"\{" + _PLAIN + r"*+\}"
for _ in range(DEPTH - 1):
    _BRACED = r"\{(?:" + _PLAIN + "|" + _BRACED + r")*+\}"
_NAME = r"[A-Za-z_][\w\-.:+/]*+"
_MACRO = r"[A-Za-z_][\w\-.:+/']*+"
_PART = rf'(?:{_BRACED}|"[^"{{}}\\]*+"|\d++|{_MACRO})'
_VALUE = rf"{_PART}(?:\s*+#\s*+{_PART})*+"
_FIELD = rf"\s*+{_NAME}\s*+=\s*+{_VALUE}\s*+"
#: What bibtexparser's splitter takes for the start of a block.
BLOCK_START = r"@(\w*)[ \t]*+(?=[{(])"
#: The rest of an entry after `@type`: `{key, fields}` (or `{key}`), up to its closing brace.
ENTRY = rf"\{{\s*+([^\s,{{}}\"#<>~^|=\\@%]++)\s*+(?:,(?:{_FIELD},)*+(?:{_FIELD})?)?\s*+\}}"
STRING = rf"\{{\s*+({_NAME})\s*+=\s*+{_VALUE}\s*+\}}"
#: `@comment{…}` and `@preamble{…}`: balanced braces.
BALANCED = _BRACED
#: A field's name: it follows the key's or the previous field's comma.
FIELD_NAME = rf",\s*+({_NAME})\s*+="
#: What `bibcheck._check_latex` and `_check_value` look at, found with `str.find` over the
#: whole text: an entry holding one is validated. `\\%`, `\\$`, `\\#` are escaped and harmless.
SUSPECT_TEXT = ("%", "$", "#", "\\begin", "\\end", "\\\\", "\\{", "\\}")
ESCAPABLE = frozenset("%$#")
#: Field names whose value names another entry (case-insensitive).
PARENT_WORDS = ("crossref", "xdata")
#: A value that starts with a letter is a macro; months need no `@string`.
MACRO_VALUE = r"=\s*+[A-Za-z_]"
MONTH_VALUE = rf"=\s*+(?i:{_MONTHS})\s*+[,}}]"
#: An `@` at the start of a line ends a block for the splitter, even inside a value.
LINE_START_AT = r"\n\s*@"
#: `name = {` between blocks: fields cut off from their entry (the full parse says where).
STRAY_FIELD = r"\b[A-Za-z][\w-]*\s*=\s*[{\"\d]"


@dataclass
class Scan:
    """Where the blocks of one `.bib` text are.

    Attributes:
        entries: Key -> (start offset, end offset, 1-based line) of each entry, in file order.
        others: (start, end, line) of each `@string` and `@preamble` block, which Pandoc
            needs with any entry.
        strings: The `@string` names, lowercase.
        validate: Keys of the entries a check must still look at (see the module docstring).
    """

    entries: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    others: list[tuple[int, int, int]] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    validate: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """A plain document for the disk cache."""
        return {
            "entries": self.entries,
            "others": self.others,
            "strings": self.strings,
            "validate": self.validate,
        }

    @classmethod
    def from_json(cls, document: object) -> Scan | None:
        """The scan saved by `to_json`, or None when the document is not one."""
        if not isinstance(document, dict):
            return None
        try:
            entries = document["entries"]
            others = [(int(a), int(b), int(c)) for a, b, c in document["others"]]
            strings = [str(name) for name in document["strings"]]
            validate = [str(key) for key in document["validate"]]
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(entries, dict):
            return None
        return cls(entries, others, strings, validate)


def scan(text: str, known_types: frozenset[str]) -> Scan | None:
    """Find every block of a `.bib` text, or None when the file needs the full parse.

    Args:
        text: The whole file, decoded.
        known_types: Entry types (lowercase) that need no warning.
    """
    # Compiled here, not on import: a warm build never scans (see `bibtex.ScanCache`).
    stray, block_start, entry_re = (
        re.compile(STRAY_FIELD),
        re.compile(BLOCK_START),
        re.compile(ENTRY),
    )
    field_name, line_start_at = re.compile(FIELD_NAME), re.compile(LINE_START_AT)
    result = Scan()
    entries = result.entries
    validate: set[str] = set()
    position, line = 0, 1
    length = len(text)
    while True:
        at = text.find("@", position)
        gap_end = length if at < 0 else at
        if gap_end > position and stray.search(text, position, gap_end):
            return None
        if at < 0:
            break
        start = block_start.match(text, at)
        if start is None:  # an `@` in a comment between blocks, as for the splitter
            line += text.count("\n", position, at + 1)
            position = at + 1
            continue
        line += text.count("\n", position, at)
        kind = start.group(1).lower()
        body = start.end()
        if text.startswith("(", body):
            return None
        if kind.startswith(("comment", "preamble", "string")):
            end = _special(text, body, kind, result)
            if end is None:
                return None
            if not kind.startswith("comment"):
                result.others.append((at, end, line))
        else:
            match = entry_re.match(text, body)
            if match is None:
                return None
            key, end = match.group(1), match.end()
            if key in entries:
                return None
            names = field_name.findall(text, at, end)
            if kind not in known_types or len(names) != len(set(names)):
                validate.add(key)
            entries[key] = (at, end, line)
        if line_start_at.search(text, at + 1, end):
            return None
        line += text.count("\n", at, end)
        position = end
    validate.update(_suspect_entries(text, entries))
    result.validate = [key for key in entries if key in validate]
    return result


def _special(text: str, body: int, kind: str, result: Scan) -> int | None:
    """The end of a `@comment`, `@preamble` or `@string` block, or None when unsure."""
    if kind in {"comment", "preamble"}:
        match = re.compile(BALANCED).match(text, body)
        return match.end() if match is not None else None
    if kind != "string":
        return None  # `@stringent{…}` is a string block for the splitter: leave it to it
    match = re.compile(STRING).match(text, body)
    if match is None:
        return None
    name = match.group(1).lower()
    if name in result.strings:
        return None
    result.strings.append(name)
    return match.end()


def _suspect_entries(text: str, entries: dict[str, tuple[int, int, int]]) -> set[str]:
    """Keys of the entries holding anything a check of `bibcheck.py` looks at.

    Searched over the whole text at once (`str.find` runs at memory speed), then
    each place found is looked up among the entries' extents.
    """
    places: list[int] = []
    for needle in SUSPECT_TEXT:
        found = text.find(needle)
        while found >= 0:
            if not (needle in ESCAPABLE and found and text[found - 1] == "\\"):
                places.append(found)
            found = text.find(needle, found + 1)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lowercase to two characters
        return set(entries)
    for word in PARENT_WORDS:
        found = lowered.find(word)
        while found >= 0:
            places.append(found)
            found = lowered.find(word, found + 1)
    month = re.compile(MONTH_VALUE)
    places += [
        m.start() for m in re.finditer(MACRO_VALUE, text) if not month.match(text, m.start())
    ]
    if not places:
        return set()
    keys = list(entries)
    starts = [entries[key][0] for key in keys]
    suspect = set()
    for place in places:
        index = bisect.bisect_right(starts, place) - 1
        if index >= 0 and place < entries[keys[index]][1]:
            suspect.add(keys[index])
    return suspect
