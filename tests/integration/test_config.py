"""A wrong option fails the build at load time, naming the option, the value and the fix."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import run_build

BIB = "@book{key, title={T}, author={A, B}, year={2000}, publisher={P}}\n"


def load(project, **overrides):
    return load_config(str(project / "mkdocs.yml"), **overrides)


def test_defaults_validate(make_project):
    project = make_project({"index.md": "# Hi\n"})
    config = load(project)
    options = config.plugins["seminar"].config
    assert options.enabled is True
    assert options.bibliography == []
    assert options.csl == "apa"
    assert options.glossary is None


def test_bibliography_path_is_resolved_against_mkdocs_yml(make_project):
    project = make_project({"index.md": "# Hi\n"}, seminar="bibliography: references.bib", bib=BIB)
    options = load(project).plugins["seminar"].config
    assert options.bibliography == [str(project / "references.bib")]


def test_bibliography_accepts_a_list(make_project):
    project = make_project(
        {"index.md": "# Hi\n"}, seminar="bibliography: [references.bib, more.bib]", bib=BIB
    )
    (project / "more.bib").write_text(BIB.replace("key", "other"), encoding="utf-8")
    options = load(project).plugins["seminar"].config
    assert options.bibliography == [str(project / "references.bib"), str(project / "more.bib")]


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (
            "bibliography: referencs.bib",
            ["bibliography", "referencs.bib", "does not exist", "Fix:"],
        ),
        ("bibliography: 42", ["bibliography", "42", "Fix:"]),
        ("csl: apaa", ["csl", "'apaa' is not a bundled style", "Did you mean 'apa'?"]),
        ("csl: styles/missing.csl", ["csl", "styles/missing.csl", "does not exist"]),
        ("enabled: maybe", ["enabled", "bool"]),
    ],
)
def test_bad_option_names_option_value_and_fix(make_project, caplog, option, expected):
    project = make_project({"index.md": "# Hi\n"}, seminar=option, bib=BIB)
    with pytest.raises(Abort, match="configuration error"):
        load(project)
    message = caplog.text
    for part in expected:
        assert part in message, (part, message)


def test_csl_path_relative_to_mkdocs_yml(make_project):
    project = make_project({"index.md": "# Hi\n"}, seminar="csl: styles/house.csl")
    (project / "styles").mkdir()
    (project / "styles/house.csl").write_text("<style/>", encoding="utf-8")
    assert load(project).plugins["seminar"].config.csl == str(project / "styles/house.csl")


def test_missing_glossary_page_fails_the_build_naming_the_path(make_project, caplog):
    project = make_project({"index.md": "# Hi\n"}, seminar="glossary: glossry.md")
    config = load(project)
    with pytest.raises(Abort):
        run_build(config)
    assert "option 'glossary': the page 'glossry.md' does not exist" in caplog.text
    assert "Fix:" in caplog.text


def test_plugin_is_registered_under_the_name_seminar():
    from importlib.metadata import entry_points

    (entry,) = entry_points(group="mkdocs.plugins", name="seminar")
    assert entry.value == "seminar.plugin:SeminarPlugin"
