"""The benchmark script, run for real at its tiny size, so it never rots.

Timings are not asserted (they depend on the machine); the structure of the real
output, the synthetic courses it builds and its exit codes are.
"""

from __future__ import annotations

import json
import math
import pstats
import subprocess
import sys
import textwrap
from pathlib import Path

import bibtexparser
import pytest

from bench.corpus import PLAIN_CONFIG, SEMINAR_CONFIG, CourseSpec, write_course
from bench.run import CASES, TARGETS, TINY, BenchError, build, evaluate
from tests.conftest import REPO
from tests.htmltext import page_text

METRICS = ("wall", "cpu", "peak_mib")


def run_bench(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One real tiny run of every case, with its JSON and its printed table."""
    workdir = tmp_path_factory.mktemp("bench")
    output = workdir / "results.json"
    done = run_bench(
        "--size", "tiny", "--repeat", "2", "--warmup", "0",
        "--workdir", str(workdir), "--json", str(output),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(output.read_text(encoding="utf-8")), done.stdout, workdir


def test_every_case_is_measured_with_positive_finite_ratios(tiny_run):
    results, _, _ = tiny_run
    assert list(results["cases"]) == list(CASES)
    for case in results["cases"].values():
        assert case["pairs"] == 2
        for variant in ("plain", "seminar"):
            for metric in METRICS:
                samples = case[variant][metric]
                assert len(samples) == 2
                assert all(math.isfinite(s) and s > 0 for s in samples), (variant, metric)
        for metric in METRICS:
            for value in (case["ratio"][metric], case["ratio_of_fastest"][metric]):
                assert math.isfinite(value), metric
                assert value > 0, metric
            low, high = case["ratio_range"][metric]
            assert low <= case["ratio"][metric] <= high
    assert results["meta"]["size"] == "tiny"
    assert results["meta"]["load_before"] >= 0
    assert results["meta"]["load_after"] >= 0


def test_rebuild_measures_the_second_build_apart_from_the_first(tiny_run):
    results, _, _ = tiny_run
    rebuild = results["cases"]["rebuild"]
    for variant in ("plain", "seminar"):
        assert len(rebuild[variant]["first_wall"]) == 2
        assert all(s > 0 for s in rebuild[variant]["first_wall"])


def test_synthetic_courses_build_without_warnings(tiny_run):
    results, _, _ = tiny_run
    for name, case in results["cases"].items():
        assert case["plain"]["warnings"] == 0, name
        assert case["seminar"]["warnings"] == 0, name


def test_every_target_is_judged(tiny_run):
    results, _, _ = tiny_run
    rows = results["targets"]
    assert [row["label"] for row in rows] == [target.label for target in TARGETS]
    for row in rows:
        assert row["passed"] == (row["ratio"] <= row["limit"])
    assert results["passed"] == all(row["passed"] for row in rows)


def test_table_shows_every_target_with_a_verdict(tiny_run):
    results, stdout, _ = tiny_run
    header, targets, details, courses, verdict = stdout.strip().split("\n\n")
    assert header.startswith("Seminar benchmark, ")
    assert "size tiny" in header
    lines = targets.splitlines()
    assert len(lines) == 2 + len(results["targets"])
    for row in results["targets"]:
        (line,) = [line for line in lines if line.startswith(f"| {row['label']} |")]
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[4] == f"{row['ratio']:.2f}"
        assert cells[5] == f"≤ {row['limit']:.2f}"
        assert cells[6] == ("PASS" if row["passed"] else "FAIL")
    for name, case in results["cases"].items():
        (line,) = [line for line in details.splitlines() if line.startswith(f"| {case['label']} |")]
        assert f"{case['ratio']['wall']:.2f} (" in line, name
    assert len(courses.splitlines()) == len(results["courses"]) == 3
    verdict, *note = verdict.splitlines()
    assert verdict.endswith("all targets met." if results["passed"] else "some targets missed.")
    meta = results["meta"]
    busy = max(meta["load_before"], meta["load_after"]) > meta["cpus"]
    assert [line.startswith("Note: the machine was busy") for line in note] == (
        [True] if busy else []
    )


def test_the_rebuild_restores_the_edited_page(tiny_run):
    results, _, workdir = tiny_run
    heavy = workdir / "courses" / "heavy"
    page = heavy / "docs" / results["courses"]["heavy"]["edit_page"]
    assert "added during a live preview" not in page.read_text(encoding="utf-8")
    # The built site of the last rebuild does contain the edit.
    built = page.relative_to(heavy / "docs").with_suffix("") / "index.html"
    assert "added during a live preview" in page_text(heavy / "site-seminar", str(built))


def test_json_on_stdout_sends_the_table_to_stderr(tmp_path):
    done = run_bench(
        "--size", "tiny", "--cases", "course", "--repeat", "1", "--warmup", "0",
        "--workdir", str(tmp_path), "--json", "-",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert list(results["cases"]) == ["course"]
    assert [row["label"] for row in results["targets"]] == ["course"]
    assert "| course | wall time, median of 1 |" in done.stderr


def test_profile_writes_a_loadable_cprofile(tmp_path):
    done = run_bench("--size", "tiny", "--profile", "course", "--workdir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    profile = tmp_path / "profile-course.prof"
    stats = pstats.Stats(str(profile))
    functions = {f"{path}:{name}" for path, _, name in stats.stats}  # type: ignore[attr-defined]
    assert any(f.endswith("mkdocs/commands/build.py:build") for f in functions)
    assert "function calls" in (tmp_path / "profile-course.txt").read_text(encoding="utf-8")


def _phase_rows(table: str) -> dict[str, tuple[float, float, float]]:
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("part", "---"):
            rows[cells[0]] = (float(cells[1]), float(cells[2]), float(cells[3]))
    return rows


@pytest.mark.parametrize("case", ["course", "rebuild"])
def test_phases_time_each_part_of_both_variants(tmp_path, case):
    done = run_bench(
        "--size", "tiny", "--phases", case, "--repeat", "1", "--workdir", str(tmp_path)
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Where the time goes: ")
    rows = _phase_rows(done.stdout)
    plain, seminar, added = rows["build"]
    assert min(plain, seminar) > 0
    assert added == pytest.approx(seminar - plain, abs=0.11)
    # The plugin's own events and Markdown processors exist in its builds only.
    for part in ("on_env: seminar", "on_page_content: seminar", "Markdown: TermLinker"):
        assert rows[part][0] == 0 < rows[part][1], part
    # MkDocs' own parts and Material's search run in both.
    for part in ("pages: render Markdown", "pages: template and write", "Markdown: block parsing",
                 "on_page_context: material/search", "load mkdocs.yml"):  # fmt: skip
        assert min(rows[part][:2]) > 0, part
    assert "gc: passes of generation 0 (count)" in rows
    # Largest addition first, after the whole build.
    added_ms = [row[2] for name, row in rows.items() if name != "build" and "(count)" not in name]
    assert added_ms == sorted(added_ms, reverse=True)


def test_a_failing_build_names_the_course_and_the_error(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Broken\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    with pytest.raises(BenchError, match="no-such-theme") as raised:
        build(config)
    assert str(config) in str(raised.value)
    assert "(exit 1)" in str(raised.value)


@pytest.mark.parametrize(
    ("ratios", "passed"),
    [
        ({"course": 1.10}, [True]),
        ({"course": 1.11}, [False]),
        ({"heavy": 1.29}, [True, True]),
        ({"bigbib": 1.16, "rebuild": 1.0}, [False, True]),
    ],
)
def test_targets_are_inclusive_limits(ratios, passed):
    cases = {
        case: {"ratio": {"wall": value, "cpu": value, "peak_mib": 1.0}}
        for case, value in ratios.items()
    }
    assert [row["passed"] for row in evaluate(cases)] == passed


def test_check_exit_code_follows_the_targets(tmp_path, monkeypatch):
    from bench import run

    # Real tiny builds, judged against impossible and generous limits.
    strict = tuple(run.Target(t.label, t.case, t.metric, 0.0) for t in TARGETS)
    monkeypatch.setattr(run, "TARGETS", strict)
    args = ["--size", "tiny", "--cases", "course", "--repeat", "1", "--warmup", "0"]
    assert run.main([*args, "--workdir", str(tmp_path)]) == 0
    assert run.main([*args, "--workdir", str(tmp_path), "--check"]) == 1
    generous = tuple(run.Target(t.label, t.case, t.metric, 100.0) for t in TARGETS)
    monkeypatch.setattr(run, "TARGETS", generous)
    assert run.main([*args, "--workdir", str(tmp_path), "--check"]) == 0


def test_courses_are_deterministic(tmp_path):
    spec = TINY["heavy"]
    write_course(spec, tmp_path / "a")
    write_course(spec, tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
            assert path.read_bytes() == twin.read_bytes(), path


def test_big_bibliography_keeps_the_course_markdown(tmp_path):
    course = write_course(TINY["course"], tmp_path / "course")
    bigbib = write_course(TINY["bigbib"], tmp_path / "bigbib")
    assert bigbib.bib_entries == 300
    assert course.cited_keys == bigbib.cited_keys == TINY["course"].cited_entries
    for page in sorted((tmp_path / "course" / "docs").rglob("*.md")):
        twin = tmp_path / "bigbib" / "docs" / page.relative_to(tmp_path / "course" / "docs")
        assert page.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8")


def test_configs_differ_only_by_the_seminar_entry(tmp_path):
    import yaml

    write_course(TINY["course"], tmp_path)
    seminar = yaml.safe_load((tmp_path / SEMINAR_CONFIG).read_text(encoding="utf-8"))
    plain = yaml.safe_load((tmp_path / PLAIN_CONFIG).read_text(encoding="utf-8"))
    assert seminar["theme"] == {**plain["theme"], "font": False} == plain["theme"]
    assert seminar["theme"]["name"] == "material"
    assert plain["plugins"] == ["search"]
    assert seminar["plugins"][0] == "search"
    assert next(iter(seminar["plugins"][1])) == "seminar"
    for key in ("plugins", "site_dir"):
        seminar.pop(key)
        plain.pop(key)
    assert seminar == plain
    assert "def_list" in plain["markdown_extensions"]


def test_full_bibliography_is_valid_bibtex_of_several_types(tmp_path):
    spec = CourseSpec("heavy", 2, 100, 10, 10, 400, 5)
    stats = write_course(spec, tmp_path)
    library = bibtexparser.parse_file(str(tmp_path / "references.bib"))
    assert library.failed_blocks == []
    assert len(library.entries) == stats.bib_entries == 400
    assert len({entry.key for entry in library.entries}) == 400
    assert set(stats.bib_types) == {"article", "book", "incollection", "inproceedings"}
    fields = [entry.fields_dict for entry in library.entries]
    assert all("author" in f and "title" in f and "year" in f for f in fields)
    assert any("--" in f["pages"].value for f in fields if "pages" in f)
    assert any("doi" in f for f in fields)
    assert any("url" in f for f in fields)
    assert any("\\'" in f["author"].value or '\\"' in f["author"].value for f in fields)


def test_every_pandoc_citation_form_is_written(tmp_path):
    stats = write_course(TINY["course"], tmp_path)
    assert stats.citations == TINY["course"].citations
    assert set(stats.citation_forms) == {
        "paren",
        "locator",
        "multiple",
        "prefixed",
        "suppress-author",
        "narrative",
        "narrative-locator",
    }
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*.md"))
    assert "[-@" in text
    assert "; also @" in text
    assert ", pp. " in text


def test_glossary_is_a_definition_list_with_aliases(tmp_path):
    stats = write_course(TINY["heavy"], tmp_path)
    text = (tmp_path / "docs" / "glossary.md").read_text(encoding="utf-8")
    entries = text.split("\n\n")[2:]
    assert len(entries) == stats.terms == TINY["heavy"].terms
    aliases = 0
    for entry in entries:
        *names, definition = entry.strip().splitlines()
        assert definition.startswith(":   ")
        assert names, entry
        aliases += len(names) - 1
    assert aliases == stats.aliases > 0


def test_child_memory_sees_a_child_process_that_holds_memory():
    # Sampled from a fresh process: the test runner's own children (the browser
    # tests' Chromium, say) would count as descendants here.
    script = textwrap.dedent(
        """
        import subprocess, sys
        from bench.build_once import ChildMemory

        memory = ChildMemory()
        memory.start()
        try:
            subprocess.run(
                [sys.executable, "-c",
                 "import time; x = bytearray(80 * 2**20); time.sleep(0.5)"],
                check=True,
            )
        finally:
            memory.stop()
        print(memory.peak_mib, memory.peak_total_mib)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    peak_mib, peak_total_mib = map(float, result.stdout.split())
    assert 80 <= peak_mib < 200
    assert peak_total_mib > peak_mib


def test_child_memory_samples_the_children_of_another_process():
    """`python -m bench` samples each build's children from outside the build."""
    from bench.build_once import ChildMemory

    holder = "import time; x = bytearray(80 * 2**20); time.sleep(0.6)"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {holder!r}])",
        ]
    )
    memory = ChildMemory(pid=parent.pid)
    memory.start()
    try:
        assert parent.wait(timeout=60) == 0
    finally:
        memory.stop()
    assert 80 <= memory.peak_mib < 200
    assert memory.peak_total_mib > memory.peak_mib


