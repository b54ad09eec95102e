"""Pre-merge checks: a clean tree, both branches present, main not behind its remote, the gate green."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.git.options import ReleaseOptions, parse_options
from shulorch.actions.git.repo import Git, check_branch_name, first_lines, porcelain_paths
from shulorch.errors import ActionError

_IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply")


@dataclass(frozen=True, slots=True, kw_only=True)
class Start:
    """Where the repository stood before phase 4 touched it."""

    main_sha: str
    branch_sha: str
    checked_out: str  # the branch HEAD was on; switched back to if the release fails
    untracked: frozenset[str]  # every untracked file at the start, shulorch's own included
    exempt: tuple[Path, ...]  # shulorch's state, report and log folders

    def foreign(self, path: str, root: Path) -> bool:
        """An untracked file the release did not create and must not touch."""
        return path in self.untracked or any(_inside(root / path, f) for f in self.exempt)


def git_for(ctx: ActionContext, opts: ReleaseOptions) -> Git:
    root = ctx.path(opts.repo)
    if not root.is_dir():
        raise ActionError(f"{ctx.task}: repository folder {root} does not exist; fix `repo`")
    git = Git(root=root, env=ctx.env, tracker=ctx.tracker, timeout=ctx.timeout or 300, where=ctx.task)
    top = git.run("rev-parse", "--show-toplevel")
    if not top.ok or not top.stdout.strip():
        raise ActionError(f"{ctx.task}: {root} is not a git working tree; fix `repo`")
    # A folder inside some other repository (an example app inside the tool's own checkout, say)
    # would make phase 4 merge and tag that other repository: refuse instead of guessing.
    if Path(top.stdout.strip()).resolve() != root.resolve():
        raise ActionError(
            f"{ctx.task}: {root} is not the top of a git working tree (it is inside {top.stdout.strip()}); "
            "point `repo` at the repository's root folder"
        )
    return git


def locate(git: Git, opts: ReleaseOptions) -> tuple[str, str, str]:
    """Validated names resolved to commits: (main sha, branch sha, branch HEAD is on)."""
    check_branch_name(git, opts.main, "main")
    check_branch_name(git, opts.branch, "branch")
    if opts.branch == opts.main:
        raise ActionError(f"{git.where}: branch and main are both {opts.main!r}; name the feature branch")
    main_sha = git.sha(f"refs/heads/{opts.main}")
    if main_sha is None:
        raise ActionError(f"{git.where}: branch {opts.main!r} does not exist in {git.root}; fix `main`")
    branch_sha = git.sha(f"refs/heads/{opts.branch}")
    if branch_sha is None:
        raise ActionError(
            f"{git.where}: branch {opts.branch!r} does not exist in {git.root}; "
            "create or fetch it, or fix `branch`"
        )
    current = git.current_branch()
    if current is None:
        raise ActionError(f"{git.where}: HEAD is detached in {git.root}; check out a branch first")
    return main_sha, branch_sha, current


def check_start(ctx: ActionContext, git: Git, opts: ReleaseOptions) -> Start:
    """Every pre-merge check; returns where the repository stands, or raises naming what to fix."""
    main_sha, branch_sha, current = locate(git, opts)
    git_dir = git.git_dir()
    busy = [name for name in _IN_PROGRESS if (git_dir / name).exists()]
    if busy:
        raise ActionError(
            f"{git.where}: an operation is in progress in {git.root} ({', '.join(busy)}); finish or abort it"
        )
    tracked: list[str] = []
    untracked: set[str] = set()
    exempt = (ctx.state_dir, ctx.report_dir.parent, ctx.log_dir)
    everything: set[str] = set()
    for status, path in porcelain_paths(git):
        if status != "??":
            tracked.append(path)
            continue
        everything.add(path)
        if not any(_inside(git.root / path, folder) for folder in exempt):
            untracked.add(path)
    if tracked:
        raise ActionError(
            f"{git.where}: working tree of {git.root} is not clean: {first_lines(tracked)}; "
            "commit or stash first"
        )
    if untracked and not opts.allow_untracked:
        raise ActionError(
            f"{git.where}: untracked files in {git.root}: {first_lines(sorted(untracked))}; "
            "commit, ignore or remove them (or set allow_untracked: true)"
        )
    if opts.remote is not None:
        check_remote(git, opts, main_sha)
    return Start(
        main_sha=main_sha,
        branch_sha=branch_sha,
        checked_out=current,
        untracked=frozenset(everything),
        exempt=exempt,
    )


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def check_remote(git: Git, opts: ReleaseOptions, main_sha: str) -> None:
    """Main must contain the remote's main. ls-remote reads without fetching, so no ref changes."""
    remote = opts.remote or ""
    if remote.startswith("-") or remote not in git.out("remote").split():
        raise ActionError(f"{git.where}: remote {remote!r} is not configured in {git.root}; fix `remote`")
    result = git.run("ls-remote", "--heads", remote, f"refs/heads/{opts.main}")
    if not result.ok:
        raise ActionError(f"{git.where}: cannot reach remote {remote!r}:\n{result.tail()}")
    line = result.stdout.strip()
    if not line:
        return  # the remote has no main yet: the push creates it
    remote_sha = line.split()[0]
    known = git.ok("cat-file", "-e", f"{remote_sha}^{{commit}}")
    if not known or not git.is_ancestor(remote_sha, main_sha):
        raise ActionError(
            f"{git.where}: {opts.main} is behind {remote}/{opts.main} ({remote_sha[:10]}); "
            f"pull {remote} {opts.main} first"
        )


def check_gate(ctx: ActionContext, opts: ReleaseOptions) -> str:
    """Phase 3's verdict in this run: every quality.gate result must say passed: true."""
    gates = ctx.metrics_by_action("quality.gate")
    failed = [g for g in gates if g.metrics.get("passed") is not True]
    if failed:
        names = ", ".join(f"{g.task} (run {g.run_id})" for g in failed)
        raise ActionError(
            f"{ctx.task}: quality gate has not passed in this run: {names}; fix the findings first"
        )
    if not gates:
        if opts.require_gate:
            raise ActionError(
                f"{ctx.task}: quality gate has not passed in this run (no quality.gate result); "
                "add the gate task to `deps`, or set require_gate: false"
            )
        return "no quality gate (require_gate: false)"
    for gate in gates:
        if gate.run_id != ctx.run_id:
            ctx.log.info(f"{ctx.task}: {gate.task} is up to date; its pass is from run {gate.run_id}")
    return "quality gate passed: " + ", ".join(g.task for g in gates)


def premerge(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Action ``git.premerge``: the checks alone, changing nothing."""
    opts = parse_options(args, ctx.task)
    git = git_for(ctx, opts)
    start = check_start(ctx, git, opts)
    gate = check_gate(ctx, opts)
    contained = git.is_ancestor(start.branch_sha, start.main_sha)
    return ActionResult(
        summary=f"{opts.branch} ({start.branch_sha[:10]}) can merge into {opts.main}; {gate}",
        metrics={
            "branch": opts.branch,
            "branch_sha": start.branch_sha,
            "main_sha": start.main_sha,
            "already_merged": contained,
            "gate": gate,
        },
    )
