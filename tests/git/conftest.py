"""Real repositories for the phase-4 tests: a working repo with a feature branch, a bare remote."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.base import ActionContext, TaskMetrics
from tests.helpers import make_context

RUN_ID = "20260101000000-0000abcd"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def commit(repo: Path, message: str, files: Mapping[str, str | None]) -> str:
    """Write (or delete, for None) files and commit them; returns the new sha."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            git(repo, "rm", "-q", "--", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        git(repo, "add", "--", name)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def state(repo: Path) -> dict[str, Any]:
    """Everything "byte-identical" covers: HEAD, every ref, index, status and every file's hash."""
    files = {}
    for path in sorted(repo.rglob("*")):
        if ".git" in path.relative_to(repo).parts or not path.is_file():
            continue
        files[str(path.relative_to(repo))] = hashlib.sha256(path.read_bytes()).hexdigest()
    head = subprocess.run(["git", "symbolic-ref", "HEAD"], cwd=repo, capture_output=True, text=True).stdout
    return {
        "head": head.strip(),
        "head_sha": git(repo, "rev-parse", "HEAD").strip(),
        "refs": git(repo, "for-each-ref", "--format=%(refname) %(objectname)"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "index": git(repo, "ls-files", "--stage"),
        "files": files,
        "merge_head": (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").exists(),
    }


def gate(passed: bool = True, run_id: str = RUN_ID) -> dict[str, TaskMetrics]:
    return {
        "quality.gate": TaskMetrics(
            task="quality.gate", action="quality.gate", run_id=run_id, metrics={"passed": passed}
        )
    }


@dataclass
class Project:
    """A repo with main (tagged v1.2.3-...) and an empty feature branch, plus a project folder."""

    root: Path
    repo: Path
    remote: Path | None = None

    def ctx(self, results: Mapping[str, TaskMetrics] | None = None) -> ActionContext:
        return make_context(
            self.root, cwd=self.repo, run_id=RUN_ID, results=gate() if results is None else results
        )

    def on(self, branch: str, message: str, files: Mapping[str, str | None]) -> str:
        git(self.repo, "switch", "-q", branch)
        sha = commit(self.repo, message, files)
        git(self.repo, "switch", "-q", "main")
        return sha

    def add_remote(self, hook: str | None = None) -> Path:
        bare = self.root / "remote.git"
        git(self.root, "init", "-q", "--bare", str(bare))
        git(self.repo, "remote", "add", "origin", str(bare))
        git(self.repo, "push", "-q", "origin", "refs/heads/main:refs/heads/main")
        if hook is not None:
            script = bare / "hooks" / "pre-receive"
            script.write_text(hook)
            script.chmod(0o755)
        self.remote = bare
        return bare


INITIAL_CHANGELOG = """# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

## [1.2.3] - 2025-01-01
### Fixed
- an old fix (0000000)
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    repo = root / "app"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "chore: initial import",
        {
            "README.md": "# Shulelabs\n",
            "CHANGELOG.md": INITIAL_CHANGELOG,
            "app/Controllers/Home.php": "<?php\n// home\nreturn 'home';\n",
        },
    )
    git(repo, "tag", "-a", "-m", "Release 1.2.3", "v1.2.3-20250101-000000")
    git(repo, "branch", "feature/teachers")
    return Project(root=root, repo=repo)
