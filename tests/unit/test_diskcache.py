"""The plugin's disk cache: documents by name, atomic saves, pruning, misses never fail."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import pytest

from seminar import diskcache
from seminar.diskcache import DiskCache, digest

if TYPE_CHECKING:
    from pathlib import Path


def test_a_saved_document_loads_back_and_a_missing_one_is_none(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.save("kind", "a", {"text": "é", "n": [1, 2]})
    assert cache.load("kind", "a") == {"text": "é", "n": [1, 2]}
    assert cache.load("kind", "b") is None
    assert cache.load("other", "a") is None
    assert [p.name for p in (tmp_path / "kind").iterdir()] == ["a.json"]


def test_a_broken_document_is_a_miss(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    (tmp_path / "kind").mkdir()
    (tmp_path / "kind" / "a.json").write_text("{not json", encoding="utf-8")
    assert cache.load("kind", "a") is None


def test_a_binary_document_keeps_its_values_and_types_and_a_broken_one_is_a_miss(
    tmp_path: Path,
) -> None:
    cache = DiskCache(tmp_path)
    value = {"code": "v1", "entries": {"k": "<p>é</p>", "t": (1, None, [b"x", 2.5])}}
    cache.save("memo", "doc", value, binary=True)
    assert (tmp_path / "memo" / "doc.marshal").is_file()
    assert cache.load("memo", "doc", binary=True) == value
    assert cache.load("memo", "doc") is None  # a JSON document of that name: none
    for broken in (b"", b"{broken", (tmp_path / "memo" / "doc.marshal").read_bytes()[:-3]):
        (tmp_path / "memo" / "doc.marshal").write_bytes(broken)
        assert cache.load("memo", "doc", binary=True) is None
    cache.save("memo", "other", {"entries": object()}, binary=True)  # not writable: not saved
    assert not (tmp_path / "memo" / "other.marshal").exists()
    assert not list((tmp_path / "memo").glob(".tmp-*"))


def test_without_a_folder_nothing_is_written_or_read(tmp_path: Path) -> None:
    cache = DiskCache(None)
    assert not cache.enabled
    cache.save("kind", "a", {"x": 1})
    cache.prune("kind", set())
    assert cache.load("kind", "a") is None
    assert list(tmp_path.iterdir()) == []


def test_prune_keeps_what_the_build_used_and_a_save_still_being_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DiskCache(tmp_path)
    cache.save("kind", "old", {"name": "old"})
    # Pandoc's result is saved by its worker thread while the build prunes: prune in the
    # middle of writing, as that thread may.
    write = json.dump

    def prune_while_writing(*args: Any, **kwargs: Any) -> None:
        cache.prune("kind", {"used"})
        write(*args, **kwargs)

    monkeypatch.setattr(diskcache.json, "dump", prune_while_writing)
    cache.save("kind", "used", {"name": "used"})
    assert sorted(p.name for p in (tmp_path / "kind").iterdir()) == ["used.json"]
    assert cache.load("kind", "used") == {"name": "used"}


def test_digest_is_stable_and_parts_never_run_together() -> None:
    assert digest("a", "b") == digest("a", "b")
    assert digest("ab", "") != digest("a", "b")
    assert digest("a", b"b") == digest("a", "b")
    assert len(digest("x")) == 32


@pytest.mark.parametrize("package", ["bibtexparser", "pypandoc-binary", "mkdocs", "Jinja2"])
def test_package_version_reads_the_version_importlib_reports(package: str) -> None:
    from importlib.metadata import version

    assert diskcache.package_version(package) == version(package)


def test_package_version_of_a_missing_package_raises() -> None:
    from importlib.metadata import PackageNotFoundError

    with pytest.raises(PackageNotFoundError):
        diskcache.package_version("no-such-package-seminar")


def _settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A file written by the test was changed just now: its stamp is trusted at once.
    monkeypatch.setattr(diskcache, "SETTLED_NS", -(10**12))


def test_a_source_file_counts_by_the_hash_of_its_bytes(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_bytes(b"x = 1\n")
    sources = diskcache.SourceDigests()
    assert sources.digest(str(module)) == digest(b"x = 1\n")
    module.write_bytes(b"x = 22\n")  # another size: another stamp
    assert sources.digest(str(module)) == digest(b"x = 22\n")


def test_a_recorded_stamp_answers_without_reading_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settle_at_once(monkeypatch)
    module = tmp_path / "module.py"
    module.write_bytes(b"x = 1\n")
    cache = DiskCache(tmp_path / "cache")
    first = diskcache.SourceDigests()
    first.attach(cache)
    assert first.digest(str(module)) == digest(b"x = 1\n")
    first.save()
    # The record says something else for the same stamp: a new process believes it,
    # which shows it did not read the file.
    records = cache.load(diskcache.SourceDigests.KIND, diskcache.SourceDigests.NAME)
    assert isinstance(records, dict)
    assert records[str(module)][:5] == list(diskcache.stamp_of(module.stat()))
    records[str(module)][5] = "recorded"
    cache.save(diskcache.SourceDigests.KIND, diskcache.SourceDigests.NAME, records)
    second = diskcache.SourceDigests()
    second.attach(cache)
    assert second.digest(str(module)) == "recorded"
    # Once the file changes, its stamp does, and its bytes are read again.
    module.write_bytes(b"x = 2\n")
    assert second.digest(str(module)) == digest(b"x = 2\n")


def test_a_file_changed_within_the_clock_tick_is_read_every_time(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_bytes(b"x = 1\n")  # just now: a write at the same size could follow
    cache = DiskCache(tmp_path / "cache")
    sources = diskcache.SourceDigests()
    sources.attach(cache)
    assert sources.digest(str(module)) == digest(b"x = 1\n")
    stamp = module.stat()
    module.write_bytes(b"x = 2\n")  # the same size, maybe within the same tick
    os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert sources.digest(str(module)) == digest(b"x = 2\n")
    sources.save()
    assert cache.load(diskcache.SourceDigests.KIND, diskcache.SourceDigests.NAME) is None


def test_code_digest_follows_each_file_and_the_package_versions(tmp_path: Path) -> None:
    one, two = tmp_path / "one.py", tmp_path / "two.py"
    one.write_text("a = 1\n")
    two.write_text("b = 2\n")
    before = diskcache.code_digest(one, two)
    assert diskcache.code_digest(one, two) == before
    assert diskcache.code_digest(two, one) != before
    assert diskcache.code_digest(one, two, packages=("mkdocs",)) != before
    two.write_text("b = 3\n")
    assert diskcache.code_digest(one, two) != before
