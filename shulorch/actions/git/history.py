"""What the history says about a release: the previous tag, the commits since, and the diff size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shulorch.actions.git.conventional import Commit, Version, parse_commit
from shulorch.actions.git.repo import EMPTY_TREE, Git
from shulorch.actions.git.tagpattern import TagPattern


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviousRelease:
    tag: str
    version: Version
    sha: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffStats:
    files: tuple[str, ...]
    insertions: int
    deletions: int


def release_tags(
    git: Git, pattern: TagPattern, *, merged_into: str | None = None
) -> tuple[PreviousRelease, ...]:
    """Tags of ``pattern`` (reachable from ``merged_into`` when given), newest version first."""
    args = ["for-each-ref", "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)"]
    if merged_into is not None:
        args.append(f"--merged={merged_into}")
    found: list[PreviousRelease] = []
    for line in git.out(*args, "refs/tags/").splitlines():
        tag, obj, peeled = ([*line.split("\x00"), "", ""])[:3]
        version = pattern.version_of(tag)
        if version is not None:
            found.append(PreviousRelease(tag=tag, version=version, sha=peeled or obj))
    return tuple(sorted(found, key=lambda t: (t.version, t.tag), reverse=True))


def previous_release(git: Git, pattern: TagPattern, rev: str) -> PreviousRelease | None:
    """The highest-versioned release tag reachable from ``rev``; None before the first release."""
    tags = release_tags(git, pattern, merged_into=rev)
    return tags[0] if tags else None


def tags_on(git: Git, pattern: TagPattern, sha: str) -> tuple[PreviousRelease, ...]:
    """Release tags pointing at commit ``sha``."""
    listed = git.out("tag", "--list", f"--points-at={sha}").splitlines()
    wanted = {t for t in listed if pattern.version_of(t) is not None}
    return tuple(t for t in release_tags(git, pattern) if t.tag in wanted and t.sha == sha)


def commits_since(git: Git, base: str | None, heads: Sequence[str]) -> tuple[Commit, ...]:
    """Non-merge commits reachable from ``heads`` but not from ``base``, oldest first."""
    args = ["log", "--no-merges", "--reverse", "--format=%H%x00%an%x00%ae%x00%B%x1e", *heads]
    if base is not None:
        args.append(f"^{base}")
    commits: list[Commit] = []
    for record in git.out(*args, "--").split("\x1e"):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, name, email, message = ([*record.split("\x00", 3), "", "", ""])[:4]
        commits.append(parse_commit(sha=sha, author_name=name, author_email=email, message=message))
    return tuple(commits)


def diff_stats(git: Git, base: str | None, head: str) -> DiffStats:
    """Files changed and lines added/removed from ``base`` (or the empty tree) to ``head``."""
    raw = git.out("diff", "--numstat", "-z", "--no-renames", base or EMPTY_TREE, head, "--")
    files: list[str] = []
    insertions = deletions = 0
    for record in filter(None, raw.split("\0")):
        added, removed, path = ([*record.split("\t", 2), "", ""])[:3]
        files.append(path)
        # Binary files report "-": they count as changed files without line counts.
        insertions += int(added) if added.isdigit() else 0
        deletions += int(removed) if removed.isdigit() else 0
    return DiffStats(files=tuple(files), insertions=insertions, deletions=deletions)


def authors_of(commits: Sequence[Commit]) -> tuple[str, ...]:
    """Distinct ``Name <email>`` of the commit authors, in order of first commit."""
    seen: dict[str, None] = {}
    for commit in commits:
        seen.setdefault(f"{commit.author_name} <{commit.author_email}>", None)
    return tuple(seen)
