"""What a build rendered is kept on disk, and a later `mkdocs build` reads it back.

"Used in" lists, citations, References sections, the bibliography, questions sections
and the handout are kept in `cache_dir` under a hash of what they show and the
template's text (`seminar.memo`): the second build of an unchanged course renders
none of them again, and a changed template is never served an old rendering. Where
each page's terms are linked is kept by everything of the page's tree that linking
reads: an unchanged page is not matched against the glossary again.
"""

from __future__ import annotations

import marshal
from pathlib import Path

import seminar
from tests.conftest import failing_mkdocs_build, mkdocs_build
from tests.sitecheck import site_files

RENDERED = Path(".cache") / "plugin" / "seminar" / "memo"


def _tamper(project: Path, name: str, old: str, new: str) -> int:
    """Rewrite the kept renderings of one memo; return how many changed."""
    path = project / RENDERED / f"{name}.marshal"
    document = marshal.loads(path.read_bytes())
    entries = document["entries"]
    changed = [key for key, value in entries.items() if old in value]
    for key in changed:
        entries[key] = entries[key].replace(old, new)
    path.write_bytes(marshal.dumps(document))
    return len(changed)


def test_a_second_build_reads_what_the_first_rendered(showcase: Path) -> None:
    first = site_files(mkdocs_build(showcase))
    assert sorted(p.name for p in (showcase / RENDERED).iterdir()) == [
        "citations.marshal",
        "definitions.marshal",  # where the glossary page's definitions are, by its HTML
        "glossary.marshal",
        "questions.marshal",
        "scanned.marshal",  # each page's citations, as the pre-scan found them
        "term-links.marshal",  # where each page's terms are linked (`LinkedPage`)
    ]
    written = {p.name: p.stat().st_mtime_ns for p in (showcase / RENDERED).iterdir()}
    assert site_files(mkdocs_build(showcase)) == first
    # Nothing changed, so nothing was written again.
    assert {p.name: p.stat().st_mtime_ns for p in (showcase / RENDERED).iterdir()} == written

    # The proof that the second build read them: renderings changed on disk show.
    assert _tamper(showcase, "glossary", ">Used in<", ">Used in [kept]<") >= 5
    assert _tamper(showcase, "citations", 'class="citation', 'class="kept citation') >= 5
    assert _tamper(showcase, "questions", "Why this question?", "Why? [kept]") >= 1
    assert _tamper(showcase, "questions", "Name: <span>", "Name [kept]: <span>") == 1
    site = mkdocs_build(showcase)
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    essay = (site / "essay" / "index.html").read_text(encoding="utf-8")
    handout = (site / "handout" / "index.html").read_text(encoding="utf-8")
    assert glossary.count(">Used in [kept]<") >= 5
    assert 'class="kept citation' in essay
    assert "Why? [kept]" in essay
    assert "Name [kept]: <span>" in handout


def test_a_changed_template_is_never_served_an_old_rendering(showcase: Path) -> None:
    mkdocs_build(showcase)
    _tamper(showcase, "glossary", ">Used in<", ">Used in [kept]<")
    overrides = showcase / "overrides" / "partials" / "seminar"
    overrides.mkdir(parents=True)
    shipped = Path(seminar.__file__).parent / "templates" / "partials" / "seminar"
    used_in = (shipped / "glossary-used-in.html").read_text(encoding="utf-8")
    (overrides / "glossary-used-in.html").write_text(
        used_in.replace("Used in", "Appears in"), encoding="utf-8"
    )
    config = (showcase / "mkdocs.yml").read_text(encoding="utf-8")
    (showcase / "mkdocs.yml").write_text(
        config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1), encoding="utf-8"
    )
    glossary = (mkdocs_build(showcase) / "glossary" / "index.html").read_text("utf-8")
    assert "[kept]" not in glossary
    assert glossary.count(">Appears in<") >= 5


def test_a_second_build_links_terms_where_the_first_did(showcase: Path) -> None:
    first = site_files(mkdocs_build(showcase))
    # The records name the entry of each link: pointed at another entry, they show.
    path = showcase / RENDERED / "term-links.marshal"
    document = marshal.loads(path.read_bytes())
    records = document["entries"]

    def swapped(value: object) -> object:
        if value == "individualism":
            return "collectivism"
        return tuple(map(swapped, value)) if isinstance(value, tuple) else value

    changed = {
        key: marshal.dumps(swapped(marshal.loads(record)))
        for key, record in records.items()
        if "individualism" in marshal.loads(record)[1]  # the entries the page links
    }
    assert len(changed) >= 1
    records.update(changed)
    path.write_bytes(marshal.dumps(document))
    essay = (mkdocs_build(showcase) / "essay" / "index.html").read_text(encoding="utf-8")
    before = first["essay/index.html"].decode("utf-8")
    assert 'data-seminar-popup="seminar-def-individualism"' in before
    assert 'data-seminar-popup="seminar-def-individualism"' not in essay
    collectivism = 'data-seminar-popup="seminar-def-collectivism"'
    assert essay.count(collectivism) > before.count(collectivism)

    # Once the glossary changes, no record of the old one is used.
    glossary = showcase / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site_files(mkdocs_build(showcase))["essay/index.html"] == first["essay/index.html"]


def test_a_second_build_reads_where_the_definitions_are(showcase: Path) -> None:
    """The glossary page is not parsed again for its definitions: with one entry's
    taken out of what the first build kept, the second build no longer finds it."""
    mkdocs_build(showcase)
    path = showcase / RENDERED / "definitions.marshal"
    document = marshal.loads(path.read_bytes())
    (spans,) = document["entries"].values()  # the glossary page's HTML, in one version
    assert len(spans) >= 5
    del spans["sovereignty-of-the-individual"]
    path.write_bytes(marshal.dumps(document))
    log = failing_mkdocs_build(showcase, "--strict")
    assert "the entry 'Sovereignty of the individual' is not a definition list item" in log
