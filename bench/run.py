"""Build synthetic courses with and without the `seminar` plugin and compare.

    python -m bench                      # every case at full size (what `make bench` runs)
    python -m bench --size tiny          # seconds, for the test suite
    python -m bench --cases heavy rebuild --repeat 3 --json results.json --check
    python -m bench --profile heavy      # cProfile one plugin build into .cache/bench/
    python -m bench --phases course      # where each variant's time goes, part by part
    python -m bench --instructions --cases course bigbib   # CPU instructions (valgrind)

Each case generates a deterministic course (`bench.corpus`) and builds it in
alternating pairs, one build with the plugin and one without it (the same Markdown
and `mkdocs.yml` minus the `seminar` entry), swapping the order in every other pair
so neither variant always runs second. Every build runs in a fresh process
(`bench.build_once`). For each pair the plugin's wall time, CPU time and peak
memory are divided by the plain build's; the report gives the median of those
ratios per case and compares it with the targets of issue 6.

The script exits 0 whatever the ratios are, unless `--check` is given: then it
exits 1 when a target is missed. It exits 2 when a build fails.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import math
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bench.build_once import ChildMemory
from bench.corpus import PLAIN_CONFIG, SEMINAR_CONFIG, CourseSpec, CourseStats, write_course

if TYPE_CHECKING:
    from collections.abc import Sequence

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORKDIR = REPO / ".cache" / "bench"
#: The plugin's disk cache in a course (its default `cache_dir`, beside mkdocs.yml).
PLUGIN_CACHE = Path(".cache") / "plugin" / "seminar"

#: The cases, in the order they run and are reported.
CASES = ("course", "heavy", "bigbib", "rebuild")
LABELS = {
    "course": "course",
    "heavy": "heavy",
    "bigbib": "big bibliography",
    "rebuild": "rebuild after one edit",
}
#: The course each case builds: `rebuild` edits and rebuilds the heavy course.
COURSE_OF = {"course": "course", "heavy": "heavy", "bigbib": "bigbib", "rebuild": "heavy"}
#: Alternating pairs per case unless `--repeat` says otherwise.
DEFAULT_PAIRS = {"course": 5, "heavy": 3, "bigbib": 5, "rebuild": 3}

FULL: dict[str, CourseSpec] = {
    "course": CourseSpec(
        "course",
        pages=20,
        words_per_page=1000,
        citations=100,
        cited_entries=60,
        bib_entries=60,
        terms=40,
    ),
    "heavy": CourseSpec(
        "heavy",
        pages=300,
        words_per_page=1200,
        citations=1500,
        cited_entries=1000,
        bib_entries=1000,
        terms=300,
    ),
    # The course's Markdown and cited works (same seed), with 19,940 uncited entries more.
    "bigbib": CourseSpec(
        "bigbib",
        pages=20,
        words_per_page=1000,
        citations=100,
        cited_entries=60,
        bib_entries=20_000,
        terms=40,
    ),
}
TINY: dict[str, CourseSpec] = {
    "course": CourseSpec("course", 3, 150, 10, 7, 7, 5),
    "heavy": CourseSpec("heavy", 6, 200, 30, 20, 20, 12),
    "bigbib": CourseSpec("bigbib", 3, 150, 10, 7, 300, 5),
}


@dataclass(frozen=True)
class Target:
    """A limit on the median ratio (plugin ÷ plain) of one metric of one case."""

    label: str
    case: str
    metric: str
    limit: float


TARGETS = (
    Target("course", "course", "wall", 1.10),
    Target("heavy", "heavy", "wall", 1.30),
    Target("big bibliography", "bigbib", "wall", 1.15),
    Target("rebuild after one edit", "rebuild", "wall", 1.10),
    Target("peak memory, heavy", "heavy", "peak_mib", 1.50),
)
METRICS = ("wall", "cpu", "peak_mib")
VARIANTS = ("plain", "seminar")


class BenchError(RuntimeError):
    """A build failed; the message holds the end of its output."""


def specs_for(size: str, scale: float | None) -> dict[str, CourseSpec]:
    """The course specs of a size preset, or the full ones multiplied by `scale`."""
    if scale is not None:
        return {
            name: spec.scaled(scale, pages=2, words_per_page=100) for name, spec in FULL.items()
        }
    return TINY if size == "tiny" else FULL


def build(
    config: Path,
    *,
    serve_edit: bool = False,
    profile: Path | None = None,
    module: str = "build_once",
) -> dict[str, Any]:
    """Build once in a fresh process (`bench.build_once`) and return its measurements.

    With `module="phases"`, `bench.phases` builds instead and the parts are returned.

    The sites earlier builds wrote are on disk first (`os.sync`, not timed): otherwise the
    kernel may be writing them out while this build runs, which slows this build's own
    writes (they took from 0.15 to 0.8 s of the heavy course's 5-7 s builds, in either
    variant).

    The memory of the build's children (Pandoc) is sampled from this process, not by a
    thread in the build's: that thread cost the course's plain builds 8 ms and its plugin
    builds 16 ms (medians of 8 builds each), the plugin having a thread more to look at.
    """
    os.sync()
    command = [sys.executable, "-m", f"bench.{module}", str(config)]
    if serve_edit:
        command.append("--serve-edit")
    if profile is not None:
        command += ["--profile", str(profile)]
    sampled = module == "build_once"
    if sampled:
        command.append("--children-sampled-outside")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        # The build's children (Pandoc) are sampled from here, not by a thread in the build.
        memory = ChildMemory(pid=process.pid)
        if sampled:
            memory.start()
        try:
            stdout, stderr = process.communicate()
        finally:
            if memory.is_alive():
                memory.stop()
    if process.returncode != 0:
        tail = "\n".join((stderr or stdout).splitlines()[-25:])
        raise BenchError(f"building {config} failed (exit {process.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    if sampled:
        result["peak_children_mib"] = memory.peak_mib
        result["peak_mib"] = max(result["peak_self_mib"], memory.peak_total_mib)
    for message in result.get("warning_messages", ()):
        print(f"    warning in {config.name}: {message}", file=sys.stderr)
    return result


def byte_compile() -> None:
    """Compile the plugin's bytecode once, as installing a wheel does.

    MkDocs and Material come from the virtualenv with their `.pyc` files; the
    plugin runs from this checkout, and where `PYTHONDONTWRITEBYTECODE` is set
    every build would compile its source again: a cost no installed plugin pays.
    """
    import seminar

    for package in (Path(seminar.__file__).parent, REPO / "bench"):
        compileall.compile_dir(package, quiet=1)


def ratio(numerator: float, denominator: float) -> float:
    """`numerator / denominator`, or NaN when the denominator is not positive."""
    return numerator / denominator if denominator > 0 else math.nan


def run_case(
    case: str, folder: Path, pairs: int, warmup: int, *, cold: bool = False
) -> dict[str, Any]:
    """Alternate plugin and plain builds of one case; return samples, medians and ratios.

    Warm (the default), every measured build finds the plugin's disk cache as the
    warm-up builds left it, as CI with a kept `.cache/` and every `mkdocs build` after
    the first do. With `cold`, the cache is deleted before every plugin build.
    """
    configs = {"plain": folder / PLAIN_CONFIG, "seminar": folder / SEMINAR_CONFIG}
    serve_edit = case == "rebuild"

    def build_variant(variant: str) -> dict[str, Any]:
        if cold and variant == "seminar":
            shutil.rmtree(folder / PLUGIN_CACHE, ignore_errors=True)
        return build(configs[variant], serve_edit=serve_edit)

    for number in range(warmup):
        for variant in VARIANTS:
            result = build_variant(variant)
            print(
                f"  {case:8} warm-up {number + 1}/{warmup}  {variant:7} {result['wall']:7.2f} s",
                file=sys.stderr,
            )
    samples: dict[str, list[dict[str, Any]]] = {"plain": [], "seminar": []}
    for number in range(pairs):
        order = VARIANTS if number % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            result = build_variant(variant)
            samples[variant].append(result)
            print(
                f"  {case:8} pair {number + 1}/{pairs}  {variant:7} {result['wall']:7.2f} s",
                file=sys.stderr,
            )
    report: dict[str, Any] = {"label": LABELS[case], "pairs": pairs, "cold": cold}
    for variant in VARIANTS:
        runs = samples[variant]
        report[variant] = {
            **{metric: [run[metric] for run in runs] for metric in METRICS},
            "peak_children_mib": [run["peak_children_mib"] for run in runs],
            "warnings": sum(run["warnings"] for run in runs),
        }
        if serve_edit:
            report[variant]["first_wall"] = [run["first_wall"] for run in runs]
    report["median"] = {
        variant: {metric: statistics.median(report[variant][metric]) for metric in METRICS}
        for variant in VARIANTS
    }
    pair_ratios = {
        metric: [
            ratio(s[metric], p[metric])
            for s, p in zip(samples["seminar"], samples["plain"], strict=True)
        ]
        for metric in METRICS
    }
    report["ratio"] = {metric: statistics.median(pair_ratios[metric]) for metric in METRICS}
    # Contention only ever slows a build down, so the fastest builds are a cross-check.
    report["ratio_of_fastest"] = {
        metric: ratio(min(report["seminar"][metric]), min(report["plain"][metric]))
        for metric in METRICS
    }
    # How far the pairs disagree: a wide range means a noisy machine, not a slow plugin.
    report["ratio_range"] = {
        metric: [min(values), max(values)] for metric, values in pair_ratios.items()
    }
    return report


def evaluate(cases: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare each measured case with its targets."""
    rows = []
    for target in TARGETS:
        if target.case not in cases:
            continue
        value = cases[target.case]["ratio"][target.metric]
        rows.append({**asdict(target), "ratio": value, "passed": bool(value <= target.limit)})
    return rows


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _mib(value: float) -> str:
    return f"{value:.0f} MiB"


