"""A git mirror of a template folder under the state dir, one commit per template content.

Copier records the template revision (``_commit``) that generated a module; the update needs that
revision again to render the old side of the three-way merge. Templates usually live in a folder of
the project (not a git root), so shulorch commits their content into a private mirror. Commits are
root commits with fixed metadata, so their id depends only on the content: the same template on
another machine (or after the state dir was wiped) gets the same ``_commit``, and a template revision
can be rebuilt from the project's own git history.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.base import ActionContext
from shulorch.errors import ActionError

_IDENTITY = "shulorch <shulorch@localhost> 946684800 +0000"
_IGNORED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".DS_Store")


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateRevision:
    """The mirror holding a template and the commit of its current content."""

    mirror: Path
    commit: str


def commit_id(tree: str) -> str:
    """The id of the deterministic root commit of ``tree`` (what ``git hash-object -t commit`` gives)."""
    body = _commit_body(tree)
    return hashlib.sha1(b"commit %d\0" % len(body) + body).hexdigest()


def _commit_body(tree: str) -> bytes:
    return f"tree {tree}\nauthor {_IDENTITY}\ncommitter {_IDENTITY}\n\nshulorch template {tree}\n".encode()


def mirror_path(state_dir: Path, template: Path) -> Path:
    digest = hashlib.sha1(str(template.resolve()).encode()).hexdigest()[:10]
    return state_dir / "templates" / f"{template.name}-{digest}"


@contextmanager
def _locked(mirror: Path) -> Iterator[None]:
    # Parallel tasks share one mirror; its index must not be written by two of them at once.
    mirror.parent.mkdir(parents=True, exist_ok=True)
    with (mirror.parent / f".{mirror.name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _git(ctx: ActionContext, mirror: Path, *argv: str, stdin: str | None = None) -> str:
    result = ctx.run(["git", *argv], cwd=mirror, stdin=stdin)
    if not result.ok:
        raise ActionError(
            f"{ctx.task}: template mirror {mirror}: `git {' '.join(argv)}` failed: {result.tail(5)}\n"
            f"delete {mirror} to rebuild it"
        )
    return result.stdout.strip()


def _ensure_repo(ctx: ActionContext, mirror: Path) -> None:
    if not (mirror / ".git").is_dir():
        mirror.mkdir(parents=True, exist_ok=True)
        _git(ctx, mirror, "init", "-q")


def _replace_worktree(mirror: Path, source: Path) -> None:
    for child in mirror.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    shutil.copytree(source, mirror, dirs_exist_ok=True, ignore=_IGNORED, symlinks=True)


def _commit_tree(ctx: ActionContext, mirror: Path) -> str:
    _git(ctx, mirror, "add", "-A", "--force", ".")
    tree = _git(ctx, mirror, "write-tree")
    commit = _git(
        ctx, mirror, "hash-object", "-t", "commit", "-w", "--stdin", stdin=_commit_body(tree).decode()
    )
    if commit != commit_id(tree):  # pragma: no cover - would mean git changed its object format
        raise ActionError(f"{ctx.task}: template mirror {mirror}: unexpected commit id {commit}")
    # A tag per revision keeps it reachable (gc) and clonable (copier clones tags, not odd refs).
    _git(ctx, mirror, "tag", "-f", f"shulorch-{tree[:20]}", commit)
    _git(ctx, mirror, "update-ref", "refs/heads/main", commit)
    _git(ctx, mirror, "symbolic-ref", "HEAD", "refs/heads/main")
    return commit


def tree_id(folder: Path) -> str:
    """The git tree id of ``folder``'s content, computed here (what ``git write-tree`` would give).

    Lets a build that did not change the template skip every git call: the mirror already has a
    tag for this tree.
    """
    entries: list[tuple[str, bytes]] = []
    for child in folder.iterdir():
        if _IGNORED(str(folder), [child.name]):
            continue
        if child.is_symlink():
            mode, sha = b"120000", _object_id(b"blob", os.readlink(child).encode())
        elif child.is_dir():
            if not any(child.iterdir()):
                continue  # git does not track empty folders
            mode, sha = b"40000", bytes.fromhex(tree_id(child))
        else:
            executable = child.stat().st_mode & 0o100
            mode, sha = (b"100755" if executable else b"100644"), _object_id(b"blob", child.read_bytes())
        # git sorts tree entries by name, with folders compared as if they ended in "/".
        key = child.name + ("/" if mode == b"40000" else "")
        entries.append((key, mode + b" " + child.name.encode() + b"\0" + sha))
    body = b"".join(entry for _, entry in sorted(entries, key=lambda e: e[0].encode()))
    return _object_id(b"tree", body).hex()


def _object_id(kind: bytes, body: bytes) -> bytes:
    return hashlib.sha1(kind + b" %d\0" % len(body) + body).digest()


def snapshot(ctx: ActionContext, template: Path) -> TemplateRevision:
    """Commit the template's current content into its mirror (unless there already); return the revision."""
    mirror = mirror_path(ctx.state_dir, template)
    tree = tree_id(template)
    if (mirror / ".git" / "refs" / "tags" / f"shulorch-{tree[:20]}").is_file():
        return TemplateRevision(mirror=mirror, commit=commit_id(tree))
    with _locked(mirror):
        _ensure_repo(ctx, mirror)
        _replace_worktree(mirror, template)
        return TemplateRevision(mirror=mirror, commit=_commit_tree(ctx, mirror))


def has_commit(ctx: ActionContext, mirror: Path, commit: str) -> bool:
    result = ctx.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=mirror)
    return result.ok


def restore_from_history(ctx: ActionContext, template: Path, mirror: Path, commit: str) -> bool:
    """Rebuild mirror revision ``commit`` from the project's git history of the template folder.

    Used when the state dir is new (fresh clone, CI) but a module was generated by an older template.
    Returns False when no commit of the project holds that template content.
    """
    top = ctx.run(["git", "rev-parse", "--show-toplevel"], cwd=template)
    if not top.ok:
        return False
    root = Path(top.stdout.strip())
    rel = template.resolve().relative_to(root.resolve()).as_posix()
    log = ctx.run(["git", "log", "--format=%H", "-n", "500", "--", rel], cwd=root)
    for rev in log.stdout.split():
        tree = ctx.run(["git", "rev-parse", f"{rev}:{rel}"], cwd=root).stdout.strip()
        if tree and commit_id(tree) == commit:
            return _import_archive(ctx, root, f"{rev}:{rel}", mirror, commit)
    return False


def _import_archive(ctx: ActionContext, root: Path, treeish: str, mirror: Path, commit: str) -> bool:
    with _locked(mirror):
        _ensure_repo(ctx, mirror)
        staging = mirror.parent / f".{mirror.name}.restore"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            archive = staging / "template.tar"
            if not ctx.run(["git", "archive", "--format=tar", "-o", str(archive), treeish], cwd=root).ok:
                return False
            files = staging / "files"
            with tarfile.open(archive) as tar:
                tar.extractall(files, filter="data")
            _replace_worktree(mirror, files)
            restored = _commit_tree(ctx, mirror)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return restored == commit
