"""Names of the citation styles Seminar ships, and how a `csl` value is resolved.

Plain Python: no MkDocs here. The `.csl` files themselves live in `seminar/csl/`.
"""

from __future__ import annotations

from pathlib import Path

#: Short names an author may write as `csl:`; each is a file `seminar/csl/<name>.csl`.
BUNDLED_STYLES: tuple[str, ...] = ("apa", "chicago-author-date", "harvard", "ieee", "mla")

DEFAULT_STYLE = "apa"


class StyleError(ValueError):
    """A `csl` value names neither a bundled style nor an existing `.csl` file."""


def resolve_style(value: str, base_dir: Path | None = None) -> str:
    """Return a bundled style name unchanged, or the absolute path of a `.csl` file.

    Args:
        value: What the author wrote: a bundled name such as `apa`, or a path.
        base_dir: Directory that relative paths are resolved against
            (the folder holding `mkdocs.yml`).

    Raises:
        StyleError: With a message that says what would be accepted instead.
    """
    if value in BUNDLED_STYLES:
        return value
    if value.endswith(".csl"):
        path = Path(value)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if path.is_file():
            return str(path.resolve())
        raise StyleError(
            f"the style file '{value}' does not exist (looked for '{path}'). "
            "Fix: give a path relative to mkdocs.yml, or use a bundled style: "
            + ", ".join(BUNDLED_STYLES)
            + "."
        )
    import difflib  # only for a misspelt style

    close = [name for name in BUNDLED_STYLES if name.startswith(value.lower())]
    close = close or difflib.get_close_matches(value.lower(), BUNDLED_STYLES, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise StyleError(
        f"'{value}' is not a bundled style.{hint} "
        "Fix: use one of " + ", ".join(BUNDLED_STYLES) + ", or a path to a .csl file."
    )