def render(results: dict[str, Any]) -> str:
    """The report as Markdown: the targets table, then every metric of every case."""
    meta = results["meta"]
    cases = results["cases"]
    lines = [
        f"Seminar benchmark, {meta['date']}: size {meta['size']}, {meta['cpus']} CPUs, "
        f"Python {meta['python']}, MkDocs {meta['mkdocs']}, Material {meta['material']}, "
        f"seminar {meta['seminar']} at {meta['commit']}; plugin disk cache "
        + (
            "deleted before every build (--cold)"
            if meta.get("cold")
            else "warm (filled by the warm-up builds, as CI with a kept .cache/ would find it)"
        ),
        "",
        "| case | measured | plain | seminar | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results["targets"]:
        case = cases[row["case"]]
        metric = row["metric"]
        show = _mib if metric == "peak_mib" else _seconds
        what = {
            "wall": "wall time" if row["case"] != "rebuild" else "wall time of the rebuild",
            "peak_mib": "peak memory",
        }[metric]
        lines.append(
            f"| {row['label']} | {what}, median of {case['pairs']} | "
            f"{show(case['median']['plain'][metric])} | "
            f"{show(case['median']['seminar'][metric])} | "
            f"{row['ratio']:.2f} | ≤ {row['limit']:.2f} | {'PASS' if row['passed'] else 'FAIL'} |"
        )
    lines += [
        "",
        "| case | pairs | wall ratio (pairs' range) | fastest wall ratio "
        "| CPU ratio (pairs' range) | peak memory ratio | CPU plain / seminar "
        "| warnings plain / seminar |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in cases.values():
        median = case["median"]
        spread = {
            metric: "{:.2f} ({:.2f}\N{EN DASH}{:.2f})".format(
                case["ratio"][metric], *case["ratio_range"][metric]
            )
            for metric in ("wall", "cpu")
        }
        lines.append(
            f"| {case['label']} | {case['pairs']} | {spread['wall']} | "
            f"{case['ratio_of_fastest']['wall']:.2f} | "
            f"{spread['cpu']} | {case['ratio']['peak_mib']:.2f} | "
            f"{_seconds(median['plain']['cpu'])} / {_seconds(median['seminar']['cpu'])} | "
            f"{case['plain']['warnings']} / {case['seminar']['warnings']} |"
        )
    lines.append("")
    for name, stats in results["courses"].items():
        lines.append(
            f"- {name}: {stats['pages']} pages, {stats['words']:,} words, "
            f"{stats['citations']:,} citations of {stats['cited_keys']:,} works, "
            f"{stats['bib_entries']:,} .bib entries ({stats['bib_bytes'] / 1e6:.1f} MB), "
            f"{stats['terms']} terms + {stats['aliases']} aliases"
        )
    verdict = "all targets met" if results["passed"] else "some targets missed"
    lines += ["", f"Ratios are medians of per-pair ratios (seminar ÷ plain); {verdict}."]
    load = max(meta["load_before"], meta["load_after"])
    if load > meta["cpus"]:
        lines.append(
            f"Note: the machine was busy (load average {load:.1f} on {meta['cpus']} CPUs), so "
            "wall times are noisy: look at the pairs' range and the fastest builds, or rerun "
            "on a quiet machine."
        )
    return "\n".join(lines)


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def metadata(size: str) -> dict[str, Any]:
    """Where and with what the figures were measured."""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "size": size,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "seminar": version("mkdocs-seminar"),
        "commit": _git_commit(),
        # One-minute load average: other processes competing for the CPUs make noise.
        "load_before": os.getloadavg()[0],
    }


def generate(
    cases: Sequence[str], specs: dict[str, CourseSpec], root: Path
) -> dict[str, tuple[Path, CourseStats]]:
    """Write the courses the cases need; return each course's folder and contents."""
    courses: dict[str, tuple[Path, CourseStats]] = {}
    for case in cases:
        name = COURSE_OF[case]
        if name not in courses:
            courses[name] = (root / name, write_course(specs[name], root / name))
    return courses


def profile(
    case: str, specs: dict[str, CourseSpec], workdir: Path, top: int = 30, *, cold: bool = False
) -> Path:
    """Profile one plugin build of `case` with cProfile; write `.prof` and `.txt` into `workdir`.

    The profiled build finds the disk cache warm, unless `cold`.
    """
    courses = generate([case], specs, workdir / "courses" / "profile")
    output = workdir / f"profile-{case}.prof"
    byte_compile()
    if not cold:  # fill the disk cache first, as the benchmark's warm-up does
        build(courses[COURSE_OF[case]][0] / SEMINAR_CONFIG, serve_edit=case == "rebuild")
    build(
        courses[COURSE_OF[case]][0] / SEMINAR_CONFIG,
        serve_edit=case == "rebuild",
        profile=output,
    )
    text = output.with_suffix(".txt")
    with text.open("w", encoding="utf-8") as stream:
        stats = pstats.Stats(str(output), stream=stream)
        stats.sort_stats("cumulative").print_stats(top)
    return output


def phases(
    case: str,
    specs: dict[str, CourseSpec],
    workdir: Path,
    pairs: int,
    warmup: int = 1,
    *,
    cold: bool = False,
) -> str:
    """Time each part of both variants' builds of `case` (`bench.phases`); the table.

    The variants alternate as in the benchmark, after `warmup` rounds of both; each
    part's median is shown for both, with what the plugin adds, largest first.
    """
    folder = generate([case], specs, workdir / "courses")[COURSE_OF[case]][0]
    configs = {"plain": folder / PLAIN_CONFIG, "seminar": folder / SEMINAR_CONFIG}
    byte_compile()
    samples: dict[str, list[dict[str, float]]] = {"plain": [], "seminar": []}
    for number in range(warmup + pairs):
        order = VARIANTS if number % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            if cold and variant == "seminar":
                shutil.rmtree(folder / PLUGIN_CACHE, ignore_errors=True)
            parts = build(configs[variant], serve_edit=case == "rebuild", module="phases")
            if number >= warmup:
                samples[variant].append(parts)
            print(f"  {case:8} {variant:7} {parts['build']:7.2f} s", file=sys.stderr)
    names = {name for runs in samples.values() for parts in runs for name in parts}
    median = {
        variant: {name: statistics.median(p.get(name, 0.0) for p in runs) for name in names}
        for variant, runs in samples.items()
    }

    def shown(name: str, value: float) -> str:
        return f"{value:.0f}" if name.endswith("(count)") else f"{value * 1000:.1f}"

    rows = sorted(
        names - {"build"},
        key=lambda n: (n.endswith("(count)"), -(median["seminar"][n] - median["plain"][n]), n),
    )
    lines = [
        f"Where the time goes: {LABELS[case]}, medians of {pairs} alternated builds of each "
        "variant (ms; the events run inside the page parts, the garbage collector inside all)",
        "",
        "| part | plain | seminar | seminar minus plain |",
        "| --- | --- | --- | --- |",
    ]
    for name in ["build", *rows]:
        plain, seminar = median["plain"][name], median["seminar"][name]
        if name != "build" and max(plain, seminar) < 0.00005 and not name.endswith("(count)"):
            continue
        lines.append(
            f"| {name} | {shown(name, plain)} | {shown(name, seminar)} | "
            f"{shown(name, seminar - plain)} |"
        )
    return "\n".join(lines)


#: What valgrind's tools print of the instructions run: `==123== I   refs:  4,100,626,705`.
_INSTRUCTIONS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)\s*$", re.MULTILINE)


