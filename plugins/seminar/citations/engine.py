"""Format citations and bibliography entries with Pandoc's citeproc, in one batch.

Every citation of the site goes into one Markdown document (one fenced `div`
per distinct citation), the cited entries into one BibTeX file per `.bib` file
(see `bibtex.Bibliography.subset`), read by Pandoc's own BibTeX reader; one
`pandoc --citeproc --sandbox` run formats them all, and the HTML is cut back
into pieces by id. The Pandoc binary comes from the pinned `pypandoc-binary`
wheel (Pandoc 2.19.2: its citeproc is several times faster than Pandoc 3's on
large batches; see README). Results are cached by a hash of every input, so a
`mkdocs serve` rebuild with unchanged citations does not run Pandoc at all; with a
`DiskCache`, neither does a later build: the result is saved under a name made of
those inputs, the Pandoc binary and the code that cuts its output. When a `serve`
edit adds citations of works already cited, a `Narrowing` (see `delta`) has Pandoc
format only those, beside the works they could be confused with (or every citation,
where no smaller document will do), reading the style cut to its citations
(`citation_style`): the reference list of the last answer stays. Every run reads the
style without the branches no cited work's type can take (`entry_types`): Pandoc's
answer is the same, and Chicago author-date is read in a tenth of the time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Union

import yaml

from seminar.diskcache import DiskCache, code_digest, digest, package_version

if TYPE_CHECKING:
    from collections.abc import Sequence
    from concurrent.futures import Future, ThreadPoolExecutor

    from seminar.citations.bibtex import Subset
    from seminar.citations.delta import Plan

CSL_DIR = Path(__file__).resolve().parent.parent / "csl"
#: Pandoc reads `.bib` as BibLaTeX and `.bibtex` as BibTeX; anything else as `.bib`.
BIB_SUFFIXES = (".bib", ".bibtex")
#: How Pandoc reports a bibliography it cannot read (it says where in our subset file).
READ_ERROR = re.compile(
    r"Error reading bibliography file (?P<file>.+?):\s*\(line (?P<line>\d+), "
    r"column \d+\):\s*(?P<message>.*)",
    re.S,
)


class FormatError(RuntimeError):
    """Pandoc could not format the citations; the message holds Pandoc's own words."""


def pandoc_path() -> Path:
    """The Pandoc binary shipped in the `pypandoc-binary` wheel."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is None or not spec.submodule_search_locations:
        raise FormatError("the 'pypandoc-binary' package is not installed. Fix: pip install it.")
    binary = Path(next(iter(spec.submodule_search_locations))) / "files" / "pandoc"
    if not binary.is_file():
        raise FormatError(f"no Pandoc binary at {binary}. Fix: reinstall 'pypandoc-binary'.")
    return binary


@functools.cache
def pandoc_identity() -> str:
    """What tells one Pandoc from another without running it: its wheel's version and size."""
    binary = pandoc_path()
    return f"pypandoc-binary {package_version('pypandoc-binary')}, {binary.stat().st_size} bytes"


@functools.cache
def _code() -> str:
    """The code that shapes a saved result: the document and style sent, the answer's cut."""
    here = Path(__file__).parent
    files = ("engine.py", "sanitize.py", "citation_style.py", "entry_types.py")
    return code_digest(*(here / name for name in files))


def translations(language: str, disk: DiskCache | None = None) -> dict[str, str]:
    """Pandoc's own UI terms for a language (`References`, `Bibliography`, …).

    Read from the data files built into the Pandoc binary, trying `de-AT`, then
    `de`; an unknown language gives `{}`. Cached for the life of the process and,
    with `disk`, between builds.
    """
    disk = disk or DiskCache(None)
    name = digest("translations", language, pandoc_identity()) if disk.enabled else ""
    saved = disk.load("translations", name) if name else None
    if isinstance(saved, dict):
        return {str(k): str(v) for k, v in saved.items()}
    terms = _translations(language)
    if name:
        disk.save("translations", name, terms)
    return terms


