"""`resolve_style`: a bundled name, a .csl path, or a clear error."""

from __future__ import annotations

import pytest

from seminar.styles import BUNDLED_STYLES, StyleError, resolve_style


@pytest.mark.parametrize("name", BUNDLED_STYLES)
def test_bundled_names_resolve_to_themselves(name):
    assert resolve_style(name) == name


def test_relative_csl_path_is_resolved_against_base(tmp_path):
    (tmp_path / "house.csl").write_text("<style/>", encoding="utf-8")
    assert resolve_style("house.csl", tmp_path) == str(tmp_path / "house.csl")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("apaa", "'apaa' is not a bundled style. Did you mean 'apa'?"),
        ("chicago", "Did you mean 'chicago-author-date'?"),
        ("zzz", "'zzz' is not a bundled style. Fix: use one of apa, "),
        ("nope.csl", "the style file 'nope.csl' does not exist"),
    ],
)
def test_bad_values_explain_the_fix(tmp_path, value, message):
    with pytest.raises(StyleError) as info:
        resolve_style(value, tmp_path)
    assert message in str(info.value)
