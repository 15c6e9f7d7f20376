"""The cheap `.bib` scan: what it accepts, what it leaves to the full parse, and that the
fast path gives exactly what bibtexparser's parse of the whole file gives."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import CourseSpec, write_course
from seminar.citations import bibscan, bibtex
from seminar.diskcache import DiskCache

REPO = Path(__file__).resolve().parents[2]
XAMPL = REPO / ".cache" / "corpus" / "xampl.bib"


def scan(text: str) -> bibscan.Scan | None:
    return bibscan.scan(text, bibtex.KNOWN_TYPES)


@pytest.mark.parametrize(
    ("text", "validate"),
    [
        ("@book{a, title = {T}, year = 2001}\n", []),
        ("@book{a, title = {T}, year = {2001},}\n", []),
        ("@book{a,\n  title = {T},\n  year = {2001},\n}\n", []),
        ('@book{a, title = "T", month = jan}\n', []),
        ("@book{a}\n", []),
        ("@Book{a, title = {A {b {c {d}}}}}\n", []),
        ("@book{a, title = {40\\% of {\\'e}t{\\'e}}}\n", []),
        ("@book{a, url = {https://x.org/@me}}\n", []),
        ("% a comment, me@example.org\n@book{a, title = {T}}\n", []),
        ("@comment{anything {at} all}\n@book{a, title = {T}}\n", []),
        # Accepted, but the checks must look at the entry.
        ("@book{a, publisher = acm}\n", ["a"]),
        ("@book{a, title = {T} # {U}}\n", ["a"]),
        ("@book{a, title = {50% off}}\n", ["a"]),
        ("@book{a, title = {$x}}\n", ["a"]),
        ("@book{a, title = {\\begin{x}}}\n", ["a"]),
        ("@book{a, title = {a\\\\b}}\n", ["a"]),
        ("@book{a, crossref = {b}}\n@book{b, title = {B}}\n", ["a"]),
        ("@book{a, XData = {b}}\n@book{b, title = {B}}\n", ["a"]),
        ("@book{a, title = {T}, title = {U}}\n", ["a"]),
        ("@weird{a, title = {T}}\n", ["a"]),
    ],
)
def test_scan_accepts_and_says_which_entries_to_validate(text, validate):
    found = scan(text)
    assert found is not None
    assert found.validate == validate


@pytest.mark.parametrize(
    "text",
    [
        "@book{a, title = {A {b {c {d {e {f {g}}}}}}}}\n",  # deeper than DEPTH
        "@book{a, title = {T}}\n@book{a, title = {U}}\n",  # duplicate key
        "@book{a, title = {Unclosed,\n  year = 2001\n",
        "@book{a title = {T}}\n",  # no comma after the key
        "@book{a, title = {A}{B}}\n",  # text after the closing brace
        "@book{a, year = 2001a}\n",
        '@book{a, title = "Schr\\"oder"}\n',  # a backslash in quotes
        '@book{a, title = "a {b} c"}\n',  # braces in quotes
        "@book(a, title = {T})\n",  # a `(` block
        "@book{a, title = {T\n@book{b, title = {U}}}\n",  # `@` at a line start inside a block
        "@book{a, title = {T}} year = {2001}}\n",  # a field outside any entry
        "@string{x = {X}}\n@string{X = {Y}}\n",  # duplicate @string
        "@stringent{x = {X}}\n",
        "@book{a b, title = {T}}\n",
        "@book{, title = {T}}\n",
    ],
)
def test_scan_leaves_what_it_is_unsure_of_to_the_full_parse(text):
    assert scan(text) is None


def test_scan_gives_keys_extents_lines_and_strings():
    text = (
        "% head\n@string{acm = {ACM}}\n\n@book{one,\n  title = {T},\n}\n"
        '@preamble{"x"}\n@misc{two, publisher = acm}\n'
    )
    found = scan(text)
    assert found is not None
    assert {key: (text[a:b], line) for key, (a, b, line) in found.entries.items()} == {
        "one": ("@book{one,\n  title = {T},\n}", 4),
        "two": ("@misc{two, publisher = acm}", 8),
    }
    assert [(text[a:b], line) for a, b, line in found.others] == [
        ("@string{acm = {ACM}}", 2),
        ('@preamble{"x"}', 7),
    ]
    assert found.strings == ["acm"]
    assert found.validate == ["two"]


def _bench_bib(tmp_path: Path) -> Path:
    write_course(CourseSpec("c", 2, 100, 4, 3, 300, 3), tmp_path / "course")
    return tmp_path / "course" / "references.bib"


@pytest.mark.parametrize(
    ("which", "scanned"),
    # xampl.bib has braces in a quoted value (`"… \\cite{book-full}"`): the full parse reads it.
    [("showcase", True), ("xampl", False), ("bench", True)],
)
def test_the_scan_gives_what_the_full_parse_gives(tmp_path, monkeypatch, which, scanned):
    path = {"showcase": REPO / "references.bib", "xampl": XAMPL}.get(which) or _bench_bib(tmp_path)
    assert (scan(path.read_text(encoding="utf-8-sig")) is not None) is scanned
    fast = bibtex.load([str(path)])
    # The reference: bibtexparser's parse of the whole file, as before the scan.
    monkeypatch.setattr(bibscan, "scan", lambda text, known: None)
    full = bibtex.load([str(path)])
    (source,) = full.sources
    assert fast.sources[0].spans == source.spans
    assert fast.sources[0].others == source.others
    assert fast.sources[0].parents == source.parents
    assert fast.warnings == full.warnings
    keys = list(source.spans)[::7]
    assert [s.text for s in fast.subset(keys)] == [s.text for s in full.subset(keys)]


@pytest.mark.parametrize(
    ("tail", "says"),
    [
        (
            "@book{late,\n  title = {50% off},\n}\n",
            ":2: the field 'title' of entry 'late' has a bare '%'",
        ),
        (
            "@book{late,\n  publisher = nowhere,\n}\n",
            ":2: the field 'publisher' of entry 'late' uses 'nowhere'",
        ),
        (
            "@book{late,\n  crossref = {none},\n}\n",
            ":1: entry 'late': crossref 'none' names no entry",
        ),
        (
            "@book{late,\n  title = {T},\n  title = {U},\n}\n",
            ":1: entry 'late' has the field title twice",
        ),
    ],
)
def test_an_error_in_an_uncited_entry_deep_in_a_big_file_names_its_line(tmp_path, tail, says):
    path = _bench_bib(tmp_path)
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    path.write_text(text + tail, encoding="utf-8")
    assert scan(path.read_text(encoding="utf-8")) is not None  # the fast path, not the full parse
    line, rest = says[1:].split(":", 1)
    with pytest.raises(bibtex.BibError) as error:
        bibtex.load([str(path)])
    assert f"references.bib:{lines + int(line)}:{rest}" in str(error.value)


def test_an_unknown_type_anywhere_is_still_warned_about(tmp_path):
    path = _bench_bib(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "@webpage{late,\n  title = {T},\n}\n", encoding="utf-8")
    (warning,) = bibtex.load([str(path)]).warnings
    assert f"references.bib:{text.count(chr(10)) + 1}: entry 'late' has the type '@webpage'" in (
        warning
    )


def test_the_scan_is_kept_by_content_on_disk(tmp_path):
    path = _bench_bib(tmp_path)
    disk = DiskCache(tmp_path / "cache")
    first = bibtex.load([str(path)], bibtex.ScanCache(disk))
    (saved,) = (tmp_path / "cache" / "bibscan").glob("*.json")
    # A new cache object (a new process) reads the saved scan and gives the same.
    again = bibtex.load([str(path)], bibtex.ScanCache(disk))
    assert again.sources[0].spans == first.sources[0].spans
    assert list(again.sources[0].spans) == list(first.sources[0].spans)  # file order
    assert [s.text for s in again.subset(list(first.entries)[:3])] == [
        s.text for s in first.subset(list(first.entries)[:3])
    ]
    # An edit is another name; the old document is pruned.
    path.write_text(path.read_text(encoding="utf-8") + "@misc{new, title = {N}}\n", "utf-8")
    edited = bibtex.load([str(path)], bibtex.ScanCache(disk))
    assert "new" in edited
    (now,) = (tmp_path / "cache" / "bibscan").glob("*.json")
    assert now.name != saved.name


# --- property: whatever the scan accepts, the fast path equals the full parse ---------------

PIECES = [
    "{T}",
    "{A {b} c}",
    '"Quoted"',
    "2001",
    "jan",
    "acm",
    "{x} # {y}",
    "{40\\% off}",
    "{50% off}",
    "{$x$}",
    "{$x}",
    "{\\'e}",
    "{a\\}b}",
    "{a\\{b}",
    "{a\\\\b}",
    "{me@example.org}",
    "{line\n@book{inner, title = {I}}}",
    "{\\begin{x}}",
    "{Unclosed",
    "{A}{B}",
    "",
]
NAMES = ["title", "year", "crossref", "Title", "note", "bad name", "month"]


@st.composite
def bib_texts(draw: st.DrawFn) -> str:
    blocks = []
    keys = draw(st.lists(st.sampled_from(["a", "b", "c", "A", "d e"]), min_size=1, max_size=4))
    if draw(st.booleans()):
        blocks.append("@string{acm = {ACM}}")
    for key in keys:
        kind = draw(st.sampled_from(["book", "misc", "weird", "comment", "preamble"]))
        fields = draw(
            st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(PIECES)), max_size=3)
        )
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        if kind in {"comment", "preamble"}:
            blocks.append(f"@{kind}{{{body}}}")
        else:
            blocks.append(f"@{kind}{{{key},\n{body}\n}}")
    gap = draw(st.sampled_from(["\n\n", "\n% note me@x.org\n", "\ntitle = {lost}\n", "\n"]))
    return gap.join(blocks) + "\n"


def outcome(path: Path) -> object:
    try:
        bibliography = bibtex.load([str(path)])
    except bibtex.BibError as error:
        return ("error", str(error))
    (source,) = bibliography.sources
    spans = {key: tuple(extent) for key, extent in source.spans.items()}
    return (spans, source.others, source.parents, bibliography.warnings)


@settings(max_examples=300, deadline=None)
@given(bib_texts())
def test_the_fast_path_agrees_with_the_full_parse_on_any_text(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "references.bib"
        path.write_text(text, encoding="utf-8")
        fast = outcome(path)
        with mock.patch.object(bibscan, "scan", return_value=None):
            full = outcome(path)
    assert fast == full


@pytest.mark.parametrize(
    "extents",
    [
        [],
        [("a", (0, 10, 1))],
        [("b", (5, 9, 2)), ("a", (10, 2**40, 3)), ("c:d", (11, 12, 4))],
        [("a", (0, 1, 1)), ("b", (2, 3, 2)), ("a", (4, 5, 3))],  # the last one wins, as in a dict
    ],
)
def test_spans_are_a_mapping_in_file_order_and_survive_the_disk_cache(extents):
    spans = bibtex.Spans(extents)
    expected = dict(extents)
    assert dict(spans) == expected
    assert list(spans) == list(expected)
    assert len(spans) == len(expected)
    assert all(key in spans for key in expected)
    assert "missing" not in spans
    document = json.loads(json.dumps(spans.document()))
    # 32-bit numbers while they fit (a file under 2 GiB), else 64-bit.
    assert document["width"] == (8 if any(n >= 2**31 for _, e in extents for n in e) else 4)
    again = bibtex.Spans.from_document(document)
    assert again == spans
    assert list(again or ()) == list(expected)


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        {"keys": ["a"]},
        {"keys": ["a"], "width": 4, "numbers": "not hexadecimal!"},
        {"keys": ["a", "b"], "width": 8, "numbers": bytes(24).hex()},  # 3 numbers
        {"keys": ["a", "a"], "width": 8, "numbers": bytes(48).hex()},
        {"keys": [1], "width": 4, "numbers": bytes(12).hex()},
        {"keys": ["a"], "width": 2, "numbers": bytes(6).hex()},  # no such width
        {"keys": ["a"], "numbers": bytes(12).hex()},  # width missing
    ],
)
def test_a_damaged_saved_scan_is_not_used(document):
    assert bibtex.Spans.from_document(document) is None
