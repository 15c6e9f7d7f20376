"""The citations' disk cache: a second build in a fresh process runs no Pandoc and writes
the same bytes; an edit to the `.bib` or to a page changes what is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.htmltext import page_text as _page_text
from tests.sitecheck import site_files

if TYPE_CHECKING:
    from pathlib import Path

BIB = (
    "@book{doe2020,\n  author = {Doe, Jane},\n  title = {A Book},\n  year = {2020},\n}\n\n"
    "@article{roe2019,\n  author = {Roe, Richard},\n  title = {An Article},\n"
    "  journal = {Journal of Things},\n  year = {2019},\n}\n"
)

#: Runs `mkdocs build` in this Python, noting every process it starts (Python's audit
#: hook for `subprocess.Popen`: the real launch, not a stand-in for it).
BUILD = """
import json, sys
launched, opened = [], []
def hook(event, args):
    if event == "subprocess.Popen":
        launched.append(" ".join(map(str, args[1])))
    elif event == "open" and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(hook)
from mkdocs.__main__ import cli
try:
    cli(["build", "--quiet", "--site-dir", sys.argv[1]])
except SystemExit as done:
    code = done.code
else:
    code = 0
with open(sys.argv[2], "w") as out:
    json.dump(launched, out)
with open(sys.argv[2] + ".opened", "w") as out:
    json.dump(opened, out)
