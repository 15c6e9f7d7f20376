"""The BibTeX that reaches Pandoc: only what is cited, as written, with what it needs."""

from __future__ import annotations

import itertools
import json
import os
from typing import TYPE_CHECKING, BinaryIO

import pytest

from seminar import diskcache
from seminar.citations import bibtex
from seminar.citations.engine import FormatError, run_pandoc, style_path
from seminar.citations.site import SiteCitations
from seminar.diskcache import DiskCache

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

BIB = """@preamble{"\\newcommand{\\noopsort}[1]{}"}

@string{press = "Palgrave Macmillan"}

@book{whole,
  editor = {Gill, Rosalind},
  title = {Creative Hubs in Question},
  publisher = press,
  year = {2019},
}

@incollection{part,
  author = {Bandinelli, Carolina},
  title = {Hubs vs Networks},
  crossref = {whole},
  pages = {89--110},
}

@misc{never,
  title = {Never cited},
}
"""


def test_the_subset_holds_the_cited_entry_its_parent_and_the_files_strings(tmp_path: Path):
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    bibliography = bibtex.load([str(path)])
    (subset,) = bibliography.subset(["part"])
    assert (
        subset.text
        == "\n\n".join(
            [
                '@preamble{"\\newcommand{\\noopsort}[1]{}"}',
                '@string{press = "Palgrave Macmillan"}',
                BIB[BIB.index("@book{whole") : BIB.index("@incollection")].strip(),
                BIB[BIB.index("@incollection") : BIB.index("@misc")].strip(),
            ]
        )
        + "\n"
    )
    assert subset.origins == ((1, 1), (3, 3), (5, 5), (12, 12))
    assert [subset.where(n) for n in (1, 4, 5, 9, 12, 16)] == [
        f"{path}:{n}" for n in (1, 4, 5, 9, 12, 16)
    ]
    formatted = run_pandoc(["[@part]"], [subset], "apa", "en-US")
    assert formatted.order == ["part"]
    # Pandoc's BibLaTeX inheritance: editor, year and publisher (through the @string).
    # The en dash is a character reference: generated HTML stays Latin-1 (sanitize.py).
    assert formatted.entries["part"] == (
        "Bandinelli, C. (2019). <em>Hubs vs networks</em> (R. Gill, Ed.; pp. 89&#8211;110). "
        "Palgrave Macmillan."
    )


def test_nothing_cited_from_a_file_leaves_it_out(tmp_path: Path):
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    first.write_text(BIB, encoding="utf-8")
    second.write_text("@misc{other,\n  title = {Other},\n}\n", encoding="utf-8")
    bibliography = bibtex.load([str(first), str(second)])
    assert [s.path for s in bibliography.subset(["other"])] == [str(second)]
    assert bibliography.subset(["unknown"]) == []


@pytest.mark.parametrize(
    ("entry_line", "text", "line_in_bib"),
    [
        (1, "@book{a, ti tle = {T}}\n", 1),
        (40, "@book{a,\n  title = {T},\n  year = 20 00,\n}\n", 42),
    ],
)
def test_a_bibtex_error_from_pandoc_names_the_authors_line(entry_line, text, line_in_bib):
    """Our checks reject these first; should Pandoc still refuse a subset, its line is mapped."""
    subset = bibtex.Subset("course/references.bib", text, ((1, entry_line),))
    with pytest.raises(FormatError) as error:
        run_pandoc(["[@a]"], [subset], "apa", "en-US")
    message = str(error.value)
    assert message.startswith(f"course/references.bib:{line_in_bib}: Pandoc cannot read this")
    assert "unexpected" in message


@pytest.mark.parametrize("accent", ["", "Caf\u00e9 "], ids=["ascii", "utf-8"])
def test_a_cached_scan_gives_the_same_blocks_and_subsets_as_a_fresh_one(
    tmp_path: Path, accent: str
):
    """From the disk cache, an all-ASCII file is kept as bytes and sliced; the blocks and
    the subsets Pandoc reads are those of a fresh read either way."""
    path = tmp_path / "references.bib"
    path.write_text(BIB.replace("Never cited", accent + "Never cited"), encoding="utf-8")
    folder = tmp_path / "cache"
    fresh = bibtex.load([str(path)], bibtex.ScanCache(DiskCache(folder)))
    cached = bibtex.load([str(path)], bibtex.ScanCache(DiskCache(folder)))
    (source,) = cached.sources
    assert isinstance(source.text, bibtex.AsciiText) == (accent == "")
    keys = fresh.keys()
    assert cached.keys() == keys
    assert [cached.block(key) for key in keys] == [fresh.block(key) for key in keys]
    assert cached.subset(["part", "never"]) == fresh.subset(["part", "never"])


