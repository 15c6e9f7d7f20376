"""Check a whole course with the modules a build uses, without building it.

Every page is converted once with the site's own Markdown extensions plus
Seminar's (paragraph anchors, citations, glossary), so the check sees exactly
the citations and glossary terms a build would see: nothing inside code, links
or other skip zones. Nothing is written, no theme is rendered and Pandoc does
not run, which is what keeps the check quick.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bibtexparser
import markdown
import yaml

from seminar.check.problems import Problem, located, split_fix
from seminar.citations import bibtex
from seminar.citations.bibtex import BibError, Bibliography
from seminar.citations.site import SiteCitations
from seminar.citations.syntax import CitationsExtension
from seminar.glossary import GlossaryError, TermMatcher, parse_glossary
from seminar.glossary.source import line_of
from seminar.glossary.treeprocessor import GlossaryExtension, GlossaryLinker
from seminar.paragraphs import ParagraphAnchorsExtension
from seminar.questions import generate
from seminar.questions.analysis import TermMatcher as QuestionTermMatcher
from seminar.questions.glossary_terms import glossary_terms
from seminar.questions.html import read_paragraphs
from seminar.questions.settings import page_settings
from seminar.questions.stems import default_stems

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from markdown import Extension

    from seminar.glossary import Glossary
    from seminar.questions.stems import Stems

#: YAML front matter, as MkDocs reads it (`mkdocs.utils.meta`).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
#: Pages MkDocs makes the home page: they never get questions.
HOME_PAGES = frozenset({"index.md", "README.md"})


@dataclass(frozen=True)
class QuestionOptions:
    """The `questions:` options of the plugin that decide which pages get questions."""

    enabled: bool = True
    count: int = 6
    min_words: int = 150
    handout_page: str | None = "handout.md"


@dataclass
class Course:
    """A course as plain data: what `mkdocs.yml` says, with every path resolved.

    Attributes:
        docs_dir: The folder of the pages.
        pages: The Markdown pages, as paths inside `docs_dir` (`essay.md`).
        bibliography: The `.bib` files.
        bibliography_page: The page that shows the full bibliography.
        glossary: The glossary page inside `docs_dir`, or None.
        questions: The discussion-question options.
        markdown_extensions: The site's Markdown extensions (names or instances).
        extension_configs: Their options, by name.
        base: Paths in problems are shown relative to this folder when inside it.
    """

    docs_dir: Path
    pages: Sequence[str]
    bibliography: Sequence[str] = ()
    bibliography_page: str = "references.md"
    glossary: str | None = None
    questions: QuestionOptions = field(default_factory=QuestionOptions)
    markdown_extensions: Sequence[str | Extension] = ("def_list", "attr_list")
    extension_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    base: Path = field(default_factory=Path.cwd)

    def shown(self, path: str | Path) -> str:
        """A path as problems show it: relative to `base` when inside it, else as is."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(Path(os.path.abspath(self.base))).as_posix()
        except ValueError:
            return str(path)

    def page_path(self, uri: str) -> str:
        """The shown path of a page."""
        return self.shown(self.docs_dir / uri)


@dataclass
class _Page:
    uri: str
    source: str
    text: str
    meta: dict[str, Any]
    front_matter_lines: int


def check_course(course: Course) -> list[Problem]:
    """Every problem of a course, sorted by file and line.

    Errors are what a strict build would fail on (an unknown citation key, a
    `.bib` that does not parse, a term defined twice, a bad front matter);
    warnings are what builds but is probably not meant: glossary terms no page
    uses, entries no page cites, readings too short for discussion questions.
    """
    problems: list[Problem] = []
    bibliography = _load_bibliography(course, problems)
    glossary, glossary_text = _load_glossary(course, problems)
    pages = _read_pages(course, problems)
    citations = SiteCitations()
    try:
        if bibliography is not None:
            citations.bibliography = bibliography
        _check_pages(course, pages, bibliography, citations, glossary, glossary_text, problems)
        if bibliography is not None:
            for entry in citations.uncited():
                problems.append(
                    Problem(
                        course.shown(entry.path),
                        entry.line,
                        "warning",
                        f"the entry '{entry.key}' is never cited",
                        f"cite it on a page (`[@{entry.key}]`), or remove it.",
                    )
                )
    finally:
        citations.close()
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def _load_bibliography(course: Course, problems: list[Problem]) -> Bibliography | None:
    """Parse the `.bib` files; on a problem, report it and keep the keys that do parse.

    Each file is loaded alone, so a problem in one does not hide another's, then
    all together when there are several (a key may be in two files).
    """
    if not course.bibliography:
        return None
    combined = Bibliography()
    failed = False
    for path in course.bibliography:
        try:
            loaded = bibtex.load([path])
        except BibError as error:
            problems.append(_bib_problem(course, str(error)))
            combined.entries.update(_parsed_keys(path))
            failed = True
        except OSError as error:
            problems.append(Problem(course.shown(path), None, "error", str(error)))
            failed = True
        else:
            combined.entries.update(loaded.entries)
            # What a build logs as a warning about the file (and `--strict` fails on).
            problems += [_bib_problem(course, warning) for warning in loaded.warnings]
    if len(course.bibliography) > 1 and not failed:
        try:
            return bibtex.load(list(course.bibliography))
        except BibError as error:
            problems.append(_bib_problem(course, str(error)))
    return combined


