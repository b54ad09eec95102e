"""``shulorch release plan``: in-process through ``main(argv)`` and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from shulorch.actions.git.release import release
from shulorch.cli import main
from tests.git.conftest import Project, git, state


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_plan_shows_version_reason_and_entry_without_changing_anything(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = project.on("feature/teachers", "feat(teachers): list", {"t.php": "<?php\n"})
    before = state(project.repo)
    code, out, _ = _run(
        ["release", "plan", "--repo", str(project.repo), "--branch", "feature/teachers"], capsys
    )
    assert code == 0
    assert "previous tag: v1.2.3-20250101-000000 (1.2.3)" in out
    assert f"bump: minor: feat in {sha[:7]} 'feat(teachers): list'" in out
    assert "next version: 1.3.0" in out
    assert f"### Added\n- **teachers:** list ({sha[:7]})" in out
    assert state(project.repo) == before


def test_plan_as_json_and_noop_after_release(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.on("feature/teachers", "fix: a", {"a.txt": "a\n"})
    argv = ["release", "plan", "--repo", str(project.repo), "--branch", "feature/teachers", "--json"]
    code, out, _ = _run(argv, capsys)
    data = json.loads(out)
    assert (code, data["version"], data["bump"], data["noop"]) == (0, "1.2.4", "patch", False)
    tag = release(project.ctx(), {"branch": "feature/teachers"}).metrics["tag"]
    code, out, _ = _run(argv, capsys)
    assert json.loads(out)["released_as"] == tag
    code, out, _ = _run(argv[:-1], capsys)
    assert f"already released as {tag}" in out


def test_plan_refuses_hostile_branch_with_exit_1(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["release", "plan", "--repo", str(project.repo), "--branch", "x/$(touch y)"], capsys)
    assert code == 1
    assert "not a valid branch name" in err
    assert not (project.repo / "y").exists()


def test_plan_as_a_real_process(project: Project) -> None:
    project.on("feature/teachers", "feat!: new api", {"api.php": "<?php\n"})
    done = subprocess.run(
        [sys.executable, "-m", "shulorch", "release", "plan", "--branch", "feature/teachers"],
        cwd=project.repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "next version: 2.0.0" in done.stdout
    assert git(project.repo, "status", "--porcelain") == ""


def test_plan_refuses_a_folder_inside_a_repository(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["release", "plan", "--repo", str(project.repo / "app")], capsys)
    assert code == 1 and "not the top of a git working tree" in err
