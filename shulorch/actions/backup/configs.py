"""The configuration archive: files matched by ``config_globs`` (.env, app/Config/) are part of every
snapshot and restored by every rollback, even when the tree excludes them."""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.scan import Found, ScanResult
from shulorch.errors import ActionError


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigScan:
    paths: tuple[str, ...]  # every file of the archive (in the tree or not)
    extra: tuple[Found, ...]  # the files (and their folders) the tree scan did not include


def match_config(source: Path, globs: Sequence[str]) -> list[str]:
    """Relative paths of the regular files matched by ``globs`` (a folder match means its files)."""
    found: set[str] = set()
    for glob in globs:
        pattern = glob.strip().rstrip("/")
        if not pattern:
            continue
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            raise ActionError(f"config_globs: {glob!r} must be a relative path inside the source")
        # A plain path needs no glob (which costs milliseconds even for one name).
        literal = not any(c in pattern for c in "*?[")
        matches = ([source / pattern] if os.path.lexists(source / pattern) else []) if literal else None
        for match in matches if matches is not None else source.glob(pattern):
            if match.is_symlink():
                continue
            if match.is_dir():
                for folder, dirs, names in os.walk(match):
                    dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
                    for name in names:
                        path = Path(folder, name)
                        if stat.S_ISREG(path.lstat().st_mode):
                            found.add(path.relative_to(source).as_posix())
            elif match.is_file():
                found.add(match.relative_to(source).as_posix())
    # A match reached through a symlinked folder could not be restored (it would lie under a link).
    return sorted(p for p in found if not _through_link(source, p))


def _through_link(source: Path, rel: str) -> bool:
    parent = posixpath.dirname(rel)
    while parent:
        if os.path.islink(source / parent):
            return True
        parent = posixpath.dirname(parent)
    return False


def scan_config(source: Path, globs: Sequence[str], scan: ScanResult) -> ConfigScan:
    """The archive's files, with lstat rows for those (and their folders) outside the tree scan."""
    paths = match_config(source, globs)
    excluded = set(scan.excluded)
    known: set[str] = set()  # folders added below
    extra: list[Found] = []
    for rel in paths:
        parts = rel.split("/")
        # The tree scan has every path but those under an excluded one: find where that starts.
        cut = next((i for i in range(1, len(parts) + 1) if "/".join(parts[:i]) in excluded), 0)
        if not cut:
            continue
        for depth in range(cut, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in known:
                known.add(folder)
                extra.append(Found(folder, "dir", stat.S_IMODE((source / folder).lstat().st_mode)))
        st = (source / rel).lstat()
        mode = stat.S_IMODE(st.st_mode)
        extra.append(Found(rel, "file", mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return ConfigScan(paths=tuple(paths), extra=tuple(extra))


def preserved_paths(excluded: Sequence[str], config: Sequence[str], skip: Sequence[str]) -> tuple[str, ...]:
    """Excluded paths a rollback keeps from the current tree: not those the archive restores."""
    return tuple(
        p for p in excluded if p not in skip and not any(c == p or c.startswith(p + "/") for c in config)
    )
