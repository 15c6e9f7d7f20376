"""Discussion questions generated from an essay: plain Python, no MkDocs, no network.

The pipeline is `text` (paragraphs into sentences) → `analysis` (which sentences
carry the argument, and what each offers to quote) → `generator` (fill Bloom
stems written in Jinja2, filter them with `checks`, rank, pick a diverse set).
`html` reads the paragraphs of a rendered page with the standard HTML parser.
`model` holds the generator's output types, which the plugin reads on every build;
the pipeline itself is imported only when a page's questions must be generated.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from seminar.questions.model import BLOOM_LEVELS, Generated, Question
from seminar.questions.stems import Stems, default_stems

if TYPE_CHECKING:
    from seminar.questions.generator import generate, generate_questions, question_id
    from seminar.questions.text import Paragraph, Sentence, split_sentences

__all__ = [
    "BLOOM_LEVELS",
    "Generated",
    "Paragraph",
    "Question",
    "Sentence",
    "Stems",
    "default_stems",
    "generate",
    "generate_questions",
    "question_id",
    "split_sentences",
]

#: Imported on first use: a build whose questions are all cached never needs them.
_LAZY = {
    "generate": "generator",
    "generate_questions": "generator",
    "question_id": "generator",
    "Paragraph": "text",
    "Sentence": "text",
    "split_sentences": "text",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
