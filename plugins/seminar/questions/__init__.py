"""Discussion questions generated from an essay: plain Python, no MkDocs, no network.

The pipeline is `text` (paragraphs into sentences) → `analysis` (which sentences
carry the argument, and what each offers to quote) → `generator` (fill Bloom
stems written in Jinja2, filter them with `checks`, rank, pick a diverse set).
`html` reads the paragraphs of a rendered page with the standard HTML parser.
"""

from __future__ import annotations

from seminar.questions.generator import (
    BLOOM_LEVELS,
    Generated,
    Question,
    generate,
    generate_questions,
    question_id,
)
from seminar.questions.stems import Stems, default_stems
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
