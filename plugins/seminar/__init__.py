"""Seminar: turn an essay, a `.bib` file and a glossary into a course website.

The package is split in two layers:

* a core of plain Python modules (parsing, citation formatting, term matching,
  question generation) that never import MkDocs, so they outlive MkDocs 1.x;
* `seminar.plugin`, a thin MkDocs plugin that wires MkDocs events to that core.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
