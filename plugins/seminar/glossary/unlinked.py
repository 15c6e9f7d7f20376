"""What search reads of a page: its HTML with the term links taken off their words.

Material's search parses every page's HTML with `html.parser`, tag by tag, and keeps
only the words of a link: a page of the benchmark's heavy course has about 50 term
links, and parsing them cost search about as much as the rest of the page. Search
reads this copy instead, and the page keeps its links (the plugin puts the linked
HTML back once search has read the page, `plugin.on_page_context`).

The links are found by exact search for the start tag the term linker writes
(`<a class="seminar-term" ` — Python-Markdown writes attributes in lexical order, and
escapes `<` in text and `>` in attribute values), not by a regular expression over the
page. A link is taken off only when what follows its start tag is plain text up to
`</a>`; at the first one that is not (an author's own term link around `*words*`),
the rest of the page is left as it is. Either way search indexes the same words: it
drops `<a>` tags and keeps their text.
"""

from __future__ import annotations

from seminar.glossary.treeprocessor import TERM_CLASS

#: How every term link the linker writes starts.
TERM_LINK_START = f'<a class="{TERM_CLASS}" '
_END = "</a>"


def without_term_links(html: str) -> str:
    """`html` with each term link replaced by its words."""
    pieces: list[str] = []
    position = 0
    while (start := html.find(TERM_LINK_START, position)) >= 0:
        close = html.find(">", start)
        end = html.find(_END, close)
        if close < 0 or end < 0 or html.find("<", close + 1, end) >= 0:
            break
        pieces += (html[position:start], html[close + 1 : end])
        position = end + len(_END)
    if not pieces:
        return html
    pieces.append(html[position:])
    return "".join(pieces)
