"""git.release end to end against real repositories: merge, tag, changelog, notes, push, rerun."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from shulorch.actions.git.release import release
from shulorch.errors import ActionError
from tests.git.conftest import Project, commit, git, state

TAG_RE = re.compile(r"^v1\.3\.0-\d{8}-\d{6}$")


def _feature(project: Project) -> None:
    project.on(
        "feature/teachers",
        "feat(teachers): teachers module\n\nAdds the list view.",
        {"app/Modules/Teachers/List.php": "<?php\n// list\nreturn [];\n"},
    )
    project.on(
        "feature/teachers", "fix: escape names", {"app/Controllers/Home.php": "<?php\n// home\nreturn 'x';\n"}
    )


def test_clean_merge_tags_writes_changelog_and_notes(project: Project) -> None:
    _feature(project)
    main_before = git(project.repo, "rev-parse", "main").strip()
    ctx = project.ctx()
    result = release(ctx, {"branch": "feature/teachers"})
    m = result.metrics
    assert m["version"] == "1.3.0" and m["bump"] == "minor" and m["noop"] is False
    assert TAG_RE.match(m["tag"]), m["tag"]
    assert m["previous_tag"] == "v1.2.3-20250101-000000"
    assert (m["commits"], m["authors"]) == (2, 1)
    # 1 new file of 3 lines, 1 changed line in Home.php: measured by git on the merge.
    assert (m["files_changed"], m["insertions"], m["deletions"]) == (2, 4, 1)
    assert m["pushed"] is False and m["resolutions"] == []
    repo = project.repo
    parents = git(repo, "rev-list", "--parents", "-n1", m["merge_commit"]).split()
    assert parents[1] == main_before and len(parents) == 3
    assert git(repo, "cat-file", "-t", m["tag"]).strip() == "tag"  # annotated
    assert git(repo, "rev-parse", f"{m['tag']}^{{commit}}").strip() == git(repo, "rev-parse", "HEAD").strip()
    assert git(repo, "log", "-1", "--format=%s").strip() == f"chore(release): {m['tag']}"
    assert git(repo, "status", "--porcelain").strip() == ""
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.index("## [Unreleased]") < changelog.index("## [1.3.0]") < changelog.index("## [1.2.3]")
    assert "### Added\n- **teachers:** teachers module (" in changelog
    assert "### Fixed\n- escape names (" in changelog
    md, js = (Path(p) for p in result.artifacts)
    assert md.parent == ctx.report_dir and md.read_text().startswith(f"# Release 1.3.0 ({m['tag']})")
    facts = json.loads(js.read_text())
    assert facts["tag"] == m["tag"] and facts["previous_tag"] == m["previous_tag"]
    assert [c["subject"] for c in facts["commits"]] == [
        "feat(teachers): teachers module",
        "fix: escape names",
    ]
    assert facts["authors"] == ["Test Author <test@example.com>"]
    assert sorted(facts["files"]) == ["app/Controllers/Home.php", "app/Modules/Teachers/List.php"]


def test_rerun_with_nothing_new_is_a_noop(project: Project) -> None:
    _feature(project)
    first = release(project.ctx(), {"branch": "feature/teachers"})
    before = state(project.repo)
    second = release(project.ctx(), {"branch": "feature/teachers"})
    assert second.metrics["noop"] is True
    assert second.metrics["tag"] == first.metrics["tag"]
    assert state(project.repo) == before
    assert len(git(project.repo, "tag", "--list").split()) == 2


def test_merge_from_the_feature_branch_checkout_ends_on_main(project: Project) -> None:
    _feature(project)
    git(project.repo, "switch", "-q", "feature/teachers")
    result = release(project.ctx(), {"branch": "feature/teachers"})
    assert result.metrics["version"] == "1.3.0"
    assert git(project.repo, "symbolic-ref", "--short", "HEAD").strip() == "main"


def test_nothing_release_worthy_merges_without_a_tag(project: Project) -> None:
    project.on("feature/teachers", "docs: explain", {"docs/x.md": "x\n"})
    result = release(project.ctx(), {"branch": "feature/teachers"})
    assert result.metrics["bump"] == "none" and result.metrics["tag"] is None
    assert result.metrics["merge_commit"] is not None
    assert git(project.repo, "tag", "--list").split() == ["v1.2.3-20250101-000000"]
    again = release(project.ctx(), {"branch": "feature/teachers"})
    assert again.metrics["noop"] is True


def test_min_bump_patch_releases_housekeeping(project: Project) -> None:
    project.on("feature/teachers", "chore: deps", {"composer.lock": "{}\n"})
    result = release(project.ctx(), {"branch": "feature/teachers", "min_bump": "patch"})
    assert result.metrics["version"] == "1.2.4"


def test_squash_strategy_makes_one_conventional_commit(project: Project) -> None:
    _feature(project)
    result = release(project.ctx(), {"branch": "feature/teachers", "strategy": "squash"})
    assert result.metrics["version"] == "1.3.0"
    subjects = git(project.repo, "log", "--format=%s", "v1.2.3-20250101-000000..main").splitlines()
    tag = result.metrics["tag"]
    assert subjects == [f"chore(release): {tag}", "feat: merge feature/teachers into main (squashed)"]


def test_ff_only_refuses_diverged_branches_and_changes_nothing(project: Project) -> None:
    _feature(project)
    commit(project.repo, "fix: on main", {"README.md": "# Shulelabs!\n"})
    before = state(project.repo)
    with pytest.raises(ActionError, match="cannot fast-forward") as err:
        release(project.ctx(), {"branch": "feature/teachers", "strategy": "ff-only"})
    assert err.value.exit_code == 1
    assert state(project.repo) == before


def test_ff_only_fast_forwards(project: Project) -> None:
    _feature(project)
    branch_head = git(project.repo, "rev-parse", "feature/teachers").strip()
    result = release(project.ctx(), {"branch": "feature/teachers", "strategy": "ff-only"})
    assert result.metrics["merge_commit"] == branch_head


def test_notes_dir_is_committed_with_the_release(project: Project) -> None:
    _feature(project)
    result = release(project.ctx(), {"branch": "feature/teachers", "notes_dir": "docs/releases"})
    tag = result.metrics["tag"]
    tracked = git(project.repo, "ls-files", "docs/releases").split()
    assert tracked == [f"docs/releases/release-{tag}.json", f"docs/releases/release-{tag}.md"]


def test_dry_run_changes_nothing(project: Project) -> None:
    _feature(project)
    before = state(project.repo)
    ctx = dataclasses.replace(project.ctx(), dry_run=True)
    result = release(ctx, {"branch": "feature/teachers"})
    assert result.metrics["version"] == "1.3.0" and result.metrics["dry_run"] is True
    assert "## [1.3.0]" in result.metrics["changelog_entry"]
    assert state(project.repo) == before


def test_first_release_without_previous_tag(project: Project) -> None:
    git(project.repo, "tag", "-d", "v1.2.3-20250101-000000")
    project.on("feature/teachers", "feat: first", {"a.txt": "a\n"})
    result = release(project.ctx(), {"branch": "feature/teachers", "tag_pattern": "v{version}"})
    assert (result.metrics["tag"], result.metrics["previous_tag"]) == ("v0.1.0", None)
    # From the empty tree: every file of the release counts.
    assert result.metrics["files_changed"] == 4
