"""The `seminar` console script, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from seminar import __version__

SCRIPT = Path(sys.executable).with_name("seminar")


def test_version():
    result = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"seminar {__version__}"


def test_help():
    result = subprocess.run([SCRIPT, "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: seminar")
    assert "--version" in result.stdout


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "seminar", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in result.stdout
