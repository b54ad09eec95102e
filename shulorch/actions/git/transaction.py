"""The steps of a release that change the repository, and the rollback that undoes them.

Each step is one git command line or a small group of them. The release action runs them in order
and calls :func:`rollback` on any failure before the push succeeded: main is reset to the commit it
had before this run (the commits dropped are the merge and release commits this run made), a tag
this run created is deleted, and HEAD goes back to the branch it was on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from shulorch.actions.base import Logger
from shulorch.actions.git.changelog import insert_entry
from shulorch.actions.git.conflicts import Resolution, resolve, unmerged_paths
from shulorch.actions.git.notes import ReleaseFacts, write_notes
from shulorch.actions.git.options import ReleaseOptions, Strategy
from shulorch.actions.git.plan import ReleasePlan
from shulorch.actions.git.repo import Git, RepoState, porcelain_paths, snapshot
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic


@dataclass(slots=True, kw_only=True)
class Undo:
    """What this run changed so far; filled in as steps succeed."""

    before: RepoState
    main: str
    main_sha: str
    checked_out: str
    orig_head: str | None
    created_tag: str | None = None
    notes: list[str] = field(default_factory=list)


def merge(
    git: Git,
    opts: ReleaseOptions,
    plan: ReleasePlan,
    branch_sha: str,
    log: Logger,
    *,
    cwd: Path,
    env: Mapping[str, str],
    foreign: Callable[[str], bool],
) -> tuple[str | None, tuple[Resolution, ...]]:
    """Merge the branch into the checked-out main; (merge commit or None, conflict resolutions)."""
    if opts.strategy is Strategy.FF_ONLY:
        result = git.run("merge", "--ff-only", "--no-edit", branch_sha)
        if not result.ok:
            raise ActionError(
                f"{git.where}: {opts.main} cannot fast-forward to {opts.branch}; rebase the branch on "
                f"{opts.main} or use strategy: no-ff\n{result.tail()}"
            )
        return git.sha("HEAD"), ()
    if opts.strategy is Strategy.NO_FF:
        message = f"Merge branch '{opts.branch}' into {opts.main}"
        result = git.run("merge", "--no-ff", "--no-edit", "-m", message, branch_sha)
    else:
        result = git.run("merge", "--squash", branch_sha)
    resolutions: tuple[Resolution, ...] = ()
    if not result.ok:
        if not unmerged_paths(git):
            raise ActionError(f"{git.where}: `git merge` of {opts.branch} failed:\n{result.tail()}")
        resolutions = resolve(git, opts, log, cwd=cwd, env=env, foreign=foreign)
        if opts.strategy is Strategy.NO_FF:
            git.out("commit", "--no-edit")
    if opts.strategy is Strategy.SQUASH:
        if git.ok("diff", "--cached", "--quiet"):
            return None, resolutions  # the branch's changes are all in main already
        git.out("commit", "-m", squash_message(opts, plan))
    return git.sha("HEAD"), resolutions


def squash_message(opts: ReleaseOptions, plan: ReleasePlan) -> str:
    """A conventional header keeps the squashed commit's bump visible to the next release."""
    kind = {"major": "feat!", "minor": "feat", "patch": "fix"}.get(plan.bump.label, "chore")
    body = "\n".join(f"* {c.subject} ({c.short})" for c in plan.commits)
    return f"{kind}: merge {opts.branch} into {opts.main} (squashed)\n\n{body}\n"


def commit_release(git: Git, opts: ReleaseOptions, plan: ReleasePlan, facts: ReleaseFacts) -> str | None:
    """Write CHANGELOG.md (and committed release notes) and commit them; the new commit or None."""
    if plan.version is None or plan.entry is None:
        return None
    paths: list[str] = []
    if opts.changelog:
        target = git.root / opts.changelog
        old = target.read_text(encoding="utf-8") if target.is_file() else None
        new = insert_entry(old, plan.entry, plan.version)
        if new != old:
            write_atomic(target, new)
            paths.append(opts.changelog)
    if opts.notes_dir:
        for written in write_notes(git.root / opts.notes_dir, facts):
            paths.append(str(written.relative_to(git.root)))
    if paths:
        git.out("add", "--", *paths)
    if git.ok("diff", "--cached", "--quiet"):
        return None
    git.out("commit", "-m", f"chore(release): {plan.tag}")
    return git.sha("HEAD")