def _load_fresh(path: Path, folder: Path) -> bibtex.Bibliography:
    """Load as a new build process does: a new scan cache over the same folder."""
    return bibtex.load([str(path)], bibtex.ScanCache(DiskCache(folder)))


def test_a_settled_file_with_the_same_stamp_is_neither_read_nor_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Its scan is found by its stamp (size, times, inode) and only its blocks are read;
    they and the subsets are those of a fresh read."""
    monkeypatch.setattr(diskcache, "SETTLED_NS", -(10**12))  # this file was just written
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    fresh = _load_fresh(path, folder)

    def no_reading(path: str) -> bytes:
        raise AssertionError(f"{path} was read whole")

    with monkeypatch.context() as patched:
        patched.setattr(bibtex, "_read_bytes", no_reading)
        stamped = _load_fresh(path, folder)
        (source,) = stamped.sources
        assert isinstance(source.text, bibtex.FileText)
        keys = fresh.keys()
        assert stamped.keys() == keys
        assert [stamped.block(key) for key in keys] == [fresh.block(key) for key in keys]
        assert stamped.subset(["part", "never"]) == fresh.subset(["part", "never"])
        assert stamped.blocks([*keys, "unknown"]) == {key: fresh.block(key) for key in keys}

        # Many blocks are read with one opening of the file (and one check of its stamp).
        opened: list[str] = []

        def counted_open(file: str, mode: str) -> BinaryIO:
            opened.append(file)
            return open(file, mode)  # the caller closes it

        patched.setattr(bibtex, "open", counted_open, raising=False)
        assert stamped.blocks(keys) == fresh.blocks(keys)
        assert opened == [str(path)]
        opened.clear()
        assert stamped.subset(keys) == fresh.subset(keys)
        assert opened == [str(path)]

    # Changed in place, at the same size, and its modification time set back: the change
    # time still tells, so the file is read again and its new text is what is used.
    status = path.stat()
    path.write_text(BIB.replace("Hubs vs Networks", "Hubs or Networks"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert "Hubs or Networks" in (_load_fresh(path, folder).block("part") or "")


def test_a_file_written_moments_ago_is_read_and_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Its stamp is not trusted yet: the same tick of the clock could hold another write."""
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    _load_fresh(path, folder)
    reads: list[str] = []
    read_bytes = bibtex._read_bytes
    monkeypatch.setattr(bibtex, "_read_bytes", lambda p: reads.append(p) or read_bytes(p))
    (source,) = _load_fresh(path, folder).sources
    assert reads == [str(path)]
    assert isinstance(source.text, bibtex.AsciiText)


def test_a_file_changed_while_the_site_is_built_stops_the_build_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(diskcache, "SETTLED_NS", -(10**12))
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    _load_fresh(path, folder)
    bibliography = _load_fresh(path, folder)
    path.write_text(BIB + "\n", encoding="utf-8")
    with pytest.raises(bibtex.BibError, match="changed while the site was being built"):
        bibliography.subset(["part"])
    with pytest.raises(bibtex.BibError, match="changed while the site was being built"):
        bibliography.blocks(["part", "whole"])


def test_a_works_family_names_are_read_again_once_the_bib_changes(tmp_path: Path):
    """`serve` keeps each cited work's family names (to narrow Pandoc's run) only while
    the `.bib` files are as they were."""
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    citations = SiteCitations()
    citations.load([str(path)])
    citations.start(["As @part argues [@whole]."], "apa", "en-US")
    citations.read_names()  # what `serve` does once a build is done
    assert citations.family_names("whole") == frozenset({"gill"})
    assert citations.family_names("part") is None  # it inherits: unknown from its text
    path.write_text(BIB.replace("Gill, Rosalind", "Gandini, Alessandro"), encoding="utf-8")
    citations.load([str(path)])
    assert citations.family_names("whole") == frozenset({"gandini"})
    citations.close()