@functools.cache
def _translations(language: str) -> dict[str, str]:
    tag = language.replace("_", "-")
    for candidate in dict.fromkeys([tag, tag.split("-")[0].lower()]):
        result = subprocess.run(
            [str(pandoc_path()), "--print-default-data-file", f"translations/{candidate}.yaml"],
            capture_output=True,
            check=False,
        )
        if result.returncode == 0:
            terms = yaml.safe_load(result.stdout.decode("utf-8"))
            if isinstance(terms, dict):
                return {str(k): str(v) for k, v in terms.items()}
    return {}


def style_path(style: str) -> Path:
    """A bundled style name (`apa`) or the path of a `.csl` file."""
    return CSL_DIR / f"{style}.csl" if not style.endswith(".csl") else Path(style)


class Formatted(NamedTuple):
    """Pandoc's output, cut into pieces (a named tuple: a class costs less to import).

    Attributes:
        citations: Pandoc citation text (`[@a, p. 3]`) -> formatted inner HTML.
        entries: Key -> the formatted bibliography entry (inner HTML).
        order: Keys in the style's bibliography order.
    """

    citations: dict[str, str]
    entries: dict[str, str]
    order: list[str]


def nothing_formatted() -> Formatted:
    """An empty result."""
    return Formatted({}, {}, [])


class Finished(NamedTuple):
    """A result at hand (saved by an earlier build), answering as a finished `Future`.

    A warm build then never imports `concurrent.futures` nor starts a thread.
    """

    value: Formatted

    def done(self) -> bool:
        return True

    def cancelled(self) -> bool:
        return False

    def result(self, timeout: float | None = None) -> Formatted:
        return self.value

    def exception(self, timeout: float | None = None) -> BaseException | None:
        return None


#: Formatting under way in the worker thread, or finished.
Job = Union["Future[Formatted]", Finished]


def document(citations: Sequence[str], locale: str) -> str:
    """The Markdown document Pandoc formats: one `div` per citation."""
    head = f"---\nlang: {json.dumps(locale)}\nlink-citations: true\n---\n\n"
    body = "".join(f"::: {{#c-{n}}}\n{text}\n:::\n\n" for n, text in enumerate(citations))
    return head + body


class Narrowing(NamedTuple):
    """How to format only what an edit added (see `delta`).

    Attributes:
        plan: The small document: witnesses, related works, added citations.
        bibs: The BibTeX of the works it cites.
        before: The last answer, for every citation formatted before.
    """

    plan: Plan
    bibs: Sequence[Subset]
    before: Formatted


def run_pandoc(
    citations: Sequence[str],
    bibs: Sequence[Subset],
    style: str,
    locale: str,
    *,
    citations_only: bool = False,
) -> Formatted:
    """Format `citations` (Pandoc syntax) against BibTeX subsets in one Pandoc run.

    Args:
        citations: Pandoc citation texts (`[@a, p. 3]`).
        bibs: The BibTeX of the works they cite.
        style: A bundled style's name or a `.csl` file's path.
        locale: The language citations are written in.
        citations_only: Only the citations of the answer will be used: Pandoc reads
            the style without its bibliography's layout (`citation_style`), which is
            faster, and the answer's entries are not the style's.

    Whatever the run, Pandoc reads the style without the branches no cited work's
    type can take (`entry_types`, `citation_style`): its answer is the same.

    Raises:
        FormatError: Pandoc failed; a BibTeX error names the line of the original file.
    """
    if not citations:
        return nothing_formatted()
    with tempfile.TemporaryDirectory(prefix="seminar-") as tmp:
        files: dict[str, Subset] = {}
        for number, bib in enumerate(bibs):
            suffix = Path(bib.path).suffix.lower()
            name = Path(tmp) / f"references-{number}{suffix if suffix in BIB_SUFFIXES else '.bib'}"
            name.write_text(bib.text, encoding="utf-8")
            files[str(name)] = bib
        # The document and the answer go through files, not pipes: this thread then only
        # waits for Pandoc to exit. Through pipes, `subprocess` feeds stdin 512 bytes per
        # turn of a Python loop, and each turn waits for the GIL while MkDocs renders pages
        # on the main thread, so Pandoc sat idle most of the time on a large site.
        source, output = Path(tmp) / "citations.md", Path(tmp) / "citations.html"
        source.write_text(document(citations, locale), encoding="utf-8")
        csl = style_path(style)
        cut = _cut_style(csl, bibs, citations_only=citations_only)
        if cut is not None:
            csl = Path(tmp) / "cut.csl"
            csl.write_text(cut, encoding="utf-8")
        command = [
            str(pandoc_path()),
            "--sandbox",
            "--citeproc",
            "--from=markdown",
            "--to=html5",
            "--wrap=none",
            *(f"--bibliography={name}" for name in files),
            f"--csl={csl}",
            f"--output={output}",
            str(source),
        ]
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False)
        html = output.read_text(encoding="utf-8") if result.returncode == 0 else ""
    if result.returncode != 0:
        raise FormatError(_failure(result.stderr.decode(errors="replace").strip(), style, files))
    from seminar.citations.sanitize import pieces  # only after Pandoc ran: not on a warm build

    found, order = pieces(html, "c-", "ref-")
    return Formatted(
        citations={text: found.get(f"c-{n}", "") for n, text in enumerate(citations)},
        entries={
            ident.removeprefix("ref-"): piece
            for ident, piece in found.items()
            if ident.startswith("ref-")
        },
        order=[ident.removeprefix("ref-") for ident in order if ident.startswith("ref-")],
    )