sys.exit(code)
"""


def build(project: Path, site: str) -> list[str]:
    """Build `project` into `site` in a fresh process; the programs it launched."""
    record = project / f"{site}.launched.json"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD, site, str(record)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(record.read_text(encoding="utf-8"))


def opened(project: Path, site: str) -> list[str]:
    """The files the build of `site` opened (Python's audit event `open`)."""
    return json.loads((project / f"{site}.launched.json.opened").read_text(encoding="utf-8"))


def page_text(site: Path, page: str) -> str:
    """The page's text; tags split text nodes, so `( Doe` is `(Doe` as the reader sees it."""
    return _page_text(site, page).replace("( ", "(").replace("[ ", "[")


def pandoc_runs(launched: list[str]) -> list[str]:
    """The Pandoc commands among the launched ones."""
    return [command for command in launched if os.path.basename(command.split()[0]) == "pandoc"]


def test_a_warm_build_runs_no_pandoc_and_writes_the_same_bytes(make_project):
    project = make_project(
        {
            "index.md": "# Home\n\nAs [@doe2020, p. 3] shows, and @roe2019 agrees.\n",
            "references.md": "# References\n\n<!-- seminar:bibliography -->\n",
        },
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    cold = build(project, "cold")
    assert pandoc_runs(cold), "the first build formats with Pandoc"
    cache = project / ".cache" / "plugin" / "seminar"
    assert len(list((cache / "pandoc").glob("*.json"))) == 1
    assert len(list((cache / "bibscan").glob("*.json"))) == 1

    warm = build(project, "warm")
    assert pandoc_runs(warm) == []
    assert site_files(project / "warm") == site_files(project / "cold")
    assert "(Doe, 2020, p. 3)" in page_text(project / "warm", "index.html")


def test_a_warm_build_reads_what_the_last_build_looked_up_in_the_bib_not_its_whole_scan(
    make_project,
):
    """A `.bib` of 20,000 entries has a scan of a megabyte; the works cited and the first
    uncited ones are a few lines of it."""
    project = make_project(
        {"index.md": "# Home\n\nAs [@doe2020, p. 3] shows.\n"},
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    build(project, "cold")
    build(project, "warm")
    cache = project / ".cache" / "plugin" / "seminar"
    (record,) = (cache / "biblookups").glob("*.json")
    (scan,) = (cache / "bibscan").glob("*.json")
    read = opened(project, "warm")
    assert str(record) in read
    assert str(scan) not in read
    assert site_files(project / "warm") == site_files(project / "cold")
    kept = json.loads(record.read_text(encoding="utf-8"))
    doe = [0, BIB.index("\n\n@article"), 1]  # from `@` to its closing brace, and its line
    roe = [BIB.index("@article"), len(BIB) - 1, 7]
    assert kept["asked"] == {"doe2020": doe, "roe2019": roe}  # cited, and first uncited
    assert (kept["head"], kept["count"]) == (["doe2020", "roe2019"], 2)


def test_an_edit_to_the_bib_or_a_page_changes_the_result(make_project):
    project = make_project(
        {"index.md": "# Home\n\nAs [@doe2020] shows.\n"},
        seminar="bibliography: references.bib",
        bib=BIB,
    )
    build(project, "first")
    assert "(Doe, 2020)" in page_text(project / "first", "index.html")

    bib = project / "references.bib"
    bib.write_text(BIB.replace("year = {2020}", "year = {2021}"), encoding="utf-8")
    assert pandoc_runs(build(project, "bib-edited"))
    assert "(Doe, 2021)" in page_text(project / "bib-edited", "index.html")

    page = project / "docs" / "index.md"
    page.write_text("# Home\n\nAs [@doe2020] shows, and [@roe2019].\n", encoding="utf-8")
    assert pandoc_runs(build(project, "page-edited"))
    text = page_text(project / "page-edited", "index.html")
    assert "(Doe, 2021)" in text
    assert "(Roe, 2019)" in text

    # Another style is another result too.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "bibliography: references.bib", "bibliography: references.bib\n      csl: ieee"
        ),
        encoding="utf-8",
    )
    assert pandoc_runs(build(project, "ieee"))
    assert "[2]" in page_text(project / "ieee", "index.html")


def test_citations_are_numbered_in_reading_order_with_one_pandoc_run(make_project):
    # Python-Markdown reaches the list items after the paragraph below them; readers do not.
    project = make_project(
        {"index.md": "# Home\n\n- first [@roe2019]\n- second\n\nThen [@doe2020].\n"},
        seminar="bibliography: references.bib\ncsl: ieee",
        bib=BIB,
    )
    launched = build(project, "site")
    formatting = [command for command in pandoc_runs(launched) if "--citeproc" in command]
    assert len(formatting) == 1, "the pre-scan's batch is the one used"
    text = page_text(project / "site", "index.html")
    assert "first [1]" in text
    assert "Then [2]." in text


def test_pandoc_is_known_by_its_wheel_version_and_size() -> None:
    """The identity in every saved result's name, read without parsing the metadata."""
    from importlib.metadata import version

    from seminar.citations.engine import pandoc_identity, pandoc_path

    size = pandoc_path().stat().st_size
    assert pandoc_identity() == f"pypandoc-binary {version('pypandoc-binary')}, {size} bytes"


def unread(key: str) -> str | None:
    raise AssertionError(f"the .bib was read for the names of {key}")


def test_a_serve_edit_undone_leaves_the_whole_sites_result_for_the_next_build(make_project):
    """A `serve` edit formatted by a small run keeps the whole site's saved result: once the
    edit is undone, the next `mkdocs build` (CI, say) runs no Pandoc."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    page = "# Home\n\nAs [@doe2020, p. 3] shows, and @roe2019 agrees.\n"
    project = make_project({"index.md": page}, seminar="bibliography: references.bib", bib=BIB)
    assert pandoc_runs(build(project, "cold"))
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        plugin = config.plugins["seminar"]
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        # Once a `serve` build is done, the cited works' family names are at hand: the next
        # edit's narrowed run does not read the `.bib` for them.
        bibliography = plugin.citations.bibliography
        read_block = bibliography.block
        bibliography.block = unread
        assert plugin.citations.family_names("doe2020") == frozenset({"doe"})
        assert plugin.citations.family_names("roe2019") == frozenset({"roe"})
        bibliography.block = read_block
        (project / "docs/index.md").write_text(page + "\nAgain [@doe2020, p. 9].\n", "utf-8")
        config = load_config(str(project / "mkdocs.yml"))
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        formatter = plugin.citations.formatter
        assert (formatter.runs, formatter.narrowed) == (0, 1)
    finally:
        config.plugins.on_shutdown()
    (project / "docs/index.md").write_text(page, "utf-8")
    assert pandoc_runs(build(project, "warm")) == []
    assert site_files(project / "warm") == site_files(project / "cold")
