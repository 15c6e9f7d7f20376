"""Where each term is used: the data of the glossary's "Used in" back-links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from seminar.glossary.html import relative_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from seminar.glossary.treeprocessor import PageTerms, Section

_PARAGRAPH = re.compile(r"p-(\d+)")


class Paragraph(NamedTuple):
    """A paragraph link, labelled "¶N"."""

    label: str
    url: str


class Place:
    """A section of a page where a term occurs, with its paragraphs.

    `title` is the page's label and `section` the section's title, if the place is
    a section below the page's h1; the template joins them ("Page &rsaquo; Section").
    `anchors` are the paragraph ids already listed. A plain class, not a dataclass:
    making a dataclass costs each build about half a millisecond at import.
    """

    __slots__ = ("anchors", "paragraphs", "section", "title", "url")

    def __init__(
        self,
        title: str,
        url: str,
        section: str = "",
        paragraphs: list[Paragraph] | None = None,
        anchors: set[str] | None = None,
    ) -> None:
        self.title = title
        self.url = url
        self.section = section
        self.paragraphs = paragraphs if paragraphs is not None else []
        self.anchors = anchors if anchors is not None else set()

    def _fields(self) -> tuple[object, ...]:
        return (self.title, self.url, self.section, self.paragraphs, self.anchors)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Place) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass's would be

    def __repr__(self) -> str:
        return f"Place{self._fields()!r}"


class TermUses(NamedTuple):
    """One term's occurrences over the site, in page order.

    Occurrence `i` is the number `numbers[i]` of the page `pages[i]`: two lists, not
    a pair per occurrence (see `PageTerms`).
    """

    pages: list[str]
    numbers: list[int]


def occurrences_by_term(pages: Mapping[str, PageTerms]) -> dict[str, TermUses]:
    """Every recorded occurrence, by entry slug, in page order."""
    by_term: dict[str, TermUses] = {}
    for src, found in pages.items():
        for number, slug in enumerate(found.slugs):
            uses = by_term.get(slug)
            if uses is None:
                uses = by_term[slug] = TermUses([], [])
            uses.pages.append(src)
            uses.numbers.append(number)
    return by_term


def each_use(
    uses: TermUses, pages: Mapping[str, PageTerms]
) -> Iterator[tuple[str, Section, str | None]]:
    """A term's occurrences, one at a time: page source path, section, paragraph id."""
    for src, number in zip(uses.pages, uses.numbers, strict=True):
        found = pages[src]
        yield src, found.sections[found.section_of[number]], found.paragraphs[number]


def used_in_details(
    src: str, title_and_url: tuple[str | None, str | None], terms: PageTerms
) -> dict[str, tuple[object, ...]]:
    """What one page shows in each of its terms' "Used in" lists, by entry slug.

    One flat tuple per term: the page's source path, title and URL, then each
    occurrence's section (id, title, level) and paragraph id, in page order.
    """
    found: dict[str, list[object]] = {}
    for slug, section, paragraph in zip(
        terms.slugs, terms.section_of, terms.paragraphs, strict=True
    ):
        shown = found.get(slug)
        if shown is None:
            shown = found[slug] = [src, *title_and_url]
        shown += (*terms.sections[section], paragraph)
    return {slug: tuple(shown) for slug, shown in found.items()}


def places_of(
    occurrences: Iterable[tuple[str, Section, str | None]],
    titles_and_urls: Mapping[str, tuple[str, str]],
    glossary_url: str,
) -> list[Place]:
    """One term's occurrences grouped by page and section, in page order.

    Args:
        occurrences: the term's occurrences as (page source path, section, paragraph
            id), in page order (`each_use`).
        titles_and_urls: each page's title and URL (relative to the site root).
        glossary_url: the glossary page's URL; back-links are made relative to it.
    """
    by_section: dict[tuple[str, str | None], Place] = {}
    for src, (section_id, section_title, section_level), paragraph in occurrences:
        if src not in titles_and_urls:
            continue
        title, url = titles_and_urls[src]
        key = (src, section_id)
        place = by_section.get(key)
        if place is None:
            section = section_title
            # A page's h1 section is the page (its label, which tells apart two pages
            # that share a heading); deeper sections are named after the page.
            if section_level == 1 or section == title:
                section = ""
            anchor = f"#{section_id}" if section_id else ""
            place = Place(title, relative_url(url + anchor, glossary_url), section)
            by_section[key] = place
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
