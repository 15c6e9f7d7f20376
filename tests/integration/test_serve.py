"""`mkdocs serve` run for real: it watches the `.bib` and `.csl` files and rebuilds on a change."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import seminar
from seminar.watch import checkout_templates_dir

MKDOCS = Path(sys.executable).with_name("mkdocs")

BIB = "@book{key, title={T}, author={A, B}, year={2000}, publisher={P}}\n"

# A minimal, valid CSL 1.0 style.
CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>House style</title>
    <id>house-style</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout prefix="(" suffix=")" delimiter="; ">
      <names variable="author"><name form="short"/></names>
      <date variable="issued" prefix=", "><date-part name="year"/></date>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <names variable="author"><name/></names>
      <date variable="issued" prefix=" (" suffix=")."><date-part name="year"/></date>
      <text variable="title" prefix=" " font-style="italic"/>
    </layout>
  </bibliography>
</style>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    """`mkdocs serve` in a project folder, its log read line by line."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """Return the first new log line containing `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.log.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not logged within {timeout}s:\n" + "".join(self.log))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.process.stderr is not None
        self.process.stderr.close()


def test_serve_watches_bib_and_csl_and_rebuilds_on_a_change(make_project):
    project = make_project(
        {"index.md": "# Hi\n\nA page.\n"},
        seminar="bibliography: references.bib\ncsl: styles/house.csl",
        bib=BIB,
    )
    (project / "styles").mkdir()
    csl = project / "styles" / "house.csl"
    csl.write_text(CSL, encoding="utf-8")
    serve = Serve(project)
    try:
        watching = serve.wait_for("Watching paths for changes:")
        assert "'references.bib'" in watching
        assert "'styles/house.csl'" in watching
        # From this checkout, Seminar's own templates are watched too, once it has some.
        templates = checkout_templates_dir(Path(seminar.__file__).parent)
        if templates is None:
            assert "templates" not in watching
        else:
            assert f"'{templates}'" in watching
        serve.wait_for("Serving on http://127.0.0.1:")

        csl.write_text(CSL.replace("House style", "House style, edited"), encoding="utf-8")
        serve.wait_for("Detected file changes")
        serve.wait_for("Reloading browsers")

        (project / "references.bib").write_text(BIB + BIB.replace("key", "other"), encoding="utf-8")
        serve.wait_for("Detected file changes")
        serve.wait_for("Reloading browsers")
    finally:
        serve.stop()


def test_a_bundled_style_name_is_not_watched_as_a_path(make_project):
    project = make_project({"index.md": "# Hi\n"}, seminar="csl: apa")
    serve = Serve(project)
    try:
        watching = serve.wait_for("Watching paths for changes:")
        assert "'apa'" not in watching
        serve.wait_for("Serving on http://127.0.0.1:")
    finally:
        serve.stop()
