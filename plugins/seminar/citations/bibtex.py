"""Read `.bib` files with bibtexparser 2 and turn the entries into CSL-JSON.

The mapping follows Pandoc's own BibTeX reader (entry types, fields, sentence
case for English titles, brace protection), so that Pandoc's citeproc formats
our CSL-JSON as it would format the `.bib` file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import Library, model
from bibtexparser.middlewares import LatexDecodingMiddleware

#: CSL-JSON item: what Pandoc's citeproc reads with `--bibliography x.json`.
CslItem = dict[str, Any]

MONTHS = {
    name: str(number)
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "book",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "proceedings": "book",
    "techreport": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "www": "webpage",
    "thesis": "thesis",
    "report": "report",
    "collection": "book",
    "incollection*": "chapter",
}

#: BibTeX field -> CSL variable for plain text fields.
TEXT_FIELDS = {
    "edition": "edition",
    "volume": "volume",
    "number": "number",
    "note": "note",
    "isbn": "ISBN",
    "issn": "ISSN",
    "chapter": "chapter-number",
    "abstract": "abstract",
    "language": "language",
}

#: Fields whose English text is converted from title case to sentence case.
TITLE_FIELDS = ("title", "booktitle", "series", "journal", "subtitle")

SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)

#: `name = {` or `name = "` or `name = 12` outside any entry: fields cut off from their entry.
STRAY_FIELD = re.compile(r"\b[A-Za-z][\w-]*\s*=\s*[{\"\d]")

BRACES_AND_QUOTES = re.compile(r'[{}"]')

_DECODER = LatexDecodingMiddleware(keep_braced_groups=True, keep_math_mode=False)


class BibError(ValueError):
    """A `.bib` file cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry, with where it came from.

    Its CSL-JSON is made on first use: decoding LaTeX is by far the slowest step,
    and a large library is mostly entries that no page cites.

    Attributes:
        key: The citation key.
        path: The `.bib` file.
        line: 1-based line of the `@type{key,` opening.
        entry_type: The BibTeX type, in lower case.
        fields: The fields, `@string`s resolved, LaTeX not yet decoded.
        parent: The crossref parent, if any.
    """

    key: str
    path: str
    line: int
    entry_type: str = field(default="misc", compare=False)
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    parent: BibEntry | None = field(default=None, compare=False, repr=False)

    @cached_property
    def decoded(self) -> dict[str, str]:
        """The fields with LaTeX decoded (accents, dashes, quotes), braces kept."""
        entry = model.Entry(
            self.entry_type, self.key, [model.Field(k, v) for k, v in self.fields.items()]
        )
        block = _DECODER.transform_block(entry, Library([]))
        assert isinstance(block, model.Entry)
        return {f.key.lower(): f.value for f in block.fields}

    @cached_property
    def csl(self) -> CslItem:
        """The entry as CSL-JSON, crossref fields inherited."""
        fields = dict(self.decoded)
        if self.parent is not None:
            _inherit(fields, self.parent.decoded)
        return to_csl(self.key, self.entry_type, fields)


@dataclass
class Bibliography:
    """All entries of the configured `.bib` files, by key."""

    entries: dict[str, BibEntry] = field(default_factory=dict)
    #: Problems that do not stop the build (`file:line: …`), for the caller to log.
    warnings: list[str] = field(default_factory=list)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def keys(self) -> list[str]:
        """Every key, in file order."""
        return list(self.entries)


def load(paths: list[str]) -> Bibliography:
    """Parse `.bib` files into one bibliography.

    Everything that can be wrong with the file is found here, for every entry;
    only the LaTeX decoding and the CSL-JSON wait until an entry is used.

    Raises:
        BibError: A file that is not UTF-8, a block that does not parse, fields
            cut off from their entry, an entry without a key, a duplicate key, a
            crossref to a missing entry; always with `file:line` and what to fix.
    """
    bibliography = Bibliography()
    raw: dict[str, tuple[model.Entry, str]] = {}
    for path in paths:
        text = _read(path)
        # Without the default middlewares: we resolve `#`, @string and braces ourselves.
        library = bibtexparser.parse_string(text, parse_stack=[])
        for block in library.failed_blocks:
            line = _line_of(block)
            if isinstance(block, model.DuplicateBlockKeyBlock):
                first = next(e for e in library.entries if e.key == block.key)
                raise BibError(
                    f"{path}:{line}: duplicate citation key '{block.key}' (first defined at "
                    f"{path}:{_line_of(first)}). Fix: give one of the entries another key."
                )
            raise BibError(
                f"{path}:{line}: this BibTeX block does not parse ({_why(block)}): "
                f"{_first_line(block.raw or '')!r}. Fix: check the braces, quotes and commas "
                "of this entry."
            )
        _check_outside_entries(library, path)
        strings = {s.key.lower(): s.value for s in library.strings}
        for entry in library.entries:
            if not entry.key.strip():
                raise BibError(
                    f"{path}:{_line_of(entry)}: this @{entry.entry_type} entry has no citation "
                    "key. Fix: write a key after the opening brace, e.g. `@book{doe2020,`."
                )
            if entry.key in raw:
                _, other = raw[entry.key]
                raise BibError(
                    f"{path}:{_line_of(entry)}: duplicate citation key '{entry.key}' "
                    f"(first defined at {other}). Fix: give one of the entries another key."
                )
            for item in entry.fields:
                item.value = _interpolate(item, strings, path, entry)
            raw[entry.key] = (entry, f"{path}:{_line_of(entry)}")
    made: dict[str, BibEntry] = {}
    for key, (entry, where) in raw.items():
        file, number = where.rsplit(":", 1)
        fields = {f.key.lower(): f.value for f in entry.fields}
        entry_type = entry.entry_type.lower()
        if entry_type not in TYPES and entry_type != "misc":
            bibliography.warnings.append(
                f"{where}: entry '{key}' has the type '@{entry.entry_type}', which Seminar does "
                "not know; it is formatted as a generic work, like @misc. Fix: use a standard "
                "type such as @book, @article, @incollection or @misc."
            )
        made[key] = BibEntry(key, file, int(number), entry_type, fields)
    # BibTeX matches a crossref ignoring case.
    lowered = {k.lower(): v for k, v in made.items()}
    for key, made_entry in made.items():
        parent_key = made_entry.fields.get("crossref")
        if not parent_key:
            bibliography.entries[key] = made_entry
            continue
        parent = made.get(parent_key) or lowered.get(parent_key.lower())
        if parent is None:
            raise BibError(
                f"{made_entry.path}:{made_entry.line}: crossref '{parent_key}' names no entry. "
                "Fix: add that entry or remove the crossref field."
            )
        bibliography.entries[key] = BibEntry(
            key, made_entry.path, made_entry.line, made_entry.entry_type, made_entry.fields, parent
        )
    return bibliography


def _read(path: str) -> str:
    """The file's text; a byte that is not UTF-8 is an error naming its line."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise BibError(
            f"{path}:{line}: byte {data[error.start]:#04x} at column {column} is not UTF-8. "
            "Fix: save the file as UTF-8 (reference managers offer it when exporting; "
            "`iconv -f latin1 -t utf-8` converts a Latin-1 file)."
        ) from None


