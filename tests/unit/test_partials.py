"""`template_source`: what a kept rendering depends on, includes and all; and where
Seminar's compiled templates are kept (`TemplateBytecode`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2

import seminar
from seminar.diskcache import DiskCache
from seminar.partials import TemplateBytecode, partials_environment, template_source


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


def _page_template(tmp_path: Path) -> Path:
    """A folder of templates holding `page.html`."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ x }}</p>", "utf-8")
    return templates


def _attached(folder: Path) -> TemplateBytecode:
    cache = TemplateBytecode()
    cache.attach(DiskCache(folder))
    return cache


def _compiled(folder: Path, cache: TemplateBytecode) -> list[str | None]:
    """Load `page.html` in a fresh environment; the names of the templates it compiled."""
    compiled: list[str | None] = []

    class Recording(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> object:
            compiled.append(filename)
            return super()._compile(source, filename)

    env = Recording(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache)
    assert env.get_template("page.html").render(x="A & B") == "<p>A & B</p>"
    return [Path(name).name if name else None for name in compiled]


def test_compiled_templates_are_kept_in_the_attached_cache(tmp_path: Path) -> None:
    templates, folder = _page_template(tmp_path), tmp_path / "cache"
    cache = _attached(folder)
    assert _compiled(templates, cache) == ["page.html"]
    kept = list((folder / TemplateBytecode.KIND).iterdir())
    assert [path.suffix for path in kept] == [".marshal"]
    assert _compiled(templates, cache) == []  # read back, not compiled again

    # Another version of the template's source is compiled again, and replaces it.
    (templates / "page.html").write_text("<p>{{ x }}</p>\n", "utf-8")
    assert _compiled(templates, cache) == ["page.html"]
    assert list((folder / TemplateBytecode.KIND).iterdir()) == kept
    assert _compiled(templates, cache) == []


def test_an_unusable_document_is_a_miss(tmp_path: Path) -> None:
    templates, folder = _page_template(tmp_path), tmp_path / "cache"
    cache = _attached(folder)
    _compiled(templates, cache)
    (document,) = (folder / TemplateBytecode.KIND).iterdir()
    for broken in (b"", b"not marshal", document.read_bytes()[:20]):
        document.write_bytes(broken)
        assert _compiled(templates, cache) == ["page.html"]


def test_without_an_attached_cache_nothing_is_kept(tmp_path: Path) -> None:
    templates = _page_template(tmp_path)
    cache = TemplateBytecode()  # as with `cache: false`, or before the plugin attaches one
    assert _compiled(templates, cache) == ["page.html"]
    assert _compiled(templates, cache) == ["page.html"]
    cache.attach(DiskCache(None))
    assert _compiled(templates, cache) == ["page.html"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["templates"]