def _parsed_keys(path: str) -> dict[str, bibtex.BibEntry]:
    """The entries of a `.bib` file that does not load, as far as BibTeX parses it.

    Citation keys are then still checked against every entry that parses, so a
    broken entry does not make every citation on the site look unknown.
    """
    splitter = logging.getLogger("bibtexparser")
    level = splitter.level
    splitter.setLevel(logging.ERROR)  # its warnings were shown on the first parse
    try:
        # A file that is not UTF-8 was reported by `load`; its keys are still worth checking.
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        library = bibtexparser.parse_string(text, parse_stack=[])
    finally:
        splitter.setLevel(level)
    return {
        entry.key: bibtex.BibEntry(entry.key, path, (entry.start_line or 0) + 1)
        for entry in library.entries
    }


def _bib_problem(course: Course, message: str) -> Problem:
    where = located(message)
    if where is None:
        text, fix = split_fix(message)
        return Problem(course.shown(course.bibliography[0]), None, "error", text, fix)
    path, line, rest = where
    text, fix = split_fix(rest)
    return Problem(course.shown(path), line, "error", _shown_paths(course, text), fix)


def _shown_paths(course: Course, text: str) -> str:
    """Absolute `.bib` paths inside a message, shown like the problem's own path."""
    for path in course.bibliography:
        text = text.replace(path, course.shown(path))
    return text


def _load_glossary(course: Course, problems: list[Problem]) -> tuple[Glossary | None, str]:
    if course.glossary is None:
        return None, ""
    path = course.docs_dir / course.glossary
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        problems.append(
            Problem(
                course.shown(path),
                None,
                "error",
                f"the glossary page cannot be read: {error.strerror}",
                "create it, or fix the `glossary:` option in mkdocs.yml.",
            )
        )
        return None, ""
    try:
        return parse_glossary(text), text
    except GlossaryError as error:
        message, fix = split_fix(error.message)
        problems.append(Problem(course.shown(path), error.line, "error", message, fix))
        return None, text


def _read_pages(course: Course, problems: list[Problem]) -> list[_Page]:
    pages = []
    for uri in course.pages:
        text = (course.docs_dir / uri).read_text(encoding="utf-8-sig")
        meta: dict[str, Any] = {}
        lines = 0
        match = FRONT_MATTER.match(text)
        if match is not None:
            lines = match.group().count("\n")
            try:
                loaded = yaml.safe_load(match.group(1))
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                problems.append(
                    Problem(
                        course.page_path(uri),
                        mark.line + 2 if mark is not None else 1,
                        "error",
                        f"the front matter is not valid YAML: {getattr(error, 'problem', error)}",
                        "check the indentation and quotes between the two `---` lines.",
                    )
                )
                loaded = None
            meta = loaded if isinstance(loaded, dict) else {}
        # Blank lines keep every line number as in the file.
        body = text[match.end() :] if match is not None else text
        pages.append(_Page(uri, text, "\n" * lines + body, meta, lines))
    return pages


