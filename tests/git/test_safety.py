"""Pre-merge refusals and the remote: hostile names, dirty trees, tags, the gate, atomic pushes."""

from __future__ import annotations

from pathlib import Path

import pytest

from shulorch.actions.git.premerge import premerge
from shulorch.actions.git.release import release
from shulorch.errors import ActionError
from tests.git.conftest import Project, commit, gate, git, state

REJECT_TAGS = """#!/bin/sh
while read old new ref; do
  case "$ref" in refs/tags/*) echo "tags are frozen: $ref" >&2; exit 1;; esac
done
exit 0
"""


@pytest.mark.parametrize(
    "name",
    ["feat/$(touch x)", "-rf", "--upload-pack=touch x", "..", "feat..x", "@{-1}", "feat/a b", "HEAD", ""],
)
def test_hostile_branch_names_are_refused(project: Project, name: str) -> None:
    git(project.repo, "switch", "-q", "feature/teachers")
    git(project.repo, "switch", "-q", "main")  # so that @{-1} would mean feature/teachers
    before = state(project.repo)
    with pytest.raises(ActionError, match="branch") as err:
        release(project.ctx(), {"branch": name})
    assert err.value.exit_code == 1
    assert state(project.repo) == before
    assert not (project.repo / "x").exists() and not (project.root / "x").exists()


def test_hostile_main_name_is_refused(project: Project) -> None:
    with pytest.raises(ActionError, match="main '-q' starts with '-'"):
        release(project.ctx(), {"branch": "feature/teachers", "main": "-q"})


def test_valid_but_shell_looking_branch_name_is_passed_inert(project: Project, tmp_path: Path) -> None:
    name = "feat/$(touch${IFS}pwned)`touch${IFS}pwned2`"
    git(project.repo, "branch", name, "main")
    project.on(name, "feat: odd name", {"odd.txt": "odd\n"})
    result = release(project.ctx(), {"branch": name})
    assert result.metrics["merged_branch"] == name and result.metrics["version"] == "1.3.0"
    assert (
        git(project.repo, "log", "-1", "--format=%s", "HEAD^").strip() == f"Merge branch '{name}' into main"
    )
    assert list(tmp_path.rglob("pwned*")) == []


def test_missing_branch_is_named(project: Project) -> None:
    with pytest.raises(ActionError, match="branch 'feature/nope' does not exist"):
        release(project.ctx(), {"branch": "feature/nope"})


@pytest.mark.parametrize("dirt", ["modified", "staged", "untracked"])
def test_dirty_tree_is_refused_and_left_alone(project: Project, dirt: str) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    if dirt == "untracked":
        (project.repo / "scratch.php").write_text("<?php\n")
    else:
        (project.repo / "README.md").write_text("edited\n")
        if dirt == "staged":
            git(project.repo, "add", "README.md")
    before = state(project.repo)
    with pytest.raises(ActionError) as err:
        release(project.ctx(), {"branch": "feature/teachers"})
    assert ("scratch.php" if dirt == "untracked" else "README.md") in err.value.message
    assert state(project.repo) == before


