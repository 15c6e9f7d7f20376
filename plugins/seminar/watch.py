"""`mkdocs serve`: what to watch besides the pages, and what to serve after a failed rebuild.

Plain Python: no MkDocs import here.
"""

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


def serve_last_good_site(server: object) -> bool:
    """Let a live-reload server answer requests again after a failed rebuild.

    MkDocs' `LiveReloadServer` (1.6) holds every request until the version of
    the site that started building (`_wanted_epoch`) is the one fully built
    (`_visible_epoch`); after a failed rebuild that never happens until a fix.
    Going back to the version on disk serves it again, and browsers are not
    told to reload. The next successful rebuild moves both forward as usual.

    Args:
        server: The `LiveReloadServer` given to `on_serve`.

    Returns:
        Whether the server had the attributes this relies on (another MkDocs
        version may not: then nothing is changed).
    """
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_visible_epoch"):
        return False
    with condition:
        server._wanted_epoch = server._visible_epoch  # type: ignore[attr-defined]
        condition.notify_all()
    return True