def _check_pages(
    course: Course,
    pages: list[_Page],
    bibliography: Bibliography | None,
    citations: SiteCitations,
    glossary: Glossary | None,
    glossary_text: str,
    problems: list[Problem],
) -> None:
    """Convert every page once and check its citations, glossary links and questions."""
    cite = CitationsExtension()
    extensions: list[str | Extension] = [
        *course.markdown_extensions,
        ParagraphAnchorsExtension(),
        cite,
    ]
    linker = None
    if glossary is not None and course.glossary is not None:
        linker = GlossaryLinker(glossary, TermMatcher(glossary), course.glossary, "first")
        extensions.append(GlossaryExtension(linker))
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={k: dict(v) for k, v in course.extension_configs.items()},
    )
    questions = _Questions(course, glossary_text)
    for page in pages:
        md.reset()
        if linker is not None:
            linker.begin_page(page.uri)
        html = md.convert(page.text)
        shown = course.page_path(page.uri)
        found = list(cite.citations)
        if bibliography is not None:
            citations.add_page(page.uri, shown, found)
            for citation in found:
                for key in citation.keys:
                    if key not in bibliography:
                        problems.append(
                            Problem(
                                shown,
                                citation.line or None,
                                "error",
                                citations.unknown(key),
                                "correct the key, or add an entry with this key to the .bib file.",
                            )
                        )
        elif found and not course.bibliography:
            first = found[0]
            problems.append(
                Problem(
                    shown,
                    first.line or None,
                    "warning",
                    f"the page cites '{first.keys[0]}' but the site has no bibliography",
                    "set `bibliography: references.bib` under the seminar plugin in mkdocs.yml.",
                )
            )
        if linker is not None:
            for link, problem in linker.pages[page.uri].problems:
                message, fix = split_fix(problem)
                problems.append(Problem(shown, line_of(page.text, link), "error", message, fix))
        problems.extend(questions.check(page, html))
    if linker is not None and glossary is not None and course.glossary is not None:
        used = {slug for found in linker.pages.values() for slug in found.slugs}
        for entry in glossary.entries:
            if entry.slug not in used:
                problems.append(
                    Problem(
                        course.shown(course.docs_dir / course.glossary),
                        entry.line,
                        "warning",
                        f"the term '{entry.term.text}' is not used on any page",
                        "use it in a reading, add the form the pages use as an alias, or "
                        "remove the entry.",
                    )
                )


class _Questions:
    """Which pages get questions, and whether enough can be made, as a build decides."""

    def __init__(self, course: Course, glossary_text: str) -> None:
        self.course = course
        self.options = course.questions
        self.matcher = QuestionTermMatcher.build(glossary_terms(glossary_text))
        self._stems: Stems | None = None

    def stems(self) -> Stems:
        if self._stems is None:
            self._stems = default_stems()
        return self._stems

    def check(self, page: _Page, html: str) -> list[Problem]:
        shown = self.course.page_path(page.uri)
        settings = page_settings(page.meta.get("questions"))
        line = _key_line(page.source, "questions", page.front_matter_lines)
        problems = [
            Problem(shown, line, "error", *split_fix(problem)) for problem in settings.problems
        ]
        options = self.options
        if not options.enabled or page.uri == options.handout_page or settings.enabled is False:
            return problems
        explicit = settings.enabled is True
        not_a_reading = {self.course.glossary, self.course.bibliography_page, *HOME_PAGES}
        if not explicit and page.uri in not_a_reading:
            return problems
        count = options.count if settings.count is None else settings.count
        if count == 0:
            return problems
        prose = read_paragraphs(html)
        words = sum(len(p.text.split()) for p in prose.paragraphs)
        if not explicit and words < options.min_words:
            problems.append(
                Problem(
                    shown,
                    None,
                    "warning",
                    f"no discussion questions: the page has {words} words of paragraphs, "
                    f"fewer than min_words ({options.min_words})",
                    "write more, or add `questions: false` to its front matter if it is not "
                    "a reading (`questions: true` asks for questions anyway).",
                )
            )
            return problems
        made = generate(
            prose.paragraphs,
            count=count,
            citations=prose.labels,
            hidden=settings.hide,
            stems=self.stems(),
            matcher=self.matcher,
        )
        for unknown in made.unknown_hidden:
            problems.append(
                Problem(
                    shown,
                    line,
                    "error",
                    f"questions.hide: '{unknown}' matches no generated question on this page",
                    f"run `seminar questions {shown}` to see the current ids.",
                )
            )
        if len(made.questions) < count:
            problems.append(
                Problem(
                    shown,
                    line if explicit else None,
                    "warning",
                    f"only {len(made.questions)} of {count} discussion questions can be made "
                    f"from this page ({words} words of paragraphs)",
                    "write more argument in paragraphs (lists and tables do not count), lower "
                    "`count` in its front matter, or add your own under `questions: add:`.",
                )
            )
        return problems


def _key_line(text: str, key: str, front_matter_lines: int) -> int | None:
    """The line of a top-level front-matter key (None when it is not there)."""
    for number, line in enumerate(text.splitlines()[:front_matter_lines], 1):
        if line.startswith(f"{key}:"):
            return number
    return None