def test_warm_builds_keep_the_plugin_cache_and_cold_builds_start_without_it(tmp_path):
    args = ("--size", "tiny", "--cases", "course", "--repeat", "1", "--workdir", str(tmp_path))
    cache = tmp_path / "courses" / "course" / ".cache" / "plugin" / "seminar"
    warm = run_bench(*args, "--json", "-")
    assert warm.returncode == 0, warm.stderr
    assert json.loads(warm.stdout)["meta"]["cold"] is False
    assert "plugin disk cache warm" in warm.stderr
    kinds = [
        "biblookups",
        "bibscan",
        "code",
        "memo",
        "pandoc",
        "questions",
        "templates",  # Seminar's compiled templates (`partials.TemplateBytecode`)
        "translations",
    ]
    assert sorted(path.name for path in cache.iterdir()) == kinds
    cold = run_bench(*args, "--cold", "--json", "-")
    assert cold.returncode == 0, cold.stderr
    assert json.loads(cold.stdout)["meta"]["cold"] is True
    assert "deleted before every build (--cold)" in cold.stderr
    # Deleted before the last plugin build, and made again by it.
    assert sorted(path.name for path in cache.iterdir()) == kinds


def _instruction_rows(table: str) -> dict[str, tuple[int, int, float]]:
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("case", "---"):
            rows[cells[0]] = (int(cells[1].replace(",", "")), int(cells[2].replace(",", "")),
                              float(cells[3]))  # fmt: skip
    return rows


