"""`seminar.scaffold`: the course template, its rendering, and the refusal to overwrite."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from packaging.requirements import Requirement

from seminar import __version__
from seminar.scaffold import (
    ScaffoldError,
    create_course,
    default_title,
    render_course,
    target_name,
    template_files,
)

COURSE_FILES = [
    ".github/workflows/pages.yml",
    ".gitignore",
    "Makefile",
    "README.md",
    "docs/essay.md",
    "docs/glossary.md",
    "docs/index.md",
    "docs/references.md",
    "mkdocs.yml",
    "references.bib",
    "requirements.txt",
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("Makefile", "Makefile"),
        ("mkdocs.yml.jinja", "mkdocs.yml"),
        ("docs/index.md.jinja", "docs/index.md"),
        ("docs/essay.md", "docs/essay.md"),
        ("dot-gitignore", ".gitignore"),
        ("dot-github/workflows/pages.yml", ".github/workflows/pages.yml"),
        ("docs/dot-pages", "docs/.pages"),
        ("notes.jinja.md", "notes.jinja.md"),
        ("a-dot-b.txt", "a-dot-b.txt"),
    ],
)
def test_target_name(relative, expected):
    assert target_name(relative) == expected


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("mycourse", "Mycourse"),
        ("intro-to-ethics", "Intro to ethics"),
        ("soc_101", "Soc 101"),
        ("  --  ", "My course"),
        ("économie-politique", "Économie politique"),
    ],
)
def test_default_title(tmp_path, folder, expected):
    assert default_title(tmp_path / folder) == expected


def test_the_template_has_exactly_the_course_files():
    assert [f.target for f in template_files()] == COURSE_FILES
    assert sorted(render_course("T")) == COURSE_FILES


def test_only_jinja_files_are_rendered():
    rendered = {f.target for f in template_files() if f.rendered}
    assert rendered == {"README.md", "docs/index.md", "mkdocs.yml", "requirements.txt"}


def test_files_copied_as_is_are_byte_for_byte_the_template():
    course = render_course("T")
    for file in template_files():
        if not file.rendered:
            assert course[file.target] == file.source.read_text(encoding="utf-8"), file.target


def test_requirements_pin_this_version_of_mkdocs_seminar():
    lines = render_course("T", version="9.8.7")["requirements.txt"].splitlines()
    (line,) = [line for line in lines if line and not line.startswith("#")]
    requirement = Requirement(line)
    assert requirement.name == "mkdocs-seminar"
    assert str(requirement.specifier) == "==9.8.7"
    default = render_course("T")["requirements.txt"]
    assert f"mkdocs-seminar=={__version__}\n" in default


def test_makefile_keeps_its_tabs_and_targets():
    makefile = render_course("T")["Makefile"]
    for target in ("serve:", "build:", "check:", "test:", "clean:"):
        assert any(line.startswith(target) for line in makefile.splitlines()), target
    assert "\t$(BIN)/mkdocs build --strict" in makefile
    assert "\t$(BIN)/seminar check --format $(CHECK_FORMAT)" in makefile
    assert "test: check" in makefile
    assert "--requirement requirements.txt" in makefile


@pytest.mark.parametrize(
    "title",
    ["Ethics 101", "Ethics: an introduction", 'The "good" life', "# not a comment", "Über Kant"],
)
def test_title_reaches_readme_and_landing_page(title):
    course = render_course(title)
    assert course["README.md"].startswith(f"# {title}\n")
    assert f"\n# {title}\n" in course["docs/index.md"]


@pytest.mark.parametrize("title", ["", "   ", "Line one\nline two", "Tab\tinside"])
def test_bad_title_is_refused(title, tmp_path):
    with pytest.raises(ScaffoldError, match="title"):
        create_course(tmp_path / "course", title=title)
    assert not (tmp_path / "course").exists()


def test_references_bib_is_one_complete_entry_the_essay_cites():
    course = render_course("T")
    library = bibtexparser.parse_string(course["references.bib"])
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.entry_type == "book"
    for field in ("author", "title", "publisher", "address", "year"):
        assert entry.fields_dict[field].value.strip(), field
    assert f"[@{entry.key}]" in course["docs/essay.md"]


def test_glossary_is_a_definition_list_with_aliases():
    glossary = render_course("T")["docs/glossary.md"]
    definitions = [line for line in glossary.splitlines() if line.startswith(":   ")]
    assert len(definitions) >= 3
    assert "Claim\nClaims\n:   " in glossary


def test_new_folder_gets_every_file(tmp_path):
    folder = tmp_path / "deep" / "course"
    written = create_course(folder, title="Ethics")
    assert written == COURSE_FILES
    assert snapshot(folder) == {
        name: text.encode() for name, text in render_course("Ethics").items()
    }


@pytest.mark.parametrize(
    ("existing", "conflicts"),
    [
        ({}, []),
        ({"notes.txt": "mine"}, []),
        ({".git/HEAD": "ref: refs/heads/main\n"}, []),
        ({"mkdocs.yml": "site_name: Mine\n"}, ["mkdocs.yml"]),
        (
            {"docs/essay.md": "# Mine\n", ".gitignore": "*.pdf\n", "docs/other.md": "x"},
            [".gitignore", "docs/essay.md"],
        ),
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_existing_files_are_overwritten_only_with_force(tmp_path, existing, conflicts, force):
    folder = tmp_path / "course"
    folder.mkdir()
    for name, text in existing.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    before = snapshot(folder)
    template = render_course("Course")

    if conflicts and not force:
        with pytest.raises(ScaffoldError) as raised:
            create_course(folder, title="Course", force=force)
        message = str(raised.value)
        assert f"would be overwritten: {', '.join(conflicts)}." in message
        assert "--force" in message
        assert snapshot(folder) == before  # nothing written, nothing lost
        return

    assert create_course(folder, title="Course", force=force) == COURSE_FILES
    after = snapshot(folder)
    for name, text in template.items():
        assert after[name] == text.encode(), name
    for name, data in before.items():
        if name not in template:
            assert after[name] == data, f"{name} is not the template's and must stay"


@pytest.mark.parametrize(
    ("make_obstacle", "named"),
    [
        (lambda f: (f / "mkdocs.yml").mkdir(), "mkdocs.yml"),
        (lambda f: (f / "docs").write_text("a file\n"), "docs"),
        (lambda f: (f / ".github").write_text("a file\n"), ".github"),
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_a_path_in_the_way_is_refused_even_with_force(tmp_path, make_obstacle, named, force):
    folder = tmp_path / "course"
    folder.mkdir()
    make_obstacle(folder)
    before = snapshot(folder)
    with pytest.raises(ScaffoldError, match=f"in the way of the new course's files.*: {named}\\."):
        create_course(folder, force=force)
    assert snapshot(folder) == before


def test_a_file_instead_of_a_folder_is_refused(tmp_path):
    target = tmp_path / "course"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="is a file, not a folder"):
        create_course(target, force=True)


def test_a_symlink_is_replaced_not_written_through(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (folder / "README.md").symlink_to(outside)
    with pytest.raises(ScaffoldError, match=r"README\.md"):
        create_course(folder)
    create_course(folder, force=True)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (folder / "README.md").is_symlink()
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Course\n")
