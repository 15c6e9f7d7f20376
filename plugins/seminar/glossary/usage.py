"""Where each term is used: the data of the glossary's "Used in" back-links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seminar.glossary.html import relative_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from seminar.glossary.treeprocessor import Occurrence, PageTerms

_PARAGRAPH = re.compile(r"p-(\d+)")


@dataclass(slots=True)
class Paragraph:
    """A paragraph link, labelled "¶N"."""

    label: str
    url: str


@dataclass(slots=True)
class Place:
    """A section of a page where a term occurs, with its paragraphs.

    `title` is the page's label and `section` the section's title, if the place is
    a section below the page's h1; the template joins them ("Page &rsaquo; Section").
    """

    title: str
    url: str
    section: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set, repr=False)


def occurrences_by_term(pages: Mapping[str, PageTerms]) -> dict[str, list[tuple[str, Occurrence]]]:
    """Every recorded occurrence, by entry slug, with its page's source path, in page order."""
    by_term: dict[str, list[tuple[str, Occurrence]]] = {}
    for src, found in pages.items():
        for occurrence in found.occurrences:
            by_term.setdefault(occurrence.slug, []).append((src, occurrence))
    return by_term


def places_of(
    occurrences: Iterable[tuple[str, Occurrence]],
    titles_and_urls: Mapping[str, tuple[str, str]],
    glossary_url: str,
) -> list[Place]:
    """One term's occurrences grouped by page and section, in page order.

    Args:
        occurrences: the term's `(page source path, occurrence)` pairs, in page order.
        titles_and_urls: each page's title and URL (relative to the site root).
        glossary_url: the glossary page's URL; back-links are made relative to it.
    """
    by_section: dict[tuple[str, str | None], Place] = {}
    for src, occurrence in occurrences:
        if src not in titles_and_urls:
            continue
        title, url = titles_and_urls[src]
        key = (src, occurrence.section_id)
        place = by_section.get(key)
        if place is None:
            section = occurrence.section_title
            # A page's h1 section is the page (its label, which tells apart two pages
            # that share a heading); deeper sections are named after the page.
            if occurrence.section_level == 1 or section == title:
                section = ""
            anchor = f"#{occurrence.section_id}" if occurrence.section_id else ""
            place = Place(title, relative_url(url + anchor, glossary_url), section)
            by_section[key] = place
        paragraph = occurrence.paragraph
        if paragraph and paragraph not in place.anchors:
            place.anchors.add(paragraph)
            number = _PARAGRAPH.fullmatch(paragraph)
            place.paragraphs.append(
                Paragraph(
                    f"¶{number.group(1)}" if number else "¶",
                    relative_url(f"{url}#{paragraph}", glossary_url),
                )
            )
    return list(by_section.values())
