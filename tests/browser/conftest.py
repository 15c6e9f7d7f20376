"""Browser fixtures: the showcase built in `tmp_path`, served on 127.0.0.1, opened in Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright

from tests.conftest import REPO, run_build

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """`SEMINAR_CHROMIUM`, or the first browser `make chromium` may have installed."""
    if path := os.environ.get("SEMINAR_CHROMIUM"):
        return path
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError("no Chromium found: run `make chromium` (or set SEMINAR_CHROMIUM)")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The showcase, built with a matching `site_url` and served over HTTP."""
    project = tmp_path_factory.mktemp("browser") / "course"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copy(REPO / "references.bib", project)
    shutil.copytree(REPO / "docs", project / "docs")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    config = load_config(str(project / "mkdocs.yml"), site_url=url, strict=True)
    run_build(config)
    handler = partial(_QuietHandler, directory=str(Path(config.site_dir)))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