def test_the_bibtex_of_the_works_cited_is_cut_again_only_when_they_or_the_bib_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`serve` cuts the BibTeX Pandoc reads out of the `.bib` files once while the works
    cited and the files stay the same; a changed file is cut again and formatted anew."""
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    cuts: list[list[str]] = []
    cut = bibtex.Bibliography.subset

    def counted(self: bibtex.Bibliography, keys: Iterable[str]) -> list[bibtex.Subset]:
        cuts.append(sorted(keys))
        return cut(self, keys)

    monkeypatch.setattr(bibtex.Bibliography, "subset", counted)
    citations = SiteCitations()
    try:
        citations.load([str(path)])
        citations.start(["As @part argues [@whole]."], "apa", "en-US")
        assert citations.job is not None
        before = citations.job.result()
        citations.start(["As @part argues [@whole]. @whole again."], "apa", "en-US")
        assert cuts.count(["part", "whole"]) == 1
        citations.start(["As @part argues."], "apa", "en-US")  # other works: cut again
        assert cuts.count(["part"]) == 1
        path.write_text(BIB.replace("Gill, Rosalind", "Gandini, Alessandro"), encoding="utf-8")
        citations.load([str(path)])
        citations.start(["As @part argues [@whole]."], "apa", "en-US")
        assert cuts.count(["part", "whole"]) == 2
        assert citations.job is not None
        assert "Gandini" in citations.job.result().citations["[@whole]"]
        assert "Gill" in before.citations["[@whole]"]
    finally:
        citations.close()


def test_which_keys_the_bib_has_is_asked_again_once_the_bib_changes(tmp_path: Path):
    """`knows` asks the `.bib` files once per key, for the bibliography it asked: a changed
    file, or another bibliography set in its place (as `seminar check` does), is asked again."""
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    citations = SiteCitations()
    citations.load([str(path)])
    assert [citations.knows(key) for key in ("never", "renamed", "never")] == [True, False, True]
    path.write_text(BIB.replace("@misc{never,", "@misc{renamed,"), encoding="utf-8")
    citations.load([str(path)])
    assert [citations.knows(key) for key in ("never", "renamed")] == [False, True]
    citations.bibliography = bibtex.Bibliography()  # no entries
    assert [citations.knows(key) for key in ("never", "renamed")] == [False, False]
    citations.close()


def test_family_names_are_read_as_the_style_compares_people(tmp_path: Path):
    """The first person of each list for APA; everyone once the style disambiguates every
    name (`all-names`), and back: the names kept are never those of the other way."""
    path = tmp_path / "references.bib"
    path.write_text(
        "@book{pair, author = {Doe, Jane and Roe, Richard}, title = {T}, year = {2020}}\n",
        encoding="utf-8",
    )
    every_name = tmp_path / "every-name.csl"
    apa = style_path("apa").read_text(encoding="utf-8")
    every_name.write_text(
        apa.replace(
            'givenname-disambiguation-rule="primary-name-with-initials"',
            'givenname-disambiguation-rule="all-names"',
        ),
        encoding="utf-8",
    )
    citations = SiteCitations()
    citations.load([str(path)])
    try:
        for style, names in [
            ("apa", {"doe"}),
            (str(every_name), {"doe", "roe"}),
            ("apa", {"doe"}),
        ]:
            citations.start(["As @pair argues."], style, "en-US")
            citations.job.result()
            citations.read_names()  # what `serve` does once a build is done
            assert citations.family_names("pair") == frozenset(names), style
    finally:
        citations.close()


def test_a_broken_record_of_stamps_is_a_miss_never_an_error(tmp_path: Path):
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    fresh = _load_fresh(path, folder)
    stamps = folder / bibtex.ScanCache.KIND / f"{bibtex.ScanCache.STAMPS}.json"
    for broken in ("{not json", '{"x": {"a": 1}, "y": [[1]], "z": []}', "[1, 2]"):
        stamps.write_text(broken.replace('"y"', json.dumps(str(path))), encoding="utf-8")
        loaded = _load_fresh(path, folder)
        assert loaded.subset(["part"]) == fresh.subset(["part"])


def _look_up(bibliography: bibtex.Bibliography) -> tuple[object, ...]:
    """What a build asks of a `.bib`: a subset, a key it lacks, the first keys, the count."""
    entries = bibliography.entries
    first = list(itertools.islice(entries, 2))
    return bibliography.subset(["part"]), "missing" in bibliography, first, len(entries)


def test_a_warm_load_answers_from_the_record_of_the_last_builds_lookups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The whole scan is read only for what the record of the last build cannot answer,
    and the record is written again only then."""
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    fresh = bibtex.load([str(path)])
    expected = _look_up(fresh)
    assert expected[1:] == (False, ["whole", "part"], 3)

    whole_reads: list[object] = []
    from_document = bibtex.Spans.from_document.__func__  # type: ignore[attr-defined]

    def counted(cls: type[bibtex.Spans], document: object) -> bibtex.Spans | None:
        whole_reads.append(document)
        return from_document(cls, document)

    monkeypatch.setattr(bibtex.Spans, "from_document", classmethod(counted))
    saved: list[str] = []
    save = DiskCache.save
    monkeypatch.setattr(
        DiskCache,
        "save",
        lambda self, kind, name, value: saved.append(kind) or save(self, kind, name, value),
    )

    def build() -> tuple[bibtex.Bibliography, bibtex.ScanCache]:
        cache = bibtex.ScanCache(DiskCache(folder))  # a new build process
        return bibtex.load([str(path)], cache), cache

    cold, cache = build()
    assert _look_up(cold) == expected
    cache.keep_lookups()
    assert saved.count(bibtex.ScanCache.LOOKUPS) == 1
    whole_reads.clear()
    saved.clear()

    warm, cache = build()
    assert _look_up(warm) == expected
    assert whole_reads == [], "the record answered every lookup"
    cache.keep_lookups()
    assert saved == [], "a build the record answered writes nothing"

    # A lookup the record cannot answer reads the whole scan, once; the next build's
    # record answers it.
    assert warm.block("never") == fresh.block("never")
    assert "nowhere" not in warm
    assert len(whole_reads) == 1
    cache.keep_lookups()
    assert saved == [bibtex.ScanCache.LOOKUPS]
    whole_reads.clear()
    again, _ = build()
    assert again.block("never") == fresh.block("never")
    assert "nowhere" not in again
    assert _look_up(again) == expected
    assert whole_reads == []
    # Listing past the keys the record holds reads the whole scan too.
    assert again.keys() == fresh.keys()
    assert len(whole_reads) == 1


