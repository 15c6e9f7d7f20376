"""`mkdocs gh-deploy` pushed to a local bare repository: no network involved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MKDOCS = Path(sys.executable).with_name("mkdocs")


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def test_gh_deploy_to_a_local_bare_repository(showcase: Path, tmp_path: Path):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "CI",
        "GIT_AUTHOR_EMAIL": "ci@example.invalid",
        "GIT_COMMITTER_NAME": "CI",
        "GIT_COMMITTER_EMAIL": "ci@example.invalid",
        "NO_MKDOCS_2_WARNING": "1",
    }
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path, env=env)
    git("init", "--quiet", "--initial-branch=main", cwd=showcase, env=env)
    git("add", ".", cwd=showcase, env=env)
    git("commit", "--quiet", "-m", "course", cwd=showcase, env=env)
    git("remote", "add", "origin", str(remote), cwd=showcase, env=env)

    subprocess.run(
        [MKDOCS, "gh-deploy", "--strict", "--force", "--remote-name", "origin"],
        cwd=showcase,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )

    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote, env=env).split()
    assert "index.html" in files
    assert ".nojekyll" in files
    assert "essay/index.html" in files