def _cut_style(csl: Path, bibs: Sequence[Subset], *, citations_only: bool) -> str | None:
    """The style cut to what this run can reach, or None to read it whole.

    A style that cannot be read is left to Pandoc, which reports it.
    """
    # Imported here: a build that runs no Pandoc (its results saved) never needs them.
    from seminar.citations.citation_style import cut
    from seminar.citations.entry_types import csl_types

    try:
        text = csl.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    types = csl_types((bib.text, bib.origins) for bib in bibs)
    return cut(text, types=types, citations_only=citations_only)


def _failure(stderr: str, style: str, files: dict[str, Subset]) -> str:
    """Pandoc's error; a line of a subset file becomes the line of the author's `.bib`."""
    found = READ_ERROR.search(stderr)
    if found is not None and found.group("file") in files:
        where = files[found.group("file")].where(int(found.group("line")))
        message = " ".join(found.group("message").split())
        return (
            f"{where}: Pandoc cannot read this BibTeX ({message}). "
            "Fix: check the braces, backslashes and quotes of this entry."
        )
    return f"Pandoc failed formatting citations with style '{style}': {stderr}"


def cache_key(citations: Sequence[str], bibs: Sequence[Subset], style: str, locale: str) -> str:
    """A hash of everything the output depends on."""
    digest = hashlib.sha256()
    style_file = style_path(style)
    digest.update(style_file.read_bytes() if style_file.is_file() else style.encode())
    texts = [(bib.path, bib.text) for bib in bibs]
    digest.update(json.dumps([list(citations), texts, style, locale]).encode())
    return digest.hexdigest()


