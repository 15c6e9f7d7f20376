"""`template_source`: what a kept rendering depends on, includes and all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jinja2

from seminar.partials import partials_environment, template_source

if TYPE_CHECKING:
    from pathlib import Path


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
