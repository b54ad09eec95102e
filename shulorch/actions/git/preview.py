"""The dry run behind ``shulorch release plan``: the next version, why, and the changelog entry.

Only read-only git commands run here (rev-parse, for-each-ref, log, merge-base, check-ref-format).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from shulorch.actions.git.conventional import Bump
from shulorch.actions.git.plan import ReleasePlan, already_released, make_plan
from shulorch.actions.git.repo import Git, check_branch_name
from shulorch.actions.git.tagpattern import TagPattern
from shulorch.errors import ActionError


@dataclass(frozen=True, slots=True, kw_only=True)
class Preview:
    main: str
    branch: str | None
    plan: ReleasePlan
    released_as: str | None  # set when a rerun would be a no-op

    def as_dict(self) -> dict[str, Any]:
        return {
            "main": self.main,
            "branch": self.branch,
            "noop": self.released_as is not None,
            "released_as": self.released_as,
            **self.plan.as_dict(),
            "commit_list": [{"sha": c.sha, "subject": c.subject} for c in self.plan.commits],
        }


def preview(
    root: Path,
    *,
    main: str,
    branch: str | None,
    pattern: TagPattern,
    now: datetime,
    min_bump: Bump = Bump.NONE,
    env: Mapping[str, str] | None = None,
) -> Preview:
    """What ``git.release`` would do now, changing nothing."""
    git = Git(root=root, env=dict(env if env is not None else os.environ), where="release plan")
    top = git.run("rev-parse", "--show-toplevel").stdout.strip()
    if not top or Path(top).resolve() != root.resolve():
        raise ActionError(f"release plan: {root} is not the top of a git working tree; pass --repo <root>")
    check_branch_name(git, main, "main")
    main_sha = git.sha(f"refs/heads/{main}")
    if main_sha is None:
        raise ActionError(f"release plan: branch {main!r} does not exist in {root}; pass --main")
    heads = [main_sha]
    released_as = None
    if branch is not None:
        check_branch_name(git, branch, "branch")
        branch_sha = git.sha(f"refs/heads/{branch}")
        if branch_sha is None:
            raise ActionError(f"release plan: branch {branch!r} does not exist in {root}; pass --branch")
        heads.append(branch_sha)
        done = already_released(git, pattern, main_sha=main_sha, branch_sha=branch_sha)
        released_as = done.tag if done else None
    plan = make_plan(git, pattern, base=main_sha, heads=heads, now=now, min_bump=min_bump)
    return Preview(main=main, branch=branch, plan=plan, released_as=released_as)


def render_preview(view: Preview) -> str:
    """The plan as text for a terminal."""
    plan = view.plan
    source = f"{view.branch} into {view.main}" if view.branch else view.main
    if view.released_as is not None:
        return f"Nothing to do: {source} is already released as {view.released_as}.\n"
    previous = f"{plan.previous.tag} ({plan.previous.version})" if plan.previous else "none (first release)"
    lines = [
        f"Release plan for {source}",
        f"  previous tag: {previous}",
        f"  commits since: {len(plan.commits)}",
        f"  bump: {plan.decision.explain()}",
    ]
    if plan.version is None:
        lines.append("  next version: none (nothing release-worthy; the merge would not be tagged)")
        return "\n".join(lines) + "\n"
    lines += [f"  next version: {plan.version}", f"  tag: {plan.tag} (time part is when it runs)", ""]
    lines += ["Changelog entry:", "", plan.entry or ""]
    return "\n".join(lines).rstrip("\n") + "\n"
