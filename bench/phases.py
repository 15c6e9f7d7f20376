"""Where one build's time goes, part by part, in this fresh process; printed as JSON.

    python -m bench.phases COURSE/mkdocs.yml                 # one build
    python -m bench.phases COURSE/mkdocs.yml --serve-edit    # the rebuild case

`python -m bench --phases CASE` runs this for both variants of a case, alternating, and
prints the medians side by side: what the plugin adds, part by part. Unlike cProfile,
which multiplies the cost of every Python call, only a few functions are wrapped here,
each with two clock readings, so the parts keep their real sizes:

- loading `mkdocs.yml`, which imports the plugins (`load mkdocs.yml`);
- every MkDocs event, by plugin (`on_env: seminar`, `on_page_context: material/search`);
- rendering each page's Markdown and writing each page from its template (the events run
  inside these two: `on_page_markdown` and `on_page_content` in the first,
  `on_page_context` and `on_post_page` in the second);
- each Python-Markdown processor, by class (`Markdown: TermLinker`), and block parsing;
- the garbage collector's passes, by generation (they happen inside the other parts).

The last line of standard output is a JSON object: part -> seconds (counts for the
garbage collector's passes), with `build` the whole measured span.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import defaultdict
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from bench.build_once import arguments, build_once, serve_edit

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Seconds (or, for `gc passes …`, counts) by part, since the measured span opened.
PARTS: defaultdict[str, float] = defaultdict(float)
#: When the garbage collector's current pass started.
_GC_STARTED = [0.0]


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PARTS[name] += time.perf_counter() - start

    return timed


def _garbage_collector(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _GC_STARTED[0] = time.perf_counter()
        return
    generation = info["generation"]
    PARTS[f"gc: generation {generation}"] += time.perf_counter() - _GC_STARTED[0]
    PARTS[f"gc: passes of generation {generation} (count)"] += 1


def instrument() -> None:
    """Wrap what this module times (before MkDocs loads any configuration)."""
    import markdown
    import mkdocs.commands.build
    import mkdocs.config
    from mkdocs.plugins import PluginCollection

    def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
        # As MkDocs' own, with each plugin's method timed.
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            PARTS[f"on_{name}: {self._current_plugin}"] += time.perf_counter() - start
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    build = mkdocs.commands.build
    build._populate_page = _timed("pages: render Markdown", build._populate_page)
    build._build_page = _timed("pages: template and write", build._build_page)
    mkdocs.config.load_config = _timed("load mkdocs.yml", mkdocs.config.load_config)

    convert = markdown.Markdown.convert

    def timed_convert(md: markdown.Markdown, source: str) -> str:
        if not getattr(md, "_bench_timed", False):
            md._bench_timed = True  # type: ignore[attr-defined]
            for registry in (md.preprocessors, md.treeprocessors, md.postprocessors):
                for processor in registry:
                    label = f"Markdown: {type(processor).__name__}"
                    processor.run = _timed(label, processor.run)  # type: ignore[method-assign]
            md.parser.parseDocument = _timed(  # type: ignore[method-assign]
                "Markdown: block parsing", md.parser.parseDocument
            )
        return convert(md, source)

    markdown.Markdown.convert = timed_convert  # type: ignore[method-assign,assignment]
    gc.callbacks.append(_garbage_collector)


class Span(AbstractContextManager["Span"]):
    """The measured span: the parts start from nothing when it opens (`parts` once closed)."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}

    def __enter__(self) -> Span:
        PARTS.clear()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.parts = {**PARTS, "build": time.perf_counter() - self._start}


def main(argv: Sequence[str] | None = None) -> int:
    """Build once and print the parts as one JSON line."""
    args = arguments("python -m bench.phases", __doc__).parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    instrument()
    span = Span()
    if args.serve_edit:
        serve_edit(args.config.resolve(), span)
    else:
        with span:  # loading the configuration too, as `mkdocs build` does
            build_once(args.config.resolve())
    print(json.dumps(span.parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
