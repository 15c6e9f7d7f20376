"""Seminar's benchmark: synthetic courses built with and without the `seminar` plugin.

Run it with `make bench` (full sizes) or `python -m bench --help`. It is a script
package, not a test: `tests/integration/test_bench.py` only runs it at a tiny size
so that it keeps working.

* `bench.corpus` writes deterministic synthetic courses (Markdown pages, a `.bib`,
  a glossary) and their two `mkdocs.yml` variants;
* `bench.build_once` builds one course once in a fresh process and reports its
  wall time, CPU time and peak memory;
* `bench.run` alternates plugin and plain builds, takes medians and ratios and
  checks them against the targets.
"""
