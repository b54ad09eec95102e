"""Release folders: copy the app tree minus excludes, link shared paths, prune old releases."""

from __future__ import annotations

import fnmatch
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from shulorch.actions.deploy.layout import EnvLayout
from shulorch.errors import ActionError


@dataclass(frozen=True, slots=True, kw_only=True)
class CopyStats:
    files: int
    bytes: int


def is_excluded(rel: str, patterns: Sequence[str]) -> bool:
    """rsync-like: a pattern with a slash (``/writable``, ``app/Cache``) is anchored at the app root;
    one without (``.git``, ``*.log``) matches a name at any depth."""
    parts = PurePosixPath(rel).parts
    for raw in patterns:
        pattern = raw.strip("/")
        if raw.startswith("/") or "/" in pattern:
            if fnmatch.fnmatchcase(rel, pattern) or any(
                fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts))
            ):
                return True
        elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def copy_tree(source: Path, dest: Path, exclude: Sequence[str], skip: Iterable[Path] = ()) -> CopyStats:
    """Copy ``source`` into the new folder ``dest``; symlinks stay symlinks. Returns what was copied."""
    skipped = {p.resolve() for p in skip}
    files = size = 0
    dest.mkdir(parents=True)
    for folder, dirs, names in os.walk(source):
        here = Path(folder)
        rel_dir = here.relative_to(source)
        keep = []
        for d in sorted(dirs):
            rel = (rel_dir / d).as_posix()
            path = here / d
            if is_excluded(rel, exclude) or path.resolve() in skipped:
                continue
            if path.is_symlink():
                os.symlink(os.readlink(path), dest / rel)
                files += 1
                continue
            (dest / rel).mkdir()
            keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            rel = (rel_dir / name).as_posix()
            if is_excluded(rel, exclude):
                continue
            src = here / name
            if src.is_symlink():
                os.symlink(os.readlink(src), dest / rel)
            else:
                shutil.copy2(src, dest / rel)
                size += src.stat().st_size
            files += 1
    return CopyStats(files=files, bytes=size)


def link_shared(
    layout: EnvLayout, source: Path, release_dir: Path, dirs: Sequence[str], files: Sequence[str]
) -> tuple[str, ...]:
    """Link each shared path into the release, seeding ``shared/`` from the source the first time.

    Links are relative so the environment root can be moved or mounted elsewhere.
    """
    linked = []
    for rel, is_dir in [(d, True) for d in dirs] + [(f, False) for f in files]:
        rel = rel.strip("/")
        if not rel or ".." in PurePosixPath(rel).parts:
            raise ActionError(f"shared path {rel!r} must be relative to the app root, without '..'")
        shared = layout.shared / rel
        if not shared.exists():
            shared.parent.mkdir(parents=True, exist_ok=True)
            seed = source / rel
            if is_dir:
                if seed.is_dir():
                    shutil.copytree(seed, shared, symlinks=True)
                else:
                    shared.mkdir(parents=True)
            elif seed.is_file():
                shutil.copy2(seed, shared)
            else:
                shared.touch()
        target = release_dir / rel
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.path.relpath(shared, target.parent), target)
        linked.append(rel)
    return tuple(linked)


def tree_size(path: Path) -> CopyStats:
    """Files and bytes under ``path`` without following symlinks."""
    files = size = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            p = Path(folder) / name
            if not p.is_symlink():
                size += p.stat().st_size
    return CopyStats(files=files, bytes=size)


def remove_release(layout: EnvLayout, release: str) -> None:
    """Delete a release folder (rename first, so a crash never leaves a half-deleted release in place)."""
    path = layout.release_dir(release)
    if not path.exists():
        return
    doomed = layout.releases / f".delete-{release}-{os.getpid()}"
    os.replace(path, doomed)
    shutil.rmtree(doomed)