def count_instructions(config: Path, *, serve: Literal["edit", "first"] | None = None) -> int:
    """The CPU instructions one build runs in a fresh process, counted by valgrind.

    valgrind's `cachegrind` (no cache simulation) counts every instruction the build
    process runs, its threads' too, not its child processes' (Pandoc): for the same code
    and inputs the count moves by a few hundredths of a percent from run to run, however
    busy the machine is. Python's hash seed is fixed, so dicts and sets iterate alike in
    every run. `serve` is `"edit"` for the `--serve-edit` build or `"first"` for its first
    build alone.

    Raises:
        BenchError: valgrind is not installed, the build failed, or no count was printed.
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise BenchError(
            "--instructions needs valgrind, which is not installed. "
            "Fix: `sudo apt-get install valgrind` (Debian's package)."
        )
    os.sync()
    command = [
        valgrind,
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.build_once",
        str(config),
        "--children-sampled-outside",
    ]
    if serve is not None:
        command.append("--serve-edit" if serve == "edit" else "--serve-first")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    found = _INSTRUCTIONS.findall(done.stderr)
    if done.returncode != 0 or not found:
        tail = "\n".join(done.stderr.splitlines()[-25:])
        raise BenchError(f"counting the instructions of {config} failed:\n{tail}")
    return int(found[-1].replace(",", ""))


def instructions(cases: Sequence[str], specs: dict[str, CourseSpec], workdir: Path) -> str:
    """Count one warm build's CPU instructions in each variant of each case; the table.

    For the rebuild, the first build of `serve` is counted alone and subtracted from
    the count of the whole (first build, edit, rebuild). Under valgrind a build runs
    about 40 times as slowly: the course and the big bibliography take about a
    minute, the heavy course and the rebuild about half an hour.
    """
    courses = generate(cases, specs, workdir / "courses")
    byte_compile()
    lines = [
        "CPU instructions of one warm build (valgrind; the build process and its threads, "
        "not Pandoc). The targets are on wall time: this is a cross-check that the "
        "machine's load does not change.",
        "",
        "| case | plain | seminar | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for case in cases:
        folder = courses[COURSE_OF[case]][0]
        counts: dict[str, int] = {}
        for variant, name in (("plain", PLAIN_CONFIG), ("seminar", SEMINAR_CONFIG)):
            config = folder / name
            build(config, serve_edit=case == "rebuild")  # the disk cache warm, as measured
            if case == "rebuild":
                whole = count_instructions(config, serve="edit")
                counts[variant] = whole - count_instructions(config, serve="first")
            else:
                counts[variant] = count_instructions(config)
            print(f"  {case:8} {variant:7} {counts[variant]:,} instructions", file=sys.stderr)
        lines.append(
            f"| {LABELS[case]} | {counts['plain']:,} | {counts['seminar']:,} | "
            f"{ratio(counts['seminar'], counts['plain']):.3f} |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build synthetic courses with and without the seminar plugin and compare.",
    )
    parser.add_argument(
        "--size",
        choices=("tiny", "full"),
        default="full",
        help="course sizes: full (issue 6) or tiny (seconds, for the tests); default full",
    )
    parser.add_argument(
        "--scale",
        type=float,
        help="instead of --size: the full sizes multiplied by this factor (e.g. 0.2)",
    )
    parser.add_argument(
        "--cases",
        nargs="+",
        choices=CASES,
        default=list(CASES),
        metavar="CASE",
        help=f"which cases to run, among {', '.join(CASES)}; default all",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        metavar="N",
        help="alternating pairs per case (default: "
        + ", ".join(f"{case} {n}" for case, n in DEFAULT_PAIRS.items())
        + ")",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        metavar="N",
        help="unmeasured builds of each variant before each case (they fill the plugin's "
        "disk cache and the OS file cache); default 1",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="delete the plugin's disk cache (.cache/plugin/seminar) before every plugin "
        "build, so every build does all the work: the first build of a fresh clone",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        help="also write the results as JSON to FILE ('-' for standard output; the table "
        "then goes to standard error)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--profile",
        choices=CASES,
        metavar="CASE",
        help="instead of benchmarking, cProfile one plugin build of CASE into the work dir",
    )
    parser.add_argument(
        "--phases",
        choices=CASES,
        metavar="CASE",
        help="instead of benchmarking, time each part of CASE's builds (events by plugin, "
        "Markdown processors, pages, garbage collector) for both variants (--repeat rounds, "
        "default 5)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="instead of benchmarking, count the CPU instructions of one warm build of "
        "each variant of each case with valgrind: within a few hundredths of a percent "
        "however busy the machine (about a minute for course and bigbib, half an hour for "
        "heavy and rebuild)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where courses and profiles are written; default .cache/bench",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse_args(argv)
    specs = specs_for(args.size, args.scale)
    size = args.size if args.scale is None else f"full x {args.scale:g}"
    workdir: Path = args.workdir.resolve()
    try:
        if args.phases:
            print(
                phases(args.phases, specs, workdir, args.repeat or 5, args.warmup, cold=args.cold)
            )
            return 0
        if args.instructions:
            print(instructions([c for c in CASES if c in args.cases], specs, workdir))
            return 0
        if args.profile:
            output = profile(args.profile, specs, workdir, cold=args.cold)
            print(output.with_suffix(".txt").read_text(encoding="utf-8"))
            print(f"Profile written to {output} (text summary: {output.with_suffix('.txt')}).")
            return 0
        cases = [case for case in CASES if case in args.cases]
        courses = generate(cases, specs, workdir / "courses")
        byte_compile()
        results: dict[str, Any] = {
            "meta": metadata(size) | {"cold": args.cold},
            "courses": {name: asdict(stats) for name, (_, stats) in courses.items()},
            "cases": {},
        }
        for case in cases:
            print(f"{LABELS[case]}:", file=sys.stderr)
            results["cases"][case] = run_case(
                case,
                courses[COURSE_OF[case]][0],
                args.repeat or DEFAULT_PAIRS[case],
                args.warmup,
                cold=args.cold,
            )
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    results["meta"]["load_after"] = os.getloadavg()[0]
    results["targets"] = evaluate(results["cases"])
    results["passed"] = all(row["passed"] for row in results["targets"])
    table = render(results)
    if args.json == "-":
        print(json.dumps(results, indent=2, ensure_ascii=False))
        print(table, file=sys.stderr)
    else:
        print(table)
        if args.json:
            Path(args.json).write_text(
                json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
            )
    return 1 if args.check and not results["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
