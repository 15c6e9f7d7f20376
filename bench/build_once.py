"""Build one course once, in this fresh process, and print what it cost as JSON.

    python -m bench.build_once COURSE/mkdocs.yml
    python -m bench.build_once COURSE/mkdocs.yml --serve-edit   # the rebuild case
    python -m bench.build_once COURSE/mkdocs.yml --profile OUT.prof

The measured span starts before MkDocs is imported, as `mkdocs build` pays for its
imports and for loading the plugins too. With `--serve-edit` the process does what
`mkdocs serve` does: it loads the configuration, runs `on_startup(command="serve")`,
builds, waits until that site is on disk (`os.sync`, as after an author's pause),
edits one page (the one the course's manifest names), loads the configuration again
(plugins that define `on_startup` are reused from MkDocs' plugin cache, so caches
survive) and builds again; only that second build is measured. The page is restored
afterwards.

The last line of standard output is a JSON object: `wall` and `cpu` in seconds,
`peak_mib` (peak resident memory of this process and the child processes it runs,
such as Pandoc: its own `ru_maxrss`, or more if a sample of /proc taken while a child
ran found more; `peak_self_mib` and `peak_children_mib` give the parts; with
`--children-sampled-outside`, the caller samples the children and `peak_mib` is this
process's own), `warnings` (how many MkDocs warnings the build logged) and the first
few `warning_messages`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import resource
import sys
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.corpus import MANIFEST

if TYPE_CHECKING:
    from collections.abc import Sequence

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: The address `mkdocs serve` builds for by default.
SERVE_URL = "http://127.0.0.1:8000/"


class WarningCounter(logging.Handler):
    """Count the warnings MkDocs logs (those are what fail `mkdocs build --strict`)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def cpu_seconds() -> float:
    """User and system time of this process, its threads and its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def own_peak_mib() -> float:
    """Peak resident set size of this process, in MiB (`ru_maxrss` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib(pid: int) -> float:
    """Resident memory of one process now (0 once it has exited)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    """Direct children of a process, whichever of its threads started them."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def descendants_rss_mib(pid: int) -> float:
    """Resident memory of every process below `pid`, now."""
    return sum(_rss_mib(child) + descendants_rss_mib(child) for child in _children(pid))


class ChildMemory(threading.Thread):
    """Samples the memory of a process's children (Pandoc, say) while it builds.

    `ru_maxrss` of finished children is no use here: a child forked from a big
    process inherits that process's peak. Sampling /proc every few milliseconds
    gives the memory children really held, at the moments they held it.

    `python -m bench` samples each build from its own process (`pid` is the build's):
    a sampling thread inside the build would take the build's interpreter lock 50 times
    a second, and cost a build with more threads and children (the plugin's) more.

    Args:
        interval: Seconds between samples.
        pid: The process whose children are sampled (default: this one).
    """

    def __init__(self, interval: float = 0.02, pid: int | None = None) -> None:
        super().__init__(name="bench-memory", daemon=True)
        self.interval = interval
        self.pid = os.getpid() if pid is None else pid
        self.peak_mib = 0.0
        self.peak_total_mib = 0.0
        self._done = threading.Event()
        self._available = os.path.exists(f"/proc/{self.pid}/task")

    def run(self) -> None:
        pid = self.pid
        while self._available and not self._done.wait(self.interval):
            children = descendants_rss_mib(pid)
            self.peak_mib = max(self.peak_mib, children)
            if children:
                self.peak_total_mib = max(self.peak_total_mib, children + _rss_mib(pid))

    def stop(self) -> None:
        """Stop sampling."""
        self._done.set()
        self.join()


def build_once(config_file: Path) -> None:
    """Build as `mkdocs build` does: startup, build, shutdown."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def serve_edit(
    config_file: Path, measured: AbstractContextManager[object], *, edit: bool = True
) -> float:
    """Build, edit one page, rebuild as `mkdocs serve` does; measure only the rebuild.

    Without `edit`, only the first build runs (`python -m bench --instructions`
    subtracts what it costs from the whole to count the rebuild).

    Returns:
        The wall time of the first build, in seconds.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    manifest = json.loads((config_file.parent / MANIFEST).read_text(encoding="utf-8"))
    config = load_config(str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        start = time.perf_counter()
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=False)
        first = time.perf_counter() - start
        if not edit:
            return first
        # The first build's site on disk before the edit, as after an author's pause
        # (the kernel writes out what is older than 30 s): see `bench.run.build`.
        os.sync()
        page = Path(config.docs_dir) / manifest["stats"]["edit_page"]
        original = page.read_text(encoding="utf-8")
        try:
            page.write_text(original + manifest["stats"]["edit_text"], encoding="utf-8")
            with measured:
                # As serve's `builder()`: a fresh config, the same cached plugin instances.
                config = load_config(str(config_file))
                config.site_url = SERVE_URL
                build(config, serve_url=SERVE_URL, dirty=False)
        finally:
            page.write_text(original, encoding="utf-8")
    finally:
        config.plugins.on_shutdown()
    return first


class Measure(AbstractContextManager["Measure"]):
    """Wall and CPU time of the `with` block, optionally under cProfile."""

    def __init__(self, profile: Path | None = None) -> None:
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Measure:
        self._wall, self._cpu = time.perf_counter(), cpu_seconds()
        if self.profiler:
            self.profiler.enable()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.profiler:
            self.profiler.disable()
        self.wall = time.perf_counter() - self._wall
        self.cpu = cpu_seconds() - self._cpu
        if self.profiler and self.profile:
            self.profiler.dump_stats(self.profile)


def arguments(prog: str, description: str | None) -> argparse.ArgumentParser:
    """The command line of a one-build module: the course's config and `--serve-edit`."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("config", type=Path, help="the course's mkdocs.yml (or mkdocs.plain.yml)")
    parser.add_argument(
        "--serve-edit",
        action="store_true",
        help="build, edit a page and rebuild as `mkdocs serve` does; measure the rebuild",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build once and print the measurements as one JSON line."""
    parser = arguments("python -m bench.build_once", __doc__)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured span here")
    parser.add_argument(
        "--serve-first",
        action="store_true",
        help="only the first build of --serve-edit, as `mkdocs serve` makes it (unmeasured)",
    )
    parser.add_argument(
        "--children-sampled-outside",
        action="store_true",
        help="do not sample child processes' memory here: the caller samples this process",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    counter = WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING)
    logger.addHandler(stderr)

    measure = Measure(args.profile)
    memory = ChildMemory()
    if not args.children_sampled_outside:
        memory.start()
    result: dict[str, Any] = {}
    try:
        if args.serve_edit or args.serve_first:
            edit = not args.serve_first
            result["first_wall"] = serve_edit(args.config.resolve(), measure, edit=edit)
        else:
            with measure:
                build_once(args.config.resolve())
    finally:
        if memory.is_alive():
            memory.stop()
    own = own_peak_mib()
    result |= {
        "wall": measure.wall,
        "cpu": measure.cpu,
        "peak_mib": max(own, memory.peak_total_mib),
        "peak_self_mib": own,
        "peak_children_mib": memory.peak_mib,
        "warnings": len(counter.messages),
        "warning_messages": counter.messages[:5],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
