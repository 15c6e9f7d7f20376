"""The MkDocs side of discussion questions: which pages get them, the section, the handout.

`SeminarPlugin` calls one method of `QuestionPages` per event. All the thinking
is in the core package `seminar.questions`; this module reads MkDocs objects
(page HTML, front matter, files, nav) into plain data, and renders the results
with the theme's Jinja2 environment, so a site's `custom_dir` can override
`partials/seminar/questions.html`, `handout.html` and `question-stems.html`.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from seminar.diskcache import DiskCache, code_digest, digest
from seminar.memo import Memo, rendering_code
from seminar.partials import partials_environment, template_source
from seminar.questions.model import Generated, Question
from seminar.questions.settings import page_settings
from seminar.questions.stems import STEMS_TEMPLATE, StemError, Stems, load_stems
from seminar.toc import list_section

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from seminar.config import QuestionsConfig
    from seminar.glossary import Glossary
    from seminar.questions.analysis import TermMatcher

log = get_plugin_logger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = "assets/seminar/questions.css"
#: The modules whose code decides a page's questions: a change to any renames its cache entries.
QUESTIONS_CODE = sorted((Path(__file__).resolve().parent / "questions").glob("*.py"))
#: The kind of document the disk cache keeps the questions under, and the document's
#: name: one for the whole site (one file per page cost a file opened per page).
CACHE_KIND = "questions"
CACHE_NAME = "readings"
SECTION_ID = "seminar-questions"
QUESTIONS_TEMPLATE = "partials/seminar/questions.html"
HANDOUT_TEMPLATE = "partials/seminar/handout.html"
#: One reading's part of the handout (the handout's template may use it or not).
HANDOUT_ESSAY_TEMPLATE = "partials/seminar/handout-essay.html"
#: What a questions section shows, as its memo key: template text, title, `_shown`.
SectionKey = tuple[str, str, tuple[str, ...]]
HANDOUT_INTRO = (
    "The discussion questions of every reading in this course. Print this page: each "
    "reading starts on a new sheet, with room to write under every question."
)
#: The handout's front matter: Material's search leaves it out. Every question quotes a
#: sentence of its reading, so indexing the handout would find each sentence twice.
HANDOUT_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n"


class PageQuestions(NamedTuple):
    """The questions one page shows: generated first, then the instructor's own."""

    page: Page
    questions: tuple[Question, ...]
    origins: tuple[str, ...]
    numbers: dict[str, int]
    reading: str  # the key of the reading they come from (see `QuestionPages._key`)

    def number(self, question: Question) -> str:
        """The paragraph number shown as ¶N (anchors may be the author's own ids)."""
        if question.paragraph in self.numbers:
            return str(self.numbers[question.paragraph])
        return question.paragraph.removeprefix("p-")


