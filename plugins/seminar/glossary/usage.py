"""Where each term is used: the data of the glossary's "Used in" back-links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seminar.glossary.html import relative_url

if TYPE_CHECKING:
    from collections.abc import Mapping

    from seminar.glossary.treeprocessor import PageTerms

_PARAGRAPH = re.compile(r"p-(\d+)")


@dataclass
class Paragraph:
    """A paragraph link, labelled "¶N"."""

    label: str
    url: str


@dataclass
class Place:
    """A section of a page where a term occurs, with its paragraphs."""

    title: str
    url: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set, repr=False)


def used_in(
    pages: Mapping[str, PageTerms],
    titles_and_urls: Mapping[str, tuple[str, str]],
    glossary_url: str,
) -> dict[str, list[Place]]:
    """Group every recorded occurrence by term, then page and section, in page order.

    Args:
        pages: what the linker found, by page source path, in render order.
        titles_and_urls: each page's title and URL (relative to the site root).
        glossary_url: the glossary page's URL; back-links are made relative to it.

    Returns:
        For each entry slug that occurs anywhere, the places it occurs.
    """
    places: dict[str, dict[tuple[str, str | None], Place]] = {}
    for src, found in pages.items():
        if src not in titles_and_urls:
            continue
        title, url = titles_and_urls[src]
        for occurrence in found.occurrences:
            key = (src, occurrence.section_id)
            by_section = places.setdefault(occurrence.slug, {})
            place = by_section.get(key)
            if place is None:
                section = occurrence.section_title
                # A page's h1 section is the page (its label, which tells apart two pages
                # that share a heading); deeper sections are named after the page.
                if occurrence.section_level == 1 or section == title:
                    label = title
                else:
                    label = f"{title} \u203a {section}" if section else title
                anchor = f"#{occurrence.section_id}" if occurrence.section_id else ""
                place = Place(label, relative_url(url + anchor, glossary_url))
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
    return {slug: list(by_section.values()) for slug, by_section in places.items()}
