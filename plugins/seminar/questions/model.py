"""What the question generator produces: plain data, cheap to import.

The plugin reads cached questions on every build but generates them only for a
page it has not seen; the generator (and the analysis it needs) is imported
only then.
"""

from __future__ import annotations

from typing import NamedTuple

BLOOM_LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")


class Question(NamedTuple):
    """A discussion question.

    Attributes:
        id: Stable id derived from the question's text (`q-` and 8 hex digits).
        text: The question.
        bloom: Its revised-Bloom level.
        paragraph: Anchor of the paragraph it comes from (`p-3`), or "".
        source: The sentence it was made from, or "".
        stem: The stem (macro) that made it, or "" for an instructor's question.
    """

    id: str
    text: str
    bloom: str
    paragraph: str
    source: str
    stem: str = ""

    def as_json(self) -> dict[str, str]:
        """The public JSON form: id, text, bloom, paragraph, source."""
        return {
            "id": self.id,
            "text": self.text,
            "bloom": self.bloom,
            "paragraph": self.paragraph,
            "source": self.source,
        }


class Generated(NamedTuple):
    """Questions for a page, and the hidden ids that matched no candidate."""

    questions: tuple[Question, ...]
    unknown_hidden: tuple[str, ...]
