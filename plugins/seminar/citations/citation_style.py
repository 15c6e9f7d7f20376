"""A CSL style cut down to what one Pandoc run can reach.

Pandoc 2.19 reads the whole style before it formats anything, and it reads a
macro again wherever one is called: its time grows with the style written out
in full. With no citation at all, `pandoc --citeproc` takes 0.24 s with APA and
2.8 s with Chicago author-date. Two cuts keep what the run shows exactly as it
is and take away what it cannot reach:

- **Types** (`cut(..., types=...)`, every run): a branch of a `choose` that none
  of the cited works' types can take (`<if type="legal_case">` in a course
  citing books and articles) is emptied; the branch itself stays, so the
  branches after it are tried as before. The types are those Pandoc gives the
  entries (`entry_types`). On this repository's showcase, which cites books, an
  article and a chapter, Pandoc reads Chicago author-date in 0.26 s, and APA in
  0.13 s.
- **Citations only** (`cut(..., citations_only=True)`, the small runs of a `serve` edit, whose
  answer's citations alone are used): the bibliography's layout becomes one
  title and the macros nothing else calls go. The bibliography element stays,
  with its options and its `sort`: citeproc gives "2019a" letters in the
  bibliography's order, so the keys must sort as before, and they are rendered
  with the bibliography's name options. What a citation shows depends on
  nothing else of the bibliography. The formatter also checks each small answer
  against citations formatted before (its witnesses) and formats everything
  when one differs.

A macro no longer called goes too. Plain Python: the style is read with the
standard library's XML parser.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

CSL = "http://purl.org/net/xbiblio/csl"


def _tag(name: str) -> str:
    return f"{{{CSL}}}{name}"


#: The branches of a `choose` that test something (`else` always stays).
_TESTED = frozenset({_tag("if"), _tag("else-if")})


def _called(element: ET.Element) -> list[str]:
    """The macros an element and everything inside it call."""
    return [name for node in element.iter() if (name := node.get("macro")) is not None]


@functools.lru_cache(maxsize=8)
def cut(
    style: str, *, types: frozenset[str] | None = None, citations_only: bool = False
) -> str | None:
    """The style cut to what a run formatting works of these types can reach.

    Args:
        style: The text of a CSL style.
        types: The CSL types the works may have (`entry_types.csl_types`); None
            keeps every branch.
        citations_only: Cut the bibliography's layout too.

    Returns:
        The cut style's text; None when nothing is cut or the style is not one this
        can cut (not XML, elements outside CSL's namespace): the run then reads the
        style as it is.
    """
    try:
        root = ET.fromstring(style)
    except ET.ParseError:
        return None
    if root.tag != _tag("style"):
        return None
    changed = citations_only and _cut_bibliography_layout(root)
    if types is not None:
        changed = _cut_other_types(root, types) or changed
    if not changed:
        return None
    _drop_uncalled_macros(root)
    # Written in CSL's namespace as the default one, as styles are: ElementTree would
    # give it a prefix (its `default_namespace` refuses attributes without one).
    prefix = _tag("")
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(prefix):
            return None  # a comment, or an element of another namespace: left as it is
        element.tag = element.tag.removeprefix(prefix)
    root.set("xmlns", CSL)
    return ET.tostring(root, encoding="unicode")


def _cut_bibliography_layout(root: ET.Element) -> bool:
    """The bibliography's layout becomes one title; False when there is no bibliography."""
    bibliography = root.find(_tag("bibliography"))
    if bibliography is None:
        return False
    for layout in bibliography.findall(_tag("layout")):
        bibliography.remove(layout)
    layout = ET.SubElement(bibliography, _tag("layout"))
    ET.SubElement(layout, _tag("text"), {"variable": "title"})
    return True


def _cut_other_types(root: ET.Element, types: frozenset[str]) -> bool:
    """Empty every branch no work of `types` can take; False when none is emptied."""
    changed = False
    for choose in root.iter(_tag("choose")):
        for branch in choose:
            if branch.tag in _TESTED and len(branch) and _never_taken(branch, types):
                for child in list(branch):
                    branch.remove(child)
                changed = True
    return changed


def _never_taken(branch: ET.Element, types: frozenset[str]) -> bool:
    """Whether the branch's condition is false for a work of each of `types`.

    Only its `type` test is read (CSL 1.0: each listed type is one test): with
    `match="all"` (the default) one false test decides, with `any` only a
    condition that tests nothing else, with `none` one true test. A condition
    without `type`, or with another `match`, may be taken.
    """
    listed = branch.get("type", "").split()
    if not listed:
        return False
    match = branch.get("match", "all")
    if match == "all":
        return all(any(name != kind for name in listed) for kind in types)
    if match == "any":
        alone = all(attribute in ("type", "match") for attribute in branch.attrib)
        return alone and not any(kind in listed for kind in types)
    if match == "none":
        return all(kind in listed for kind in types)
    return False


def _drop_uncalled_macros(root: ET.Element) -> None:
    """Remove the macros the rest of the style no longer calls, even through others."""
    macros = {macro.get("name"): macro for macro in root.findall(_tag("macro"))}
    wanted: set[str] = set()
    calls = [name for child in root if child.tag != _tag("macro") for name in _called(child)]
    while calls:
        name = calls.pop()
        if name not in wanted and name in macros:
            wanted.add(name)
            calls.extend(_called(macros[name]))
    for called, macro in macros.items():
        if called not in wanted:
            root.remove(macro)
