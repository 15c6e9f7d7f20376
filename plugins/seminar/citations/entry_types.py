"""The CSL types Pandoc can give the entries of a BibTeX text, read without Pandoc.

Pandoc 2.19 reads the whole style before it formats anything, and most of a long
style is for types the works cited do not have: Chicago author-date takes Pandoc
about 2.8 s to read, and a course citing books, articles and chapters needs a
tenth of it. `citation_style.cut` empties the style's branches for other types,
given the types this module reads.

Pandoc's BibTeX reader gives an entry its type by its entry type alone
(`Text.Pandoc.Citeproc.BibTeX.getTypeAndGenre`), but for two cases, which answer
with every type they can have: `@article`, `@periodical` and `@suppperiodical`
follow their `entrysubtype` (a journal, a magazine or a newspaper), and
`@unpublished` is a `speech` when it has an event (its date, title or venue,
which a cross-reference may also give). So only the first word of each block is
read. More types than the works have only cut less; an entry type not in the
table gives `None`, and the style is read whole. A test checks every row against
the pinned Pandoc's own reading (`pandoc -t csljson`).

Plain Python, no Pandoc and no MkDocs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_ARTICLE = frozenset({"article-journal", "article-magazine", "article-newspaper"})

#: Entry type (lower case, as Pandoc folds it) -> the CSL types Pandoc may give it.
TYPES: dict[str, frozenset[str]] = {
    name: frozenset(types)
    for name, types in {
        "article": _ARTICLE,
        "periodical": _ARTICLE,
        "suppperiodical": _ARTICLE,
        "unpublished": {"manuscript", "speech"},
        "book": {"book"},
        "booklet": {"pamphlet"},
        "bookinbook": {"chapter"},
        "collection": {"book"},
        "conference": {""},  # BibTeX's other name for `inproceedings`, which Pandoc does not know
        "dataset": {"dataset"},
        "electronic": {"webpage"},
        "inbook": {"chapter"},
        "incollection": {"chapter"},
        "inreference": {"entry-encyclopedia"},
        "inproceedings": {"paper-conference"},
        "manual": {"book"},
        "mastersthesis": {"thesis"},
        "misc": {""},
        "mvbook": {"book"},
        "mvcollection": {"book"},
        "mvproceedings": {"book"},
        "mvreference": {"book"},
        "online": {"webpage"},
        "patent": {"patent"},
        "phdthesis": {"thesis"},
        "proceedings": {"book"},
        "reference": {"book"},
        "report": {"report"},
        "software": {"book"},
        "suppbook": {"chapter"},
        "suppcollection": {"chapter"},
        "techreport": {"report"},
        "thesis": {"thesis"},
        "www": {"webpage"},
        "artwork": {"graphic"},
        "audio": {"song"},
        "image": {"graphic"},
        "jurisdiction": {"legal_case"},
        "legislation": {"legislation"},
        "legal": {"treaty"},
        "letter": {"personal_communication"},
        "movie": {"motion_picture"},
        "music": {"song"},
        "performance": {"speech"},
        "review": {"review"},
        "standard": {"legislation"},
        "video": {"motion_picture"},
        "data": {"dataset"},
        "letters": {"personal_communication"},
        "newsarticle": {"article-newspaper"},
    }.items()
}

#: Blocks that are not works: Pandoc reads the first three whatever their case, and
#: gives an `@xdata` entry (fields other entries take in) no reference of its own.
NOT_ENTRIES = frozenset({"comment", "preamble", "string", "xdata"})

#: The start of a block: `@`, then its type.
_BLOCK = re.compile(r"\s*@\s*([A-Za-z]+)")


def csl_types(texts: Iterable[tuple[str, Sequence[tuple[int, int]]]]) -> frozenset[str] | None:
    """Every CSL type the entries of these texts may have in Pandoc.

    Args:
        texts: BibTeX texts (`bibtex.Subset.text`), each with its blocks' first
            lines (the first number of each pair of `Subset.origins`).

    Returns:
        The types; None when a block's type cannot be read or is not in `TYPES`.
    """
    types: set[str] = set()
    for text, origins in texts:
        lines = text.split("\n")
        for first, _ in origins:
            found = _BLOCK.match(lines[first - 1]) if 0 < first <= len(lines) else None
            if found is None:
                return None
            name = found.group(1).lower()
            if name in NOT_ENTRIES:
                continue
            if name not in TYPES:
                return None
            types |= TYPES[name]
    return frozenset(types)
