"""Action ``git.release``: phase 4 as one transaction, from the pre-merge checks to the atomic push.

Either the branch is merged, the release committed, tagged and (with a remote) pushed, or the
repository is left as it was and the action fails naming why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.git.history import PreviousRelease, diff_stats
from shulorch.actions.git.notes import ReleaseFacts, write_notes
from shulorch.actions.git.options import ReleaseOptions, parse_options
from shulorch.actions.git.plan import ReleasePlan, already_released, make_plan
from shulorch.actions.git.premerge import Start, check_gate, check_start, git_for, locate
from shulorch.actions.git.repo import Git, check_tag_name, snapshot
from shulorch.actions.git.transaction import (
    Undo,
    commit_release,
    create_tag,
    is_half_pushed,
    merge,
    push,
    rollback,
)
from shulorch.errors import ActionError


def release(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Merge ``branch`` into ``main``, write the changelog, tag, write release notes, push."""
    opts = parse_options(args, ctx.task)
    git = git_for(ctx, opts)
    now = datetime.now(UTC)
    main_sha, branch_sha, _ = locate(git, opts)
    done = already_released(git, opts.tag_pattern, main_sha=main_sha, branch_sha=branch_sha)
    if done is not None:
        ctx.log.info(f"{ctx.task}: {opts.main} already contains {opts.branch} and is tagged {done.tag}")
        return _noop(opts, done, f"nothing new: {opts.branch} is in {opts.main}, released as {done.tag}")
    plan = make_plan(
        git, opts.tag_pattern, base=main_sha, heads=(main_sha, branch_sha), now=now, min_bump=opts.min_bump
    )
    if ctx.dry_run:
        return ActionResult(
            summary=f"would release {plan.version or 'nothing'} ({plan.decision.explain()})",
            metrics={**plan.as_dict(), "noop": False, "dry_run": True},
        )
    start = check_start(ctx, git, opts)
    gate = check_gate(ctx, opts)
    ctx.log.info(f"{ctx.task}: {gate}; next version {plan.version or '-'} ({plan.decision.explain()})")
    if plan.tag is not None:
        check_tag_name(git, plan.tag)
        if git.sha(f"refs/tags/{plan.tag}") is not None:
            raise ActionError(
                f"{ctx.task}: tag {plan.tag} already exists; existing tags are never moved. "
                "Delete it by hand if it is wrong, or change `tag_pattern`"
            )
    contained = git.is_ancestor(start.branch_sha, start.main_sha)
    if contained and plan.version is None:
        return _noop(opts, plan.previous, f"nothing to release: {opts.branch} is already in {opts.main}")
    return _transact(ctx, git, opts, start, plan, contained)


def _transact(
    ctx: ActionContext, git: Git, opts: ReleaseOptions, start: Start, plan: ReleasePlan, contained: bool
) -> ActionResult:
    undo = Undo(
        before=snapshot(git),
        main=opts.main,
        main_sha=start.main_sha,
        checked_out=start.checked_out,
        orig_head=git.sha("ORIG_HEAD"),
    )

    def foreign(path: str) -> bool:
        return start.foreign(path, git.root)

    pushed = False
    try:
        if start.checked_out != opts.main:
            git.out("switch", "--no-guess", "--quiet", opts.main)
        merge_commit, resolutions = (
            (None, ())
            if contained
            else merge(git, opts, plan, start.branch_sha, ctx.log, cwd=ctx.cwd, env=ctx.env, foreign=foreign)
        )
        stats = diff_stats(git, plan.previous.sha if plan.previous else None, git.sha("HEAD") or "HEAD")
        facts = ReleaseFacts(
            plan=plan,
            stats=stats,
            branch=opts.branch,
            main=opts.main,
            merge_commit=merge_commit,
            strategy=opts.strategy.value,
        )
        release_commit = commit_release(git, opts, plan, facts)
        tag = create_tag(git, plan, undo) if plan.tag else None
        if opts.remote:
            push(git, opts.remote, opts.main, tag)
            pushed = True
    except BaseException as err:
        if is_half_pushed(err):
            raise
        problems = rollback(git, undo, foreign)
        restored = (
            f"\nthe repository was restored: {opts.main} at {start.main_sha[:10]}, "
            f"{start.checked_out} checked out"
            if not problems
            else "\nWARNING: the repository could not be fully restored: " + "; ".join(problems)
        )
        if isinstance(err, ActionError):
            raise ActionError(err.message + restored) from err
        raise
    artifacts = tuple(str(p) for p in write_notes(ctx.report_dir, facts)) if tag else ()
    summary = (
        f"released {tag} ({plan.bump.label}: {len(plan.commits)} commits)"
        if tag
        else f"merged {opts.branch} into {opts.main}; nothing to release ({plan.decision.explain()})"
    )
    if pushed:
        summary += f", pushed to {opts.remote}"
    return ActionResult(
        summary=summary,
        metrics={
            "version": str(plan.version) if plan.version else None,
            "tag": tag,
            "previous_tag": plan.previous.tag if plan.previous else None,
            "bump": plan.bump.label,
            "why": plan.decision.explain(),
            "commits": len(plan.commits),
            "authors": len(facts.authors),
            "files_changed": len(stats.files),
            "insertions": stats.insertions,
            "deletions": stats.deletions,
            "merged_branch": opts.branch,
            "merge_commit": merge_commit,
            "release_commit": release_commit,
            "pushed": pushed,
            "resolutions": [r.as_dict() for r in resolutions],
            "noop": False,
        },
        artifacts=artifacts,
    )


def _noop(opts: ReleaseOptions, release: PreviousRelease | None, summary: str) -> ActionResult:
    return ActionResult(
        summary=summary,
        metrics={
            "version": str(release.version) if release else None,
            "tag": release.tag if release else None,
            "previous_tag": None,
            "bump": "none",
            "commits": 0,
            "authors": 0,
            "files_changed": 0,
            "insertions": 0,
            "deletions": 0,
            "merged_branch": opts.branch,
            "merge_commit": None,
            "pushed": False,
            "resolutions": [],
            "noop": True,
        },
    )
