"""The release a merge would make: previous tag, commits since, bump and why, tag and changelog entry.

Read-only: it runs only git commands that change nothing, so ``shulorch release plan`` and dry runs
can call it freely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shulorch.actions.git.changelog import render_entry
from shulorch.actions.git.conventional import ZERO, Bump, BumpDecision, Commit, Version, decide_bump
from shulorch.actions.git.history import PreviousRelease, commits_since, previous_release, tags_on
from shulorch.actions.git.repo import Git
from shulorch.actions.git.tagpattern import TagPattern


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleasePlan:
    previous: PreviousRelease | None
    commits: tuple[Commit, ...]
    decision: BumpDecision
    version: Version | None  # None: nothing to release
    tag: str | None
    date: str
    entry: str | None

    @property
    def bump(self) -> Bump:
        return self.decision.bump

    def as_dict(self) -> dict[str, object]:
        return {
            "previous_tag": self.previous.tag if self.previous else None,
            "previous_version": str(self.previous.version) if self.previous else None,
            "version": str(self.version) if self.version else None,
            "tag": self.tag,
            "bump": self.bump.label,
            "why": self.decision.explain(),
            "commits": len(self.commits),
            "changelog_entry": self.entry,
        }


def is_release_commit(commit: Commit) -> bool:
    """Our own ``chore(release): ...`` commits are bookkeeping, not content of the next release."""
    return commit.type == "chore" and commit.scope == "release"


def make_plan(
    git: Git,
    pattern: TagPattern,
    *,
    base: str,
    heads: Sequence[str],
    now: datetime,
    min_bump: Bump = Bump.NONE,
) -> ReleasePlan:
    """Plan the release of ``heads`` on top of ``base`` (main's tip), as of ``now``."""
    previous = previous_release(git, pattern, base)
    commits = tuple(
        c for c in commits_since(git, previous.sha if previous else None, heads) if not is_release_commit(c)
    )
    decision = decide_bump(commits, minimum=min_bump)
    date = now.strftime("%Y-%m-%d")
    if decision.bump is Bump.NONE:
        return ReleasePlan(
            previous=previous,
            commits=commits,
            decision=decision,
            version=None,
            tag=None,
            date=date,
            entry=None,
        )
    version = (previous.version if previous else ZERO).bumped(decision.bump)
    return ReleasePlan(
        previous=previous,
        commits=commits,
        decision=decision,
        version=version,
        tag=pattern.render(version, now),
        date=date,
        entry=render_entry(version, date, commits),
    )


def already_released(
    git: Git, pattern: TagPattern, *, main_sha: str, branch_sha: str
) -> PreviousRelease | None:
    """The tag proving a rerun has nothing new: main contains the branch and main's tip is tagged."""
    if not git.is_ancestor(branch_sha, main_sha):
        return None
    tags = tags_on(git, pattern, main_sha)
    return tags[0] if tags else None