def test_shulorch_reports_inside_the_repo_do_not_count_as_dirt(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    old_report = project.repo / "writable" / "reports" / "older-run" / "report.json"
    old_report.parent.mkdir(parents=True)
    old_report.write_text("{}\n")
    from tests.helpers import make_context

    ctx = make_context(project.repo, results=gate())
    result = release(ctx, {"branch": "feature/teachers"})
    assert result.metrics["version"] == "1.3.0"
    assert all(Path(p).is_relative_to(project.repo / "writable" / "reports") for p in result.artifacts)


def test_existing_tag_is_never_moved(project: Project) -> None:
    git(project.repo, "tag", "v1.2.3")
    other = commit(project.repo, "chore: elsewhere", {"other.txt": "o\n"})
    git(project.repo, "tag", "v1.3.0", other)
    git(project.repo, "reset", "-q", "--hard", "HEAD~1")
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    before = state(project.repo)
    with pytest.raises(ActionError, match=r"tag v1\.3\.0 already exists"):
        release(project.ctx(), {"branch": "feature/teachers", "tag_pattern": "v{version}"})
    assert git(project.repo, "rev-parse", "v1.3.0").strip() == other
    assert state(project.repo) == before


def test_missing_gate_result_fails(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    before = state(project.repo)
    with pytest.raises(ActionError, match="quality gate has not passed in this run"):
        release(project.ctx(results={}), {"branch": "feature/teachers"})
    with pytest.raises(ActionError, match=r"quality gate has not passed in this run: quality\.gate"):
        release(project.ctx(results=gate(passed=False)), {"branch": "feature/teachers"})
    assert state(project.repo) == before
    ok = release(project.ctx(results={}), {"branch": "feature/teachers", "require_gate": False})
    assert ok.metrics["version"] == "1.3.0"


def test_premerge_checks_alone_change_nothing(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    before = state(project.repo)
    result = premerge(project.ctx(), {"branch": "feature/teachers"})
    assert result.metrics["already_merged"] is False
    assert result.metrics["branch_sha"] == git(project.repo, "rev-parse", "feature/teachers").strip()
    assert state(project.repo) == before


def test_push_is_atomic_and_lands_branch_and_tag(project: Project) -> None:
    remote = project.add_remote()
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    result = release(project.ctx(), {"branch": "feature/teachers", "remote": "origin"})
    assert result.metrics["pushed"] is True
    tag = result.metrics["tag"]
    refs = git(remote, "for-each-ref", "--format=%(refname) %(objectname)")
    assert f"refs/heads/main {git(project.repo, 'rev-parse', 'main').strip()}" in refs
    assert f"refs/tags/{tag} {git(project.repo, 'rev-parse', tag).strip()}" in refs


def test_rejected_push_leaves_no_half_pushed_state(project: Project) -> None:
    remote = project.add_remote(hook=REJECT_TAGS)
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    remote_before = git(remote, "for-each-ref", "--format=%(refname) %(objectname)")
    before = state(project.repo)
    with pytest.raises(ActionError, match="push to origin was rejected; nothing was pushed") as err:
        release(project.ctx(), {"branch": "feature/teachers", "remote": "origin"})
    assert "tags are frozen" in err.value.message
    assert git(remote, "for-each-ref", "--format=%(refname) %(objectname)") == remote_before
    assert "refs/tags/" not in remote_before
    assert state(project.repo) == before


def test_main_behind_remote_is_refused(project: Project, tmp_path: Path) -> None:
    remote = project.add_remote()
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    commit(other, "fix: upstream", {"up.txt": "u\n"})
    git(other, "push", "-q", "origin", "main")
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    before = state(project.repo)
    with pytest.raises(ActionError, match="main is behind origin/main"):
        release(project.ctx(), {"branch": "feature/teachers", "remote": "origin"})
    assert state(project.repo) == before


def test_unknown_remote_and_arguments_are_refused(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    with pytest.raises(ActionError, match="remote 'upstream' is not configured"):
        release(project.ctx(), {"branch": "feature/teachers", "remote": "upstream"})
    with pytest.raises(ActionError, match="unknown argument"):
        release(project.ctx(), {"branch": "feature/teachers", "stratgy": "squash"})
    with pytest.raises(ActionError, match="`strategy` must be one of"):
        release(project.ctx(), {"branch": "feature/teachers", "strategy": "octopus"})


def _hook(project: Project, name: str, script: str) -> None:
    hook = project.repo / ".git" / "hooks" / name
    hook.write_text(script)
    hook.chmod(0o755)


def test_failed_release_commit_rolls_back_the_merge(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    _hook(
        project,
        "commit-msg",
        '#!/bin/sh\ngrep -q "^chore(release)" "$1" && { echo "no releases" >&2; exit 1; }\nexit 0\n',
    )
    before = state(project.repo)
    with pytest.raises(ActionError, match="no releases") as err:
        release(project.ctx(), {"branch": "feature/teachers"})
    assert "repository was restored" in err.value.message
    assert state(project.repo) == before


def test_failed_tag_rolls_back_merge_and_release_commit(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    _hook(
        project,
        "reference-transaction",
        '#!/bin/sh\n[ "$1" = prepared ] || exit 0\n'
        'grep -q " refs/tags/" && { echo "tag refused" >&2; exit 1; }\nexit 0\n',
    )
    before = state(project.repo)
    with pytest.raises(ActionError, match="tag refused") as err:
        release(project.ctx(), {"branch": "feature/teachers"})
    assert "repository was restored" in err.value.message
    assert state(project.repo) == before
    assert git(project.repo, "tag", "--list").split() == ["v1.2.3-20250101-000000"]


def test_repo_must_be_the_top_of_a_working_tree(project: Project) -> None:
    project.on("feature/teachers", "feat: b", {"b.txt": "b\n"})
    ctx = project.ctx()
    with pytest.raises(ActionError, match="not the top of a git working tree"):
        release(ctx, {"branch": "feature/teachers", "repo": "app/Controllers"})
    with pytest.raises(ActionError, match="is not a git working tree"):
        release(ctx, {"branch": "feature/teachers", "repo": str(project.root)})