class Reading(NamedTuple):
    """What a page's HTML gives the questions: its size, paragraph numbers and questions.

    This is what the cache keeps, by a hash of the page's HTML and of everything
    else generation depends on, so a page read once is not read again.
    """

    words: int
    numbers: dict[str, int]
    generated: Generated | None

    def as_json(self) -> dict[str, Any]:
        """The form saved on disk."""
        found = self.generated
        return {
            "words": self.words,
            "numbers": self.numbers,
            "generated": None
            if found is None
            else {
                "questions": [q._asdict() for q in found.questions],
                "unknown_hidden": list(found.unknown_hidden),
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> Reading | None:
        """A reading saved by `as_json`, or None when the document is not one."""
        try:
            found = data["generated"]
            generated = (
                None
                if found is None
                else Generated(
                    tuple(Question(**q) for q in found["questions"]),
                    tuple(found["unknown_hidden"]),
                )
            )
            return Reading(int(data["words"]), dict(data["numbers"]), generated)
        except (KeyError, TypeError, ValueError):
            return None


def _json_text(reading: Reading) -> str:
    """A reading as the disk cache keeps it: its JSON, as text."""
    return json.dumps(reading.as_json(), ensure_ascii=False, separators=(",", ":"))


def add_templates(config: MkDocsConfig) -> None:
    """Put Seminar's templates last on the theme's path (a `custom_dir` wins)."""
    templates = str(TEMPLATES_DIR)
    if templates not in config.theme.dirs:
        config.theme.dirs.append(templates)


def _front_matter_line(page: Page, key: str) -> int:
    """The line of `key:` in the page's front matter (1 when not found)."""
    try:
        lines = page.file.content_string.splitlines()
    except OSError:  # pragma: no cover - the page was read a moment ago
        return 1
    for number, line in enumerate(lines[:200], 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


class HandoutEssay:
    """One reading in the handout's template: `number`, `title`, `url`, `questions`, `html`.

    The questions and the reading's part (`html`, from `handout-essay.html`) are made
    when the template asks for them: one reading's at a time, not every reading's at
    once (the heavy course's 1,800 questions and their dictionaries, which the garbage
    collector would then visit until the end of the build, as they outlived its young
    collections).
    """

    __slots__ = ("_part", "_result", "number", "title", "url")

    def __init__(
        self,
        number: int,
        title: str,
        url: str,
        result: PageQuestions,
        part: Callable[[HandoutEssay], str],
    ) -> None:
        self.number, self.title, self.url = number, title, url
        self._result, self._part = result, part

    @property
    def questions(self) -> list[SimpleNamespace]:
        """The reading's questions, as `questions.html` has them."""
        return QuestionPages._context(self._result)

    @property
    def html(self) -> str:
        """The reading's part of the handout, as `handout-essay.html` renders it."""
        return self._part(self)

    def shown(self) -> tuple[object, ...]:
        """What the reading's part shows, as a memo key (see `QuestionPages._shown`)."""
        return (self.number, self.title, self.url, *QuestionPages._shown(self._result))


class QuestionPages:
    """Discussion questions for every reading of a site, and the handout page."""

    def __init__(self) -> None:
        self.config: QuestionsConfig | None = None
        self.terms: tuple[str, ...] = ()
        self.extra_terms: tuple[str, ...] = ()
        self.count_override: int | None = None
        self.results: dict[str, PageQuestions] = {}
        # Page URI -> (its marker, its questions, their memo key) until `on_page_context`:
        # data, not a closure per page (a function, its cells, a partial and a bound
        # method would be objects the garbage collector visits until the page is written).
        self.sections: dict[str, tuple[str, PageQuestions, SectionKey | None]] = {}
        # The handout's marker and what renders it, until `on_page_context`.
        self.handout: tuple[str, str, Callable[[], str]] | None = None
        # In the markers that hold each page's place for its questions: random, so no
        # author's text is one, and the same for the plugin's life, so a page `serve`
        # renders again from the same Markdown has the same HTML (and its search copy
        # and term links are reused).
        self._token = os.urandom(8).hex()
        self._matcher: TermMatcher | None = None
        self._matcher_terms: tuple[str, ...] = ()
        self._env: jinja2.Environment | None = None
        self._stems: Stems | None = None
        self._stems_key: str | None = None
        self._code = ""
        self._shared_key: str | None = None
        self.disk_cache = DiskCache(None)
        self._glossary_uri: str | None = None
        self._handout_uri: str | None = None
        self._nav: Navigation | None = None
        # Readings by cache key, kept from one `mkdocs serve` build to the next
        # (only what the last build used, so the cache never grows).
        self._cache: dict[str, Reading] = {}
        self._previous: dict[str, Reading] = {}
        # The readings on disk (read when first needed; each leaves as it is used), and
        # the keys the document on disk holds (None until it is read or written).
        self._saved: dict[str, Any] | None = None
        self._on_disk: set[str] | None = None
        self._made = False  # a reading was made this session, not read: it must be saved
        # Questions sections and the handout, by what they show (in memory under `serve`,
        # else on disk).
        self.rendered: Memo[str] = Memo()
        self._sources: dict[str, str] = {}

    # -- configuration -------------------------------------------------------

    def on_config(
        self,
        options: QuestionsConfig,
        config: MkDocsConfig,
        glossary: str | None,
        disk_cache: DiskCache | None = None,
        *,
        serving: bool = False,
    ) -> None:
        """Reset per-build state; put the templates and the stylesheet in place.

        Args:
            options: The plugin's `questions` options.
            config: The MkDocs configuration.
            glossary: The glossary page's path, if there is one.
            disk_cache: Where readings are kept between builds.
            serving: Under `mkdocs serve`: keep rendered sections for the next build.
        """
        self.config = options
        self.rendered.next_build(
            keep=serving,
            disk=(disk_cache, "questions", rendering_code(__file__)) if disk_cache else None,
        )
        self._sources = {}
        disk_cache = disk_cache or DiskCache(None)
        if disk_cache.folder != self.disk_cache.folder:
            self._saved, self._on_disk = None, None
        self.disk_cache = disk_cache
        self.results = {}
        self.sections = {}
        self.handout = None
        self._previous, self._cache = self._cache, {}
        self._env = None
        self._stems = None
        self._stems_key = None
        self._shared_key = None
        self._nav = None
        self._glossary_uri = glossary
        self._handout_uri = options.handout_page if options.handout else None
        if not options.enabled:
            return
        add_templates(config)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)

    def on_files(
        self, files: Files, config: MkDocsConfig, glossary: Glossary | None = None
    ) -> None:
        """Take the glossary's terms, and add the generated handout page.

        Args:
            files: The site's files.
            config: The MkDocs configuration.
            glossary: The glossary as the plugin already parsed it this build; without
                it the glossary page is read here.
        """
        if self.config is None or not self.config.enabled:
            return
        terms: list[str] = []
        if glossary is not None:
            terms = [form.text for entry in glossary.entries for form in entry.forms]
        elif self._glossary_uri:
            page = files.get_file_from_path(self._glossary_uri)
            if page is not None:
                from seminar.questions.glossary_terms import glossary_terms

                terms = glossary_terms(page.content_string)
        self.terms = tuple(dict.fromkeys([*terms, *self.extra_terms]))
        self._shared_key = None
        if self._handout_uri:
            if files.get_file_from_path(self._handout_uri) is not None:
                raise PluginError(
                    f"seminar: option 'questions.handout_page': '{self._handout_uri}' already "
                    "exists in docs_dir. Fix: choose another path for the handout, or set "
                    "`handout: false` under `questions`."
                )
            files.append(
                File.generated(
                    config,
                    self._handout_uri,
                    content=f"{HANDOUT_FRONT_MATTER}# {self.config.title}\n\n{HANDOUT_INTRO}\n",
                )
            )

    def on_nav(self, nav: Navigation, files: Files) -> None:
        """Append the handout to an explicit `nav` (MkDocs lists it only in an automatic one)."""
        self._nav = nav
        if not self._handout_uri:
            return
        file = files.get_file_from_path(self._handout_uri)
        page = file.page if file is not None else None
        if page is None or page in nav.pages:
            return
        if nav.pages:
            nav.pages[-1].next_page = page
            page.previous_page = nav.pages[-1]
        nav.items.append(page)
        nav.pages.append(page)

    # -- pages ---------------------------------------------------------------

    def _environment(self, config: MkDocsConfig) -> jinja2.Environment:
        if self._env is None:
            self._env = partials_environment(config.theme.get_env())
        return self._env

    def _stem_set(self, config: MkDocsConfig) -> Stems:
        if self._stems is None:
            env = self._environment(config)
            assert env.loader is not None
            language = config.theme.get("language")
            try:
                self._stems = load_stems(env.loader, language)
            except StemError as error:
                raise PluginError(f"seminar: question stems: {error}") from None
        return self._stems

    def _stems_source(self, config: MkDocsConfig) -> str:
        """The text of the stems template this site uses (its own, or the shipped one)."""
        if self._stems_key is None:
            env = self._environment(config)
            assert env.loader is not None
            names = [STEMS_TEMPLATE]
            language = config.theme.get("language")
            if language:
                names.insert(0, STEMS_TEMPLATE.replace(".html", f".{language}.html"))
            self._stems_key = ""
            for name in names:
                try:
                    source, filename, _ = env.loader.get_source(env, name)
                except jinja2.TemplateNotFound:
                    continue
                self._stems_key = f"{filename}\n{source}"
                break
        return self._stems_key

    def _term_matcher(self) -> TermMatcher:
        """The matcher of the glossary's terms, built once per set of terms."""
        if self._matcher is None or self._matcher_terms != self.terms:
            from seminar.questions.analysis import TermMatcher  # only when generating

            self._matcher = TermMatcher.build(self.terms)
            self._matcher_terms = self.terms
        return self._matcher

    def _key(self, html: str, count: int, hidden: tuple[str, ...], config: MkDocsConfig) -> str:
        """Everything a page's questions depend on, hashed: its HTML, options, terms, code.

        What all pages share (the code, the terms, the stems) is hashed once per build.
        """
        if self._shared_key is None:
            if not self._code:
                self._code = code_digest(*QUESTIONS_CODE)
            self._shared_key = digest(self._code, "\n".join(self.terms), self._stems_source(config))
        return digest(self._shared_key, html, str(count), "\n".join(hidden))

    def wanted(self, page: Page, words: int, enabled: bool | None) -> bool:
        """Whether a page gets questions.

        The front matter decides when it says something; otherwise every page
        with at least `min_words` words of paragraphs does, except the home
        page, the glossary and the handout.
        """
        assert self.config is not None
        if not self.config.enabled or page.file.src_uri == self._handout_uri:
            return False
        if enabled is not None:
            return enabled
        if page.is_homepage or page.file.src_uri == self._glossary_uri:
            return False
        return words >= self.config.min_words

    def questions_for(self, page: Page, html: str, config: MkDocsConfig) -> PageQuestions | None:
        """Read a rendered page and make its questions (None when it gets none)."""
        assert self.config is not None
        settings = page_settings(page.meta.get("questions"))
        for problem in settings.problems:
            log.warning(f"{page.file.src_uri}:{_front_matter_line(page, 'questions')}: {problem}")
        count = self.config.count if settings.count is None else settings.count
        if self.count_override is not None:
            count = self.count_override
        key = self._key(html, count, settings.hide, config)
        reading = self._reading(key, page, html, count, settings.enabled, settings.hide, config)
        found = reading.generated
        if found is None:
            return None
        for unknown in found.unknown_hidden:
            line = _front_matter_line(page, "questions")
            log.warning(
                f"{page.file.src_uri}:{line}: questions.hide: '{unknown}' matches no generated "
                "question on this page (an id changes when its question's text changes). "
                f"Fix: run `seminar questions docs/{page.file.src_uri}` to see the current ids."
            )
        questions = (*found.questions, *settings.add)
        origins = ("generated",) * len(found.questions) + ("instructor",) * len(settings.add)
        return PageQuestions(page, questions, origins, reading.numbers, key)

    def _reading(
        self,
        key: str,
        page: Page,
        html: str,
        count: int,
        enabled: bool | None,
        hidden: tuple[str, ...],
        config: MkDocsConfig,
    ) -> Reading:
        """The page's reading: from this `serve` session, from disk, or made now."""
        reading = self._cache.get(key) or self._previous.get(key)
        if reading is None:
            saved = self._saved_readings().pop(key, None)
            reading = Reading.from_json(json.loads(saved)) if isinstance(saved, str) else None
        wanted = reading is not None and self.wanted(page, reading.words, enabled)
        if reading is None or (wanted and reading.generated is None):
            # Imported here: a build whose pages are all cached never needs the generator.
            from seminar.questions.generator import generate
            from seminar.questions.html import read_paragraphs

            prose = read_paragraphs(html)
            words = sum(len(p.text.split()) for p in prose.paragraphs)
            generated = None
            if self.wanted(page, words, enabled):
                generated = generate(
                    prose.paragraphs,
                    count=count,
                    citations=prose.labels,
                    hidden=hidden,
                    stems=self._stem_set(config),
                    matcher=self._term_matcher(),
                )
            numbers = {p.anchor: n for n, p in enumerate(prose.paragraphs, 1)}
            reading = Reading(words, numbers, generated)
            self._made = True
        elif not wanted:
            reading = reading._replace(generated=None)
        self._cache[key] = reading
        return reading

    def _saved_readings(self) -> dict[str, Any]:
        """The readings the disk cache holds, by key (read once per build).

        Each is kept as its JSON text, decoded when its page is read: the document is
        read as the first page is, and hundreds of decoded readings waiting for their
        pages made the garbage collector's full passes more frequent.
        """
        if self._saved is None:
            document = self.disk_cache.load(CACHE_KIND, CACHE_NAME)
            self._saved = document if isinstance(document, dict) else {}
            self._on_disk = set(self._saved)
        return self._saved

    def save(self, *, prune: bool = True) -> None:
        """Write the readings to disk, unless the document there already holds these.

        Args:
            prune: Keep only this build's readings (the last build's other page
                versions go); when False (a failed build) every reading is kept.
        """
        if not self.disk_cache.enabled or self.config is None or not self.config.enabled:
            return
        keep = set(self._cache)
        if not prune:
            keep |= set(self._saved or ()) | set(self._previous)
        if keep == self._on_disk and not self._made:
            return
        documents = {key: _json_text(reading) for key, reading in self._cache.items()}
        if not prune:
            for key, reading in self._previous.items():
                documents.setdefault(key, _json_text(reading))
            documents = {**(self._saved or {}), **documents}
        self.disk_cache.save(CACHE_KIND, CACHE_NAME, documents)
        # The one document; also what an older version left, one document per page.
        self.disk_cache.prune(CACHE_KIND, {CACHE_NAME})
        self._on_disk, self._made = set(documents), False

    def on_post_build(self, *, keep: bool) -> None:
        """Save this build's readings on disk (the questions of other page versions go).

        Args:
            keep: Keep this build's readings in memory for the next build (`serve`),
                and write them only when the session ends (`save`, from
                `on_shutdown`): an edit then costs no rewrite of every page's
                questions. The generator is made ready too: the page an instructor
                edits next gets new questions without waiting for it to load.
        """
        self.rendered.save()
        if self.config is not None and self.config.enabled:
            if not keep:
                self.save()
            else:
                import seminar.questions.generator  # noqa: F401  (what a new page needs)

                self._term_matcher()
        # Nothing of this build's pages is held until the next: under `serve` the
        # navigation alone would keep every page, its HTML and its table of contents.
        self.results = {}
        self._previous = {}
        self._nav = None
        self.handout = None
        if not keep:
            self._cache = {}
            self._saved = None

    def _source(self, env: jinja2.Environment, template: jinja2.Template) -> str:
        """A template's text (`template_source`), read once per build."""
        assert template.name is not None
        if template.name not in self._sources:
            self._sources[template.name] = template_source(env, template)
        return self._sources[template.name]

    @staticmethod
    def _shown(result: PageQuestions) -> tuple[str, ...]:
        """What a page's questions section shows, as a memo key: one flat tuple of strings.

        The key of the page's reading, which decides its generated questions and its
        paragraphs' numbers (a hash of all they depend on), then the fields of each of
        the instructor's questions. Not every question's fields: the heavy course's
        300 pages cost each `serve` rebuild 25 ms to list them all, twice (for the
        sections and for the handout).
        """
        added = itertools.compress(result.questions, (o == "instructor" for o in result.origins))
        return (result.reading, *itertools.chain.from_iterable(added))

    @staticmethod
    def _context(result: PageQuestions) -> list[SimpleNamespace]:
        # Objects, not dicts: a template reads `q.text` as an attribute first, and a
        # dict answers that only after an AttributeError (twice the rendering time).
        items = []
        for question, origin in zip(result.questions, result.origins, strict=True):
            number = result.number(question) if question.paragraph else ""
            items.append(SimpleNamespace(**question.as_json(), number=number, origin=origin))
        return items

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """Append the "Discussion questions" section to a reading, and list it in the TOC."""
        if self.config is None or not self.config.enabled:
            return html
        result = self.questions_for(page, html, config)
        if result is None or not result.questions:
            return html
        self.results[page.file.src_uri] = result
        env = self._environment(config)
        key = None
        if self.rendered.keep:
            template = env.get_template(QUESTIONS_TEMPLATE)
            key = (self._source(env, template), self.config.title, self._shown(result))
        list_section(page, self.config.title, SECTION_ID)
        # The section stands in as a comment until search has indexed the page: see
        # `on_page_context`. The marker holds a random token, so no author text is one.
        marker = f"<!-- seminar-questions {self._token} {page.file.src_uri} -->"
        # Rendered when the page is written, not now: every page's section would
        # otherwise be in memory at once, before any page is.
        self.sections[page.file.src_uri] = (marker, result, key)
        return html + "\n" + marker

    def _section(self, result: PageQuestions, key: SectionKey | None) -> str:
        """A page's questions section, from the memo when `key` is in it."""
        # Both set by `on_page_content`.
        assert self.config is not None
        assert self._env is not None
        template = self._env.get_template(QUESTIONS_TEMPLATE)
        title = self.config.title

        def render() -> str:
            return template.render(title=title, questions=self._context(result))

        return render() if key is None else self.rendered.get(("questions", *key), render)

    def on_page_context(self, page: Page, tail: str = "") -> None:
        """Put the page's questions section in place of its marker, and `tail` at the end.

        Called after Material's search has read the page: search indexes what the
        author wrote, and each question quotes a sentence of the page, which would then
        be found twice (the handout is left out of search for the same reason). The
        marker is found by exact search for the string put there, with its random
        token; should another plugin have removed it, the section goes at the end of
        the page rather than be lost. The page is copied once for both, not once for
        each.
        """
        uri = page.file.src_uri
        render: Callable[[], str]
        if uri in self.sections:
            marker, result, key = self.sections.pop(uri)
            render = functools.partial(self._section, result, key)
        elif self.handout is not None and self.handout[0] == uri:
            _, marker, render = self.handout
            self.handout = None
        else:
            marker, render = "", str
        content = page.content or ""
        if not marker:
            if tail:
                page.content = content + tail
            return
        section = render()
        before, found, after = content.partition(marker)
        if found and marker not in after:
            page.content = "".join((before, section, after, tail))
            return
        # Another plugin dropped (or copied) the marker: the questions go at the end.
        log.info(
            f"{page.file.src_uri}: the questions' place in the page was changed by another "
            "plugin; they are put at the end of the page."
        )
        page.content = content.replace(marker, "") + "\n" + section + tail

    def on_env(self, config: MkDocsConfig, files: Files) -> None:
        """Fill the handout: every page's questions, in navigation order."""
        if self.config is None or not self.config.enabled or not self._handout_uri:
            return
        file = files.get_file_from_path(self._handout_uri)
        handout = file.page if file is not None else None
        if handout is None or handout.content is None:
            return
        order = {p.file.src_uri: n for n, p in enumerate(self._nav.pages if self._nav else [])}
        uris = sorted(self.results, key=lambda u: (order.get(u, len(order)), u))
        essays = []
        for uri in uris:
            result = self.results[uri]
            toc = result.page.toc.items
            title = toc[0].title if len(toc) == 1 and toc[0].level == 1 else result.page.title
            essays.append((title or uri, get_relative_url(result.page.url, handout.url), result))
        env = self._environment(config)
        template = env.get_template(HANDOUT_TEMPLATE)
        part_template = env.get_template(HANDOUT_ESSAY_TEMPLATE)
        memo = self.rendered
        sources = (self._source(env, template), self._source(env, part_template))

        def render_part(essay: HandoutEssay) -> str:
            return part_template.render(
                number=essay.number, title=essay.title, url=essay.url, questions=essay.questions
            )

        def part(essay: HandoutEssay) -> str:
            # Under `serve`, each reading's part is kept: an edit renders its own again.
            if not memo.in_memory:
                return render_part(essay)
            key = ("handout-essay", sources[1], *essay.shown())
            return memo.get(key, functools.partial(render_part, essay))

        readings = [
            HandoutEssay(number, title, url, result, part)
            for number, (title, url, result) in enumerate(essays, 1)
        ]

        def render() -> str:
            return "\n" + template.render(essays=readings)

        if memo.keep and not memo.in_memory:
            # On disk, the whole handout by what it shows.
            shown = tuple(essay.shown() for essay in readings)
            render = functools.partial(memo.get, ("handout", *sources, shown), render)
        # Like a page's questions, rendered once search has passed: the handout is left
        # out of search, and search would still scan its text.
        marker = f"<!-- seminar-handout {self._token} -->"
        self.handout = (handout.file.src_uri, marker, render)
        handout.content += marker