class Formatter:
    """Runs Pandoc in the background, once per distinct input, and remembers results."""

    KIND = "pandoc"

    def __init__(self, disk: DiskCache | None = None) -> None:
        self._worker: ThreadPoolExecutor | None = None  # started when Pandoc must run
        self._cache: dict[str, Job] = {}
        self.disk = disk or DiskCache(None)
        #: Pandoc runs over every citation, and over only what an edit added.
        self.runs = 0
        self.narrowed = 0
        #: Names of the saved results this build used: `prune` keeps only these, and
        #: the `pinned` ones (under `serve`, what its first build used).
        self.used: set[str] = set()
        self.pinned: set[str] = set()

    def start(
        self,
        citations: Sequence[str],
        bibs: Sequence[Subset],
        style: str,
        locale: str,
        narrowing: Narrowing | None = None,
    ) -> Job:
        """Start formatting (or reuse a finished or running job with the same inputs).

        A result an earlier build saved for the same inputs, Pandoc binary and
        code is used as it is: Pandoc does not run at all. Otherwise, given a
        `narrowing`, Pandoc formats its small document, and then everything only if
        a witness does not come back exactly as before.
        """
        key = cache_key(citations, bibs, style, locale)
        name = self._disk_name(key)
        if name is not None:
            self.used.add(name)  # also when the result is still in memory (`serve`)
        if key not in self._cache:
            # Keep only the latest result: a serve session edits one thing at a time.
            job: Job | None = self._saved(key)
            if job is None and narrowing is not None:
                job = self._pool().submit(
                    self._narrowed, narrowing, key, citations, bibs, style, locale
                )
            self._cache = {key: job or self._run(key, citations, bibs, style, locale)}
        return self._cache[key]

    def _narrowed(
        self,
        narrowing: Narrowing,
        key: str,
        citations: Sequence[str],
        bibs: Sequence[Subset],
        style: str,
        locale: str,
    ) -> Formatted:
        """The small document's answer for the added citations, the last one's for the rest.

        Kept in memory only: what is saved on disk for later builds always comes from
        formatting everything.
        """
        plan, before = narrowing.plan, narrowing.before
        small = nothing_formatted()
        if plan.citations:  # none: citations were only taken out, in a style where that is free
            self.narrowed += 1
            try:
                small = run_pandoc(
                    plan.citations, narrowing.bibs, style, locale, citations_only=True
                )
            except FormatError:
                small = nothing_formatted()
            answers = small.citations
            same = all(answers.get(text) == before.citations[text] for text in plan.witnesses)
            if not same or not all(answers.get(text) for text in plan.added):
                self.runs += 1
                result = run_pandoc(citations, bibs, style, locale)
                self._save(key, result)
                return result
        return Formatted(
            {
                text: before.citations[text]
                if text in before.citations
                else small.citations.get(text, "")
                for text in citations
            },
            before.entries,
            before.order,
        )

    def _disk_name(self, key: str) -> str | None:
        if not self.disk.enabled:
            return None
        try:
            return digest(key, pandoc_identity(), _code())
        except (FormatError, OSError):
            return None  # Pandoc's own run reports a missing binary

    def _pool(self) -> ThreadPoolExecutor:
        """The worker thread that runs Pandoc, started the first time it is needed."""
        if self._worker is None:
            from concurrent.futures import ThreadPoolExecutor

            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seminar-citeproc")
        return self._worker

    def _saved(self, key: str) -> Finished | None:
        """The result saved on disk for these inputs, as a finished job."""
        name = self._disk_name(key)
        if name is None:
            return None
        document = self.disk.load(self.KIND, name)
        if not isinstance(document, dict):
            return None
        try:
            formatted = Formatted(
                {str(k): str(v) for k, v in document["citations"].items()},
                {str(k): str(v) for k, v in document["entries"].items()},
                [str(key) for key in document["order"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return Finished(formatted)

    def _run(
        self, key: str, citations: Sequence[str], bibs: Sequence[Subset], style: str, locale: str
    ) -> Future[Formatted]:
        self.runs += 1
        job = self._pool().submit(run_pandoc, citations, bibs, style, locale)

        def save(done: Future[Formatted]) -> None:
            if not done.cancelled() and done.exception() is None:
                self._save(key, done.result())

        job.add_done_callback(save)
        return job

    def _save(self, key: str, result: Formatted) -> None:
        """Keep what formatting everything gave, for later builds with the same inputs."""
        name = self._disk_name(key)
        if name is not None:
            self.disk.save(
                self.KIND,
                name,
                {"citations": result.citations, "entries": result.entries, "order": result.order},
            )

    def prune(self, *, serving: bool = False) -> None:
        """Delete the saved results this build did not use (once per build).

        Args:
            serving: Under `serve`, the session's first build's result is kept too: an
                edit formatted by a small run is not saved, and once it is undone the
                next `mkdocs build` finds the whole site's result still there.
        """
        if serving and not self.pinned:
            self.pinned = set(self.used)
        self.disk.prune(self.KIND, self.used | self.pinned)
        self.used = set()

    def close(self) -> None:
        """Stop the worker thread."""
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