def _why(block: model.Block) -> str:
    """What is wrong with a block that does not parse, in the reader's terms."""
    error = getattr(block, "error", None)
    reason = str(getattr(error, "abort_reason", "") or error or "").strip()
    text = block.raw or ""
    opened, closed = text.count("{"), text.count("}")
    if opened > closed and reason.startswith(("Unexpected block start", "Unexpectedly reached")):
        # The reader ran into the next `@` while still inside this entry.
        return f"its braces do not balance: {opened} '{{' but {closed} '}}'"
    return reason or "malformed"


def _check_outside_entries(library: Library, path: str) -> None:
    """Text between entries is a comment, unless it holds fields: then they would be lost.

    A `}` that closes an entry too early leaves its remaining fields outside it,
    where BibTeX silently ignores them.
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


def _line_of(block: model.Block) -> int:
    """The 1-based line of the block's `@`: a failed block's text may start with blank lines."""
    raw = block.raw or ""
    leading = raw[: len(raw) - len(raw.lstrip())].count("\n")
    return (block.start_line or 0) + 1 + leading


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:80] if text.strip() else ""


def _inherit(fields: dict[str, str], parent: dict[str, str]) -> None:
    """BibTeX crossref: missing fields come from the parent; its title is our booktitle."""
    for name, value in parent.items():
        if name == "title":
            fields.setdefault("booktitle", value)
        elif name not in {"crossref", "key"}:
            fields.setdefault(name, value)


def _interpolate(item: model.Field, strings: dict[str, str], path: str, entry: model.Entry) -> str:
    """Resolve `"a" # name # {b}` concatenations, @string names and month macros."""
    value = item.value
    parts = _split_concatenation(value)
    if len(parts) == 1 and value[:1] in '{"':
        _check_one_group(item, path, entry)
        return _unwrap(value)
    out = []
    for part in parts:
        part = part.strip()
        if part[:1] in '{"':
            out.append(_unwrap(part))
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(_unwrap(strings[part.lower()]))
        elif part.lower() in MONTHS:
            out.append(part.lower())
        else:
            hint = (
                " A comma is probably missing at the end of that line."
                if "=" in part or "\n" in part
                else ""
            )
            raise BibError(
                f"{path}:{_field_line(item, entry)}: entry '{entry.key}' uses "
                f"'{_first_line(part)}', which is neither a @string nor a month.{hint} "
                "Fix: define it with @string or put the value in braces."
            )
    return "".join(out)


def _field_line(item: model.Field, entry: model.Entry) -> int:
    return (item.start_line + 1) if item.start_line is not None else _line_of(entry)


def _check_one_group(item: model.Field, path: str, entry: model.Entry) -> None:
    """`{…}` or `"…"` must be the whole value: text after it means a missing comma."""
    value = item.value.strip()
    end = _group_end(value)
    if end is not None and end < len(value) - 1:
        rest = value[end + 1 :].strip()
        raise BibError(
            f"{path}:{_field_line(item, entry)}: in entry '{entry.key}', the field "
            f"'{item.key}' is followed by {_first_line(rest)!r}: a comma is probably missing "
            "after its value. Fix: end every field with a comma."
        )


def _group_end(value: str) -> int | None:
    """The index of the brace or quote that closes the group `value` starts with."""
    depth = 0
    quoted = value[:1] == '"'
    for mark in BRACES_AND_QUOTES.finditer(value, 1 if quoted else 0):
        char = mark.group()
        if char == '"':
            if quoted and depth == 0:
                return mark.start()
            continue
        depth += 1 if char == "{" else -1
        if depth == 0 and not quoted:
            return mark.start()
    return None


def _unwrap(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and (value[0], value[-1]) in {("{", "}"), ('"', '"')}:
        return value[1:-1]
    return value


def _split_concatenation(value: str) -> list[str]:
    if "#" not in value:
        return [value]
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
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


# --- BibTeX fields -> CSL-JSON -------------------------------------------------------------


def to_csl(key: str, entry_type: str, fields: dict[str, str]) -> CslItem:
    """Map one decoded BibTeX entry to a CSL-JSON item, the way Pandoc does."""
    item: CslItem = {"id": key, "type": TYPES.get(entry_type, "")}
    english = _is_english(fields.get("langid") or fields.get("language") or "english")
    for name in ("author", "editor", "translator"):
        if fields.get(name):
            item[name] = parse_names(fields[name])
    title = fields.get("title")
    if title:
        item["title"] = _text(title, sentence=english)
        if ":" in _plain(title):
            item["title-short"] = _text(title.split(":", 1)[0], sentence=english)
    container = fields.get("journal") or fields.get("booktitle")
    if entry_type in {"book", "proceedings", "manual", "collection"}:
        container = fields.get("journal")
    if entry_type in {"inbook"}:
        item["collection-title"] = _text(fields["series"], english) if "series" in fields else None
        container = fields.get("booktitle")
    if container:
        item["container-title"] = _text(container, sentence=english and "journal" not in fields)
    if fields.get("series") and "collection-title" not in item:
        item["collection-title"] = _text(fields["series"], sentence=english)
    publisher = [fields.get(n) for n in ("organization", "school", "institution", "publisher")]
    names = [_text(p, sentence=False) for p in publisher if p]
    if names:
        item["publisher"] = "; ".join(names)
    if fields.get("address"):
        item["publisher-place"] = _text(fields["address"], sentence=False)
    for bib, csl in TEXT_FIELDS.items():
        if fields.get(bib):
            item[csl] = _text(fields[bib], sentence=False)
    if "number" in item and entry_type == "article":
        item["issue"] = item.pop("number")
    elif "number" in item and fields.get("series") and entry_type != "techreport":
        item["collection-number"] = item.pop("number")
    if fields.get("pages"):
        item["page"] = _plain(fields["pages"]).replace("\u2013", "-").replace("\u2014", "-")
    if fields.get("type"):
        item["genre"] = _text(fields["type"], sentence=False)
    elif entry_type == "mastersthesis":
        item["genre"] = "Master\u2019s thesis"
    elif entry_type == "phdthesis":
        item["genre"] = "PhD thesis"
    if fields.get("howpublished"):
        item.setdefault("publisher", _text(fields["howpublished"], sentence=False))
    date = _date(fields)
    if date is not None:
        item["issued"] = date
    if fields.get("doi"):
        item["DOI"] = _plain(fields["doi"])
    url = fields.get("url")
    if url and SAFE_URL.match(_plain(url)):
        item["URL"] = _plain(url)
    return {k: v for k, v in item.items() if v not in (None, "")} | {"type": item["type"]}


def _is_english(language: str) -> bool:
    return language.lower().startswith(("en", "american", "british", "usenglish", "ukenglish"))


def _date(fields: dict[str, str]) -> dict[str, Any] | None:
    # The last four digits: `{\noopsort{1973b}}1981` is 1981, as in Pandoc.
    years = re.findall(r"\d{4}", _plain(fields.get("year", "")))
    if not years:
        return None
    parts = [int(years[-1])]
    month = fields.get("month", "").strip().lower()
    month_number = MONTHS.get(month[:3]) if month[:3] in MONTHS else None
    if month.isdigit():
        month_number = month
    if month_number and month_number.isdigit() and 1 <= int(month_number) <= 12:
        parts.append(int(month_number))
    return {"date-parts": [parts]}


# --- names ---------------------------------------------------------------------------------


def parse_names(value: str) -> list[dict[str, str]]:
    """Split a BibTeX name list at top-level `and` and each name into its parts."""
    names = []
    for raw in _split_top_level(value, " and "):
        raw = raw.strip()
        if not raw:
            continue
        if raw.lower() == "others":
            names.append({"literal": "others"})
            continue
        if raw.startswith("{") and raw.endswith("}") and _balanced(raw[1:-1]):
            names.append({"literal": _plain(raw[1:-1])})
            continue
        names.append(_name(raw))
    return names


def _name(raw: str) -> dict[str, str]:
    parts = [p.strip() for p in _split_top_level(raw, ",")]
    if len(parts) == 1:
        words = _split_top_level(parts[0], " ")
        words = [w for w in words if w]
        if len(words) == 1:
            return {"family": _plain(words[0])}
        # First von Last: "von" parts start lower case; the last word is the family name.
        lower = [i for i, w in enumerate(words[:-1]) if _starts_lower(w)]
        if lower:
            first = lower[0]
            last_von = lower[-1]
            given = words[:first]
            particle = words[first : last_von + 1]
            family = words[last_von + 1 :]
        else:
            given, particle, family = words[:-1], [], words[-1:]
        return _name_dict(given, particle, family, [])
    von_last = [w for w in _split_top_level(parts[0], " ") if w]
    lower = [i for i, w in enumerate(von_last[:-1]) if _starts_lower(w)]
    particle = von_last[: lower[-1] + 1] if lower else []
    family = von_last[len(particle) :]
    given = [w for w in _split_top_level(parts[-1], " ") if w]
    suffix = [parts[1]] if len(parts) == 3 else []
    return _name_dict(given, particle, family, suffix)


def _name_dict(
    given: list[str], particle: list[str], family: list[str], suffix: list[str]
) -> dict[str, str]:
    name = {
        "family": _plain(" ".join(family)),
        "given": _plain(" ".join(given)),
        "non-dropping-particle": _plain(" ".join(particle)),
        "suffix": _plain(" ".join(suffix)),
    }
    return {k: v for k, v in name.items() if v}


def _starts_lower(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and not word.startswith("{") and letters[0].islower()


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def _split_top_level(value: str, separator: str) -> list[str]:
    parts, depth, start, index = [], 0, 0, 0
    lowered = value.lower()
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and lowered.startswith(separator, index):
            parts.append(value[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    parts.append(value[start:])
    return parts


# --- text: braces, case, quotes ------------------------------------------------------------


def _plain(text: str) -> str:
    """Text without the protecting braces."""
    return _quotes(text.replace("{", "").replace("}", "")).strip()


def _quotes(text: str) -> str:
    """LaTeX quotes as Unicode curly quotes; a lone `'` becomes an apostrophe."""
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = text.replace("`", "\u2018")
    return re.sub(r"(?<=\w)'|'(?=\s|$|[.,;:!?])", "\u2019", text).replace("'", "\u2019")


def _text(text: str, sentence: bool) -> str:
    """CSL-JSON rich text: brace-protected groups become `nocase` spans.

    With `sentence`, capitalised words outside braces are lowered (English titles
    are written in title case in BibTeX; CSL expects sentence case), except the
    first word and the first word after a colon.
    """
    out: list[str] = []
    depth = 0
    buffer = ""
    for char in text:
        if char == "{":
            if depth == 0 and buffer:
                out.append(_escape(_case(buffer, sentence, not out)))
                buffer = ""
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append(f'<span class="nocase">{_escape(_quotes(buffer))}</span>')
                buffer = ""
        else:
            buffer += char
    if buffer:
        out.append(_escape(_case(buffer, sentence, not out)))
    return "".join(out).strip()


def _escape(text: str) -> str:
    """Text for CSL-JSON: Pandoc shows `<`, `>` and `&` literally (and escapes them in HTML)."""
    return text


def _case(text: str, sentence: bool, at_start: bool) -> str:
    text = _quotes(text)
    if not sentence:
        return text
    words = re.split(r"(\s+)", text)
    first = at_start
    result = []
    for word in words:
        if word.isspace() or not word:
            result.append(word)
            continue
        letters = word.lstrip('\u2018\u201c"(')
        rest = letters[1:].rstrip('.,;:!?)\u2019\u201d"').replace("-", "").replace("\u2019", "")
        capitalised = (
            len(letters) > 1 and letters[0].isupper() and rest.isalpha() and rest.islower()
        )
        if capitalised and not first:
            word = word[: len(word) - len(letters)] + letters[0].lower() + letters[1:]
        result.append(word)
        first = word.endswith((":", "?", "!", "."))
    return "".join(result)
