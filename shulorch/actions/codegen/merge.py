"""The three-way merge of a regenerated module: last render (base), new render (theirs), files on disk (ours).

This is copier's update algorithm without its preconditions (a clean git destination) and without its
side effect on conflict (markers written into files): every file is decided first, and only when no
file conflicts is anything written. ``git merge-file`` does the line merge.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shulorch.actions.base import ActionContext
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One file to write (``content``) or delete (``content is None``), and why."""

    path: str
    content: bytes | None
    mode: int | None
    reason: str  # "new", "template", "merged", "removed"


@dataclass(frozen=True, slots=True, kw_only=True)
class MergePlan:
    changes: tuple[Change, ...] = ()
    conflicts: tuple[str, ...] = ()  # "path: why" lines
    kept: tuple[str, ...] = field(default_factory=tuple)  # user edits or deletions left as they are

    def count(self, reason: str) -> int:
        return sum(1 for c in self.changes if c.reason == reason)


def files_of(root: Path | None, skip: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Relative posix path -> absolute path of every file under ``root``."""
    if root is None or not root.is_dir():
        return {}
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            if rel not in skip:
                found[rel] = path
    return found


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None and path.is_file() else None


def plan_merge(
    ctx: ActionContext, *, dest: Path, base: Path | None, new: Path, skip: frozenset[str]
) -> MergePlan:
    """Decide every file; ``base`` is None on first generation (existing different files conflict)."""
    old_files, new_files = files_of(base, skip), files_of(new, skip)
    changes: list[Change] = []
    conflicts: list[str] = []
    kept: list[str] = []
    for rel in sorted(set(old_files) | set(new_files)):
        o, n, c = _read(old_files.get(rel)), _read(new_files.get(rel)), _read(dest / rel)
        mode = new_files[rel].stat().st_mode & 0o777 if rel in new_files else None
        if n is None:  # the template no longer has this file
            if o is not None and c == o:
                changes.append(Change(path=rel, content=None, mode=None, reason="removed"))
            elif c is not None:
                kept.append(f"{rel}: dropped by the template but edited here; kept")
        elif o is None:  # new in the template (or first generation)
            if c is None:
                changes.append(Change(path=rel, content=n, mode=mode, reason="new"))
            elif c != n:
                conflicts.append(f"{rel}: exists and differs from what the template generates")
        elif c is None:
            kept.append(f"{rel}: deleted here after generation; not recreated")
        elif c == o and n != o:
            changes.append(Change(path=rel, content=n, mode=mode, reason="template"))
        elif c not in (o, n) and n != o:
            merged, count = _merge_file(ctx, dest / rel, old_files[rel], new_files[rel])
            if count:
                conflicts.append(
                    f"{rel}: {count} conflicting hunk(s) between your edits and the template change"
                )
            elif merged != c:
                changes.append(Change(path=rel, content=merged, mode=mode, reason="merged"))
    return MergePlan(changes=tuple(changes), conflicts=tuple(conflicts), kept=tuple(kept))


def _merge_file(ctx: ActionContext, current: Path, base: Path, new: Path) -> tuple[bytes, int]:
    with tempfile.TemporaryDirectory(prefix="shulorch-merge-") as tmp:
        out = Path(tmp, "merged")
        out.write_bytes(current.read_bytes())
        result = ctx.run(
            [
                "git",
                "merge-file",
                "-L",
                "your edits",
                "-L",
                "last generation",
                "-L",
                "template update",
                str(out),
                str(base),
                str(new),
            ],
            cwd=Path(tmp),
        )
        if result.returncode < 0 or result.timed_out:
            raise ActionError(f"{ctx.task}: git merge-file failed on {current}: {result.tail(5)}")
        return out.read_bytes(), result.returncode


def replace_file(path: Path, data: bytes, mode: int | None) -> None:
    """Swap ``path`` for ``data`` by rename: readers never see half a file.

    No fsync per file (it was a third of a module's generation time): these files are rebuilt from
    spec and template, and the answers file, written last with :func:`write_atomic`, decides what the
    next run merges. A file a crash left empty reads as an edit there, so that run stops with a
    conflict naming it instead of guessing.
    """
    write_atomic(path, data, mode, durable=False)


def apply_plan(dest: Path, plan: MergePlan) -> Iterator[str]:
    """Write the plan (each file replaced whole); yield the paths changed. Only call without conflicts."""
    for change in plan.changes:
        target = dest / change.path
        if change.content is None:
            target.unlink(missing_ok=True)
        else:
            replace_file(target, change.content, change.mode)
        yield change.path