def test_a_broken_record_of_lookups_or_a_lost_scan_is_a_miss_never_an_error(tmp_path: Path):
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    fresh = bibtex.load([str(path)])
    cache = bibtex.ScanCache(DiskCache(folder))
    bibtex.load([str(path)], cache)
    cache.keep_lookups()
    (record,) = (folder / bibtex.ScanCache.LOOKUPS).glob("*.json")
    kept = json.loads(record.read_text(encoding="utf-8"))
    broken = [
        "{not json",
        "[1, 2]",
        json.dumps({**kept, "asked": {"part": [1, 2]}}),
        json.dumps({**kept, "head": ["whole"], "count": 0}),
        json.dumps({**kept, "count": "3"}),
    ]
    for text in broken:
        record.write_text(text, encoding="utf-8")
        loaded = _load_fresh(path, folder)
        assert loaded.keys() == fresh.keys()
        assert loaded.subset(["part", "never"]) == fresh.subset(["part", "never"])

    # The record is sound but the scan it stands for is gone: the file is scanned again.
    cache = bibtex.ScanCache(DiskCache(folder))
    bibtex.load([str(path)], cache)
    _look_up(bibtex.load([str(path)], cache))
    cache.keep_lookups()
    for scan in (folder / bibtex.ScanCache.KIND).glob("*.json"):
        scan.unlink()
    (record,) = (folder / bibtex.ScanCache.LOOKUPS).glob("*.json")
    record.write_text(json.dumps({**kept, "asked": {}, "head": []}), encoding="utf-8")
    cache = bibtex.ScanCache(DiskCache(folder))
    loaded = bibtex.load([str(path)], cache)
    assert loaded.subset(["part", "never"]) == fresh.subset(["part", "never"])
    assert loaded.keys() == fresh.keys()


def test_a_lookup_that_needs_a_lost_scan_of_a_file_changed_since_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The file is scanned again only as it was: changed during the build, it is named."""
    monkeypatch.setattr(diskcache, "SETTLED_NS", -(10**12))  # its stamp is trusted at once
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    folder = tmp_path / "cache"
    cache = bibtex.ScanCache(DiskCache(folder))
    _look_up(bibtex.load([str(path)], cache))
    cache.keep_lookups()
    for scan in (folder / bibtex.ScanCache.KIND).glob("*.json"):
        if scan.stem != bibtex.ScanCache.STAMPS:
            scan.unlink()
    loaded = _load_fresh(path, folder)
    (source,) = loaded.sources
    assert isinstance(source.text, bibtex.FileText)  # found by its stamp, not read
    assert _look_up(loaded) == _look_up(bibtex.load([str(path)]))  # the record answers
    path.write_text(BIB + "\n", encoding="utf-8")
    with pytest.raises(bibtex.BibError, match="changed while the site was being built"):
        "nowhere" in loaded  # noqa: B015 (the lookup is what is tested)
