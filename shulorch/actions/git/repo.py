"""The git command line as argv lists (never a shell): one runner, ref-name checks, state snapshots."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shulorch.errors import ActionError
from shulorch.process import ProcessResult, ProcessTracker, run_process

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known empty tree object


@dataclass(frozen=True, slots=True, kw_only=True)
class Git:
    """Runs ``git`` in one repository through :func:`shulorch.process.run_process`."""

    root: Path
    env: Mapping[str, str] | None = None
    tracker: ProcessTracker | None = None
    timeout: float | None = 300
    where: str = "git"  # task name or command, for error messages

    def _env(self) -> dict[str, str]:
        base = dict(self.env if self.env is not None else os.environ)
        # Stable, parseable output and no prompt that would hang a pipeline.
        base.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true"})
        return base

    def run(self, *args: str, stdin: str | None = None, timeout: float | None = None) -> ProcessResult:
        return run_process(
            ["git", *args],
            cwd=self.root,
            env=self._env(),
            timeout=timeout if timeout is not None else self.timeout,
            tracker=self.tracker,
            stdin=stdin,
        )

    def out(self, *args: str, stdin: str | None = None) -> str:
        """stdout of a git command that must succeed; ActionError naming the command otherwise."""
        result = self.run(*args, stdin=stdin)
        if not result.ok:
            raise ActionError(
                f"{self.where}: `git {' '.join(args)}` failed in {self.root} "
                f"(exit {result.returncode}):\n{result.tail()}"
            )
        return result.stdout

    def ok(self, *args: str) -> bool:
        return self.run(*args).ok

    def sha(self, rev: str) -> str | None:
        """The commit ``rev`` names, or None when it does not exist."""
        result = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        return result.stdout.strip() if result.ok and result.stdout.strip() else None

    def git_dir(self) -> Path:
        return Path(self.out("rev-parse", "--absolute-git-dir").strip())

    def current_branch(self) -> str | None:
        result = self.run("symbolic-ref", "--quiet", "--short", "HEAD")
        return result.stdout.strip() if result.ok else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.ok("merge-base", "--is-ancestor", older, newer)

    def show_blob(self, spec: str) -> str | None:
        """A blob as text (``:2:path`` for our side of a conflict), None when absent."""
        result = self.run("show", spec)
        return result.stdout if result.ok else None


def check_branch_name(git: Git, name: object, what: str) -> str:
    """``name`` if git accepts it as a branch name as written; ActionError otherwise.

    ``--branch`` also expands ``@{-1}`` and the like, so the answer must equal the input:
    a name that means something other than itself is refused.
    """
    if not isinstance(name, str) or not name:
        raise ActionError(f"{git.where}: `{what}` must be a non-empty branch name")
    if name.startswith("-"):
        raise ActionError(f"{git.where}: {what} {name!r} starts with '-'; rename the branch")
    result = git.run("check-ref-format", "--branch", name)
    if not result.ok or result.stdout.strip() != name:
        raise ActionError(
            f"{git.where}: {what} {name!r} is not a valid branch name (git check-ref-format --branch); "
            "use a plain name such as feature/teachers"
        )
    return name


def check_tag_name(git: Git, tag: str) -> str:
    """``tag`` if it is a valid tag name; ActionError naming the tag pattern otherwise."""
    if tag.startswith("-") or not git.ok("check-ref-format", f"refs/tags/{tag}"):
        raise ActionError(
            f"{git.where}: tag {tag!r} is not a valid ref name (git check-ref-format); fix `tag_pattern`"
        )
    return tag


@dataclass(frozen=True, slots=True, kw_only=True)
class RepoState:
    """What "the repository exactly as it was" means: HEAD, every ref, the index and the status."""

    head: str
    refs: tuple[str, ...]
    index: str
    status: str
    worktree: str

    def differences(self, other: RepoState) -> tuple[str, ...]:
        names = ("head", "refs", "index", "status", "worktree")
        return tuple(n for n in names if getattr(self, n) != getattr(other, n))


def snapshot(git: Git) -> RepoState:
    """Capture the state a failed release must restore (reflogs are not part of it)."""
    head = git.run("symbolic-ref", "HEAD").stdout.strip() or "detached"
    head += " " + (git.sha("HEAD") or "unborn")
    refs = git.out("for-each-ref", "--format=%(refname) %(objectname)").splitlines()
    status = git.out("status", "--porcelain=v1", "-z", "--untracked-files=all")
    index = git.out("ls-files", "--stage", "-z")
    # The content of every changed or untracked file: status alone cannot see a rewritten file
    # whose bytes changed back and forth, this hash can.
    digest = hashlib.sha256()
    for entry in sorted(filter(None, status.split("\0"))):
        path = git.root / entry[3:]
        digest.update(entry.encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return RepoState(
        head=head,
        refs=tuple(refs),
        index=hashlib.sha256(index.encode()).hexdigest(),
        status=status,
        worktree=digest.hexdigest(),
    )


def porcelain_paths(git: Git, *extra: str) -> tuple[tuple[str, str], ...]:
    """(XY status, path) for every changed or untracked path; rename sources are dropped."""
    raw = git.out("status", "--porcelain=v1", "-z", "--untracked-files=all", *extra)
    items: list[tuple[str, str]] = []
    parts = raw.split("\0")
    i = 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        items.append((entry[:2], entry[3:]))
        if entry[0] in "RC":
            i += 1  # the next field is the rename/copy source
    return tuple(items)


def first_lines(items: Sequence[str], limit: int = 20) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