def create_tag(git: Git, plan: ReleasePlan, undo: Undo) -> str:
    """An annotated tag on HEAD; an existing tag is an error, never moved (no -f anywhere)."""
    tag = plan.tag or ""
    existing = git.sha(f"refs/tags/{tag}")
    if existing is not None:
        raise ActionError(
            f"{git.where}: tag {tag} already exists (on {existing[:10]}); existing tags are never moved, "
            "delete it by hand if it is wrong or change `tag_pattern`"
        )
    message = f"Release {plan.version}\n\n{plan.decision.explain()}\n"
    git.out("tag", "-a", "-m", message, tag, "HEAD")
    undo.created_tag = tag
    return tag


def push(git: Git, remote: str, main: str, tag: str | None) -> None:
    """Branch and tag in one atomic push, or nothing; never forced."""
    refspecs = [f"refs/heads/{main}:refs/heads/{main}"]
    if tag:
        refspecs.append(f"refs/tags/{tag}:refs/tags/{tag}")
    result = git.run("push", "--atomic", "--porcelain", remote, *refspecs)
    if result.ok:
        return
    landed = git.run("ls-remote", remote, *(spec.split(":")[1] for spec in refspecs)).stdout
    head = git.sha("HEAD") or ""
    if (head and head in landed) or (tag and f"refs/tags/{tag}" in landed):
        raise _HalfPushed(
            f"{git.where}: push to {remote} failed but {remote} now has part of the release "
            f"({landed.strip()}); the local release is kept so both sides agree, check {remote} by hand"
        )
    raise ActionError(
        f"{git.where}: push to {remote} was rejected; nothing was pushed (--atomic):\n{result.tail()}"
    )


class _HalfPushed(ActionError):
    """The remote took part of the push: rolling back locally would make things worse."""


def is_half_pushed(err: BaseException) -> bool:
    return isinstance(err, _HalfPushed)


def rollback(git: Git, undo: Undo, foreign: Callable[[str], bool]) -> tuple[str, ...]:
    """Undo this run's changes; returns what could not be restored (empty when byte-identical)."""
    problems: list[str] = []

    def step(*args: str) -> None:
        result = git.run(*args)
        if not result.ok:
            problems.append(f"`git {' '.join(args)}` failed: {result.tail(3)}")

    if undo.created_tag:
        step("update-ref", "-d", f"refs/tags/{undo.created_tag}")
    if (git.git_dir() / "MERGE_HEAD").exists():
        step("merge", "--abort")
    if git.current_branch() == undo.main:
        step("reset", "--hard", "--quiet", undo.main_sha)
    elif git.sha(f"refs/heads/{undo.main}") != undo.main_sha:
        step("update-ref", f"refs/heads/{undo.main}", undo.main_sha)
    for status, path in porcelain_paths(git):
        if status == "??" and not foreign(path):
            (git.root / path).unlink(missing_ok=True)  # written by the regenerate command of this run
    if git.current_branch() != undo.checked_out:
        step("switch", "--no-guess", "--quiet", undo.checked_out)
    if undo.orig_head:
        step("update-ref", "--no-deref", "ORIG_HEAD", undo.orig_head)
    elif git.sha("ORIG_HEAD") is not None:
        step("update-ref", "--no-deref", "-d", "ORIG_HEAD")
    differs = undo.before.differences(snapshot(git))
    if differs:
        problems.append(f"after rollback the repository differs in: {', '.join(differs)}")
    return tuple(problems)
