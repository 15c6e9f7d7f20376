"""`checkout_templates_dir`: Seminar's templates are watched only in a source checkout."""

from __future__ import annotations

import pytest

from seminar.watch import checkout_templates_dir


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        # A checkout: plugins/seminar/ two levels below pyproject.toml.
        (["pyproject.toml", "plugins/seminar/templates/"], "plugins/seminar/templates"),
        # A checkout whose package has no templates (yet): nothing to watch.
        (["pyproject.toml", "plugins/seminar/"], None),
        # An installed wheel: site-packages/seminar/, no pyproject.toml above it.
        (["lib/python3.11/site-packages/seminar/templates/"], None),
        # A pyproject.toml right next to the package is not ours.
        (["plugins/pyproject.toml", "plugins/seminar/templates/"], None),
    ],
)
def test_checkout_templates_dir(tmp_path, layout, expected):
    for item in layout:
        path = tmp_path / item
        if item.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")
    package = next(p for p in tmp_path.rglob("seminar") if p.is_dir())
    found = checkout_templates_dir(package)
    assert found == (None if expected is None else tmp_path / expected)
