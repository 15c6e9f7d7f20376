"""The wheel `make dist` builds, and a new course installed from it the way a user gets it.

One session-scoped run builds the wheel and sdist, scaffolds a course with
`seminar new`, and lets the course's own Makefile create its `.venv` from its
pinned `requirements.txt`, with pip pointed at the freshly built wheel
(`PIP_FIND_LINKS`). pip's own cache is left on, so reruns are quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from seminar import __version__
from tests.conftest import REPO
from tests.htmltext import page_text

PACKAGE = REPO / "plugins" / "seminar"
WHEEL = f"mkdocs_seminar-{__version__}-py3-none-any.whl"
SDIST = f"mkdocs_seminar-{__version__}.tar.gz"


def package_files() -> list[str]:
    """Every file of the `seminar` package in this checkout, as `seminar/...`."""
    return sorted(
        "seminar/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist, built as `make dist` builds them, in a temporary folder."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a user's `make`: none of the outer make's variables leak in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV"}
    }
    env.update(extra)
    return env


def make(folder: Path, env: dict[str, str], target: str) -> subprocess.CompletedProcess[str]:
    """Run `make TARGET` in the course as its user would."""
    return subprocess.run(
        ["make", target],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@dataclass
class Course:
    folder: Path
    env: dict[str, str]
    test: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def course(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A course from `seminar new`, after its own `make test` and `make build`."""
    folder = tmp_path_factory.mktemp("user") / "mycourse"
    subprocess.run(
        [Path(sys.executable).with_name("seminar"), "new", str(folder)],
        check=True,
        capture_output=True,
    )
    links = " ".join(filter(None, [str(dist), os.environ.get("PIP_FIND_LINKS")]))
    env = clean_env(
        PIP_FIND_LINKS=links,
        # The same versions of MkDocs, Material & co. that this repository tests with.
        PIP_CONSTRAINT=str(REPO / ".ci" / "constraints.txt"),
    )
    return Course(folder, env, make(folder, env, "test"), make(folder, env, "build"))


def test_the_wheel_holds_every_package_file(dist: Path):
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        names = wheel.namelist()
        entry_points = wheel.read(f"mkdocs_seminar-{__version__}.dist-info/entry_points.txt")
    files = package_files()
    assert "seminar/py.typed" in files
    assert "seminar/scaffold/template/dot-github/workflows/pages.yml" in files
    assert "seminar/scaffold/template/Makefile" in files
    assert sorted(n for n in names if n.startswith("seminar/")) == files
    assert b"seminar = seminar.plugin:SeminarPlugin" in entry_points
    assert b"seminar = seminar.cli:main" in entry_points


def test_the_sdist_holds_every_package_file(dist: Path):
    with tarfile.open(dist / SDIST) as sdist:
        names = sdist.getnames()
    root = f"mkdocs_seminar-{__version__}/"
    inside = sorted(
        n.removeprefix(root + "plugins/")
        for n in names
        if n.startswith(root + "plugins/seminar/") and not n.endswith("/")
    )
    assert inside == package_files()
    assert root + "pyproject.toml" in names
    assert root + "README.md" in names


def test_the_course_pins_the_version_the_wheel_has(course: Course, dist: Path):
    requirements = (course.folder / "requirements.txt").read_text(encoding="utf-8")
    assert f"\nmkdocs-seminar=={__version__}\n" in requirements
    assert (dist / WHEEL).is_file()


def test_make_test_builds_the_new_course_strictly(course: Course):
    assert course.test.returncode == 0, course.test.stdout + course.test.stderr
    # `seminar check` first, then the strict build.
    assert "seminar check: no problems in 4 pages." in course.test.stdout
    assert course.test.stdout.index("seminar check") < course.test.stdout.index("mkdocs build")
    assert "mkdocs build --strict" in course.test.stdout
    site = course.folder / ".cache" / "test-site"
    assert "What Makes an Argument" in page_text(site, "essay/index.html")
    assert "Mycourse" in page_text(site, "index.html")


def test_make_build_writes_the_site(course: Course):
    assert course.build.returncode == 0, course.build.stdout + course.build.stderr
    site = course.folder / "site"
    for page in ("index.html", "essay/index.html", "glossary/index.html", "references/index.html"):
        assert (site / page).is_file(), page
    assert "What Makes an Argument" in page_text(site, "essay/index.html")


def test_seminar_comes_from_the_wheel_into_the_courses_own_venv(course: Course):
    venv = course.folder / ".venv"
    where = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "import seminar; print(seminar.__file__, seminar.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(venv)
    assert "site-packages" in Path(where[0]).parts
    assert where[1] == __version__


def test_make_test_fails_on_a_broken_link(course: Course):
    essay = course.folder / "docs" / "essay.md"
    original = essay.read_text(encoding="utf-8")
    try:
        essay.write_text(original + "\nSee [the syllabus](syllabus.md).\n", encoding="utf-8")
        broken = make(course.folder, course.env, "test")
    finally:
        essay.write_text(original, encoding="utf-8")
    assert broken.returncode != 0
    assert "WARNING -  Doc file 'essay.md' contains a link 'syllabus.md'" in broken.stderr
    assert "Aborted with 1 warnings in strict mode!" in broken.stdout + broken.stderr


def test_make_test_stops_at_a_mistyped_key_with_its_line(course: Course):
    essay = course.folder / "docs" / "essay.md"
    original = essay.read_text(encoding="utf-8")
    line = original[: original.index("[@booth2016]")].count("\n") + 1
    try:
        essay.write_text(original.replace("[@booth2016]", "[@boot2016]"), encoding="utf-8")
        broken = make(course.folder, course.env, "test")
    finally:
        essay.write_text(original, encoding="utf-8")
    assert broken.returncode != 0
    assert (
        f"docs/essay.md:{line}: error: unknown citation key 'boot2016' — did you mean "
        "'booth2016'?" in broken.stdout
    )
    assert "mkdocs build" not in broken.stdout  # the check stopped `make test` before the build
