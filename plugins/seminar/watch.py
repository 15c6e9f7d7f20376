"""What `mkdocs serve` should watch besides the pages. Plain Python: no MkDocs here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def checkout_templates_dir(package_dir: Path) -> Path | None:
    """The package's `templates/` folder when the package runs from a source checkout.

    A checkout keeps the package in `plugins/seminar/`, two levels below the
    `pyproject.toml` that builds it; an installed wheel has no `pyproject.toml`
    there. Only in a checkout can the templates change while `mkdocs serve` runs.

    Args:
        package_dir: The folder of the `seminar` package.

    Returns:
        The templates folder, or `None` if this is not a checkout or there is none.
    """
    templates = package_dir / "templates"
    if (package_dir.parent.parent / "pyproject.toml").is_file() and templates.is_dir():
        return templates
    return None
