"""`template_source`: what a kept rendering depends on, includes and all."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2

import seminar
from seminar.partials import partials_environment, template_source


def _source(folder: Path, name: str) -> str:
    env = partials_environment(jinja2.Environment(loader=jinja2.FileSystemLoader(folder)))
    return template_source(env, env.get_template(name))


def test_a_template_and_what_it_includes_are_its_source(tmp_path: Path) -> None:
    (tmp_path / "outer.html").write_text('<div>{% include "inner.html" %}</div>', "utf-8")
    (tmp_path / "inner.html").write_text("<p>one</p>", "utf-8")
    (tmp_path / "plain.html").write_text("<p>{{ x | e }}</p>", "utf-8")
    outer, plain = _source(tmp_path, "outer.html"), _source(tmp_path, "plain.html")
    assert outer != plain
    assert len(plain) == 64  # a SHA-256, hexadecimal
    (tmp_path / "inner.html").write_text("<p>two</p>", "utf-8")
    assert _source(tmp_path, "outer.html") != outer
    assert _source(tmp_path, "plain.html") == plain


def test_a_template_whose_include_is_computed_is_never_the_same_twice(tmp_path: Path) -> None:
    (tmp_path / "outer.html").write_text("{% include name %}", "utf-8")
    assert _source(tmp_path, "outer.html") != _source(tmp_path, "outer.html")


def test_parts_rendered_by_their_own_templates_are_not_escaped_again() -> None:
    """Where a theme's environment escapes by default, the bibliography and the handout
    put in each part (already rendered HTML, its values escaped) as it is."""
    templates = Path(seminar.__file__).parent / "templates"
    env = partials_environment(
        jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)
    )
    part = '<div class="part">A &amp; B</div>'
    bibliography = env.get_template("partials/seminar/bibliography.html").render(
        entries=[SimpleNamespace(rendered=part)], cited_in="Cited in:", hanging=True
    )
    handout = env.get_template("partials/seminar/handout.html").render(
        essays=[SimpleNamespace(html=part)]
    )
    assert part in bibliography
    assert part in handout