def test_instructions_count_the_rebuild_apart_from_the_first_build(tmp_path):
    """valgrind counts each variant's rebuild: the whole run minus its first build alone."""
    done = run_bench(
        "--size", "tiny", "--instructions", "--cases", "rebuild", "--workdir", str(tmp_path)
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("CPU instructions of one warm build (valgrind;")
    rows = _instruction_rows(done.stdout)
    assert list(rows) == ["rebuild after one edit"]
    plain, seminar, shown = rows["rebuild after one edit"]
    # A rebuild is a whole MkDocs build: about two billion instructions for the tiny course
    # (MkDocs' and Material's own work), while Python's start and the first build,
    # subtracted, are about as many again.
    assert 5 * 10**8 < plain < seminar < 2 * plain
    assert shown == pytest.approx(seminar / plain, abs=0.0005)
    for variant, count in (("plain", plain), ("seminar", seminar)):
        assert f"rebuild  {variant:7} {count:,} instructions" in done.stderr


def test_serve_first_builds_once_and_edits_nothing(tmp_path):
    write_course(TINY["heavy"], tmp_path)
    manifest = json.loads((tmp_path / "bench-course.json").read_text(encoding="utf-8"))
    page = tmp_path / "docs" / manifest["stats"]["edit_page"]
    before = page.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bench.build_once", str(tmp_path / SEMINAR_CONFIG),
         "--serve-first"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["first_wall"] > 0
    assert result["wall"] == 0  # nothing after the first build was measured
    assert page.read_text(encoding="utf-8") == before
    built = page.relative_to(tmp_path / "docs").with_suffix("") / "index.html"
    assert "added during a live preview" not in page_text(tmp_path / "site-seminar", str(built))


def test_counting_instructions_without_valgrind_says_how_to_install_it(tmp_path, monkeypatch):
    from bench import run

    monkeypatch.setattr(run.shutil, "which", lambda name: None)
    with pytest.raises(BenchError, match=r"needs valgrind.*apt-get install valgrind"):
        run.count_instructions(tmp_path / "mkdocs.yml")
