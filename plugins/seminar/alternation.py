"""One regular expression for many literal words, as a trie instead of a flat list.

Python's `re` tries the alternatives of `one|two|three` one after the other at
every position of the text, so a glossary of 500 forms costs 500 comparisons per
character. The same words written as a trie (`t(?:hree|wo)|one`) cost one
comparison per character, and match exactly what the flat alternation sorted
longest first matches: at each position only one branch can go on, longer words
are tried before the shorter ones they start with, and when what follows the
match fails, the engine backtracks to the next shorter word, as it would have
tried the next alternative of the flat list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

#: A trie node: the next pieces, and whether a word ends here (the "" key).
_Node = dict[str, "_Node"]
_END = ""


def _pieces(word: str, space: str, fold: bool) -> list[str]:
    """The regex pieces of one word: one per character, `space` for each space."""
    return [space if char == " " else re.escape(char.lower() if fold else char) for char in word]


def _body(node: _Node) -> str:
    """The regex of a trie node: its branches, then the empty word if one ends here."""
    branches = []
    for piece, child in node.items():
        if piece == _END:
            continue
        # Follow a chain of single children as one literal run: "t" -> "h" -> "e" is "the".
        run = [piece]
        while len(child) == 1 and _END not in child:
            ((piece, child),) = child.items()
            run.append(piece)
        rest = _body(child)
        branches.append("".join(run) + (f"(?:{rest})" if rest else ""))
    if _END in node:
        if not branches:
            return ""
        branches.append("")
    return branches[0] if len(branches) == 1 else "|".join(branches)


def literal_alternation(
    words: Sequence[str], *, space: str = " ", ignore_case: bool = False
) -> str:
    """The body of a regex that matches like `"|".join(words)` sorted longest first.

    Args:
        words: The words (literal text; a space becomes `space`).
        space: The regex a space in a word stands for (`\\s+` lets a term break lines).
        ignore_case: The pattern will be compiled with `re.IGNORECASE`. Only ASCII
            words are then folded into one branch (the case-insensitive twins of an
            ASCII character are exactly the same set in Python's `re`); any other
            word makes the result the flat alternation itself, which is always correct.

    Returns:
        A regex without an enclosing group, to be put inside `(?:...)`.
    """
    ordered = sorted(words, key=lambda w: (-len(w), w))
    if ignore_case and not all(w.isascii() for w in ordered):
        return "|".join(re.escape(w).replace(r"\ ", space) for w in ordered)
    root: _Node = {}
    for word in ordered:
        node = root
        for piece in _pieces(word, space, ignore_case):
            node = node.setdefault(piece, {})
        node[_END] = {}
    return _body(root)
