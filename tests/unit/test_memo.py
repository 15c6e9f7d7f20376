"""`Memo` on disk: what one build rendered, the next `mkdocs build` reads back."""

from __future__ import annotations

import marshal
import sys
from typing import TYPE_CHECKING, NamedTuple

from seminar.diskcache import DiskCache
from seminar.memo import DISK_KIND, Memo, key_name

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


class Shown(NamedTuple):
    text: str
    number: int


def _build(
    folder: Path, keys: list[object], made: list[object], code: str = "v1"
) -> tuple[list[str], Memo[str]]:
    """One build in a fresh process: a new memo, some values asked for, then saved."""
    memo: Memo[str] = Memo()
    memo.next_build(keep=False, disk=(DiskCache(folder), "test", code))

    def make(key: object) -> Callable[[], str]:
        return lambda: made.append(key) or f"<p>{key!r}</p>"

    values = [memo.get(key, make(key)) for key in keys]
    memo.save()
    return values, memo


def test_a_later_build_reads_what_the_last_one_made(tmp_path: Path) -> None:
    keys: list[object] = [("used-in", "template", (Shown("é & <b>", 3),)), ("a", 1, None)]
    made: list[object] = []
    first, _ = _build(tmp_path, keys, made)
    assert made == keys
    second, memo = _build(tmp_path, keys, made)
    assert second == first
    assert made == keys  # nothing made again
    assert (memo.hits, memo.misses) == (2, 0)


def test_an_unchanged_build_writes_nothing_and_a_changed_one_keeps_only_what_it_used(
    tmp_path: Path,
) -> None:
    made: list[object] = []
    _build(tmp_path, ["a", "b"], made)
    document = tmp_path / DISK_KIND / "test.marshal"
    written = document.stat().st_mtime_ns
    _build(tmp_path, ["b", "a"], made)
    assert document.stat().st_mtime_ns == written
    _build(tmp_path, ["b", "c"], made)
    assert made == ["a", "b", "c"]
    entries = marshal.loads(document.read_bytes())["entries"]
    assert sorted(entries.values()) == ["<p>'b'</p>", "<p>'c'</p>"]  # "a" was not used


def test_values_of_other_code_or_a_broken_document_are_never_read(tmp_path: Path) -> None:
    made: list[object] = []
    _build(tmp_path, ["a"], made, code="v1")
    _build(tmp_path, ["a"], made, code="v2")
    assert made == ["a", "a"]
    (tmp_path / DISK_KIND / "test.marshal").write_bytes(b"{broken")
    _build(tmp_path, ["a"], made, code="v2")
    assert made == ["a", "a", "a"]


def test_equal_keys_share_a_value_and_unequal_ones_never_do(tmp_path: Path) -> None:
    made: list[object] = []
    values, _ = _build(tmp_path, [("x", 1), ("x", 1), ("x", "1"), Shown("x", 1)], made)
    assert made == [("x", 1), ("x", "1"), Shown("x", 1)]
    assert len(set(values)) == 3


def test_under_serve_nothing_is_written(tmp_path: Path) -> None:
    memo: Memo[str] = Memo()
    memo.next_build(keep=True, disk=(DiskCache(tmp_path), "test", "v1"))
    assert memo.get("a", lambda: "A") == "A"
    memo.save()
    assert not (tmp_path / DISK_KIND).exists()
    assert memo.keep
    assert len(memo) == 1


def test_without_a_cache_folder_nothing_is_kept(tmp_path: Path) -> None:
    memo: Memo[str] = Memo()
    memo.next_build(keep=False, disk=(DiskCache(None), "test", "v1"))
    assert not memo.keep
    made: list[str] = []
    memo.get("a", lambda: made.append("a") or "A")
    memo.get("a", lambda: made.append("a") or "A")
    memo.save()
    assert made == ["a", "a"]


def test_a_value_read_from_disk_and_asked_for_again_is_the_same(tmp_path: Path) -> None:
    """Read values are not held in memory: asked for twice, the second is made again."""
    made: list[object] = []
    _build(tmp_path, [("x", 1)], made)
    values, memo = _build(tmp_path, [("x", 1), ("x", 1)], made)
    assert values == ["<p>('x', 1)</p>"] * 2
    assert made == [("x", 1), ("x", 1)]
    assert memo.misses == 0  # nothing new: the document is not written again


def test_a_key_is_named_on_disk_by_its_value_alone() -> None:
    """Not by which string objects hold it: interned or not, met once or twice."""
    built = "".join(["semi", "nar"])
    assert built is not sys.intern("seminar")
    assert key_name(("seminar", 1)) == key_name((built, 1))
    once = "".join(["x", "yz"])
    assert key_name((once, once)) == key_name(("xyz", "".join(["xy", "z"])))
    assert key_name(("t", Shown("é", 3))) == key_name(("t", Shown("".join(["é"]), 3)))
    different = [(1,), (True,), ("1",), (None,), ((1,),), (Shown("1", 1),), ("", ""), ("",)]
    assert len({key_name(key) for key in different}) == len(different)
