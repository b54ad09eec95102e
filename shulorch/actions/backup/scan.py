"""Walk the project tree: files, folders and symlinks (never followed), minus the excludes.

Exclude patterns read like .gitignore lines: ``vendor/`` (a trailing slash: folders only), ``*.log``
(no slash: any base name), ``writable/cache/`` (a slash inside: the path from the root).
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from shulorch.errors import ActionError


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern:
    glob: str
    anchored: bool
    dir_only: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A tree entry with the lstat values the snapshot needs."""

    path: str
    kind: str
    mode: int
    size: int = 0
    mtime_ns: int = 0
    stat_key: tuple[int, ...] = ()
    target: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanResult:
    entries: tuple[Found, ...]
    excluded: tuple[str, ...]  # top-most excluded paths that exist
    skipped: tuple[str, ...]  # sockets, FIFOs and device files: never backed up


def parse_patterns(patterns: Sequence[str]) -> tuple[Pattern, ...]:
    out = []
    for raw in patterns:
        text = raw.strip()
        if not text:
            continue
        dir_only = text.endswith("/")
        text = text.strip("/")
        out.append(Pattern(glob=text, anchored="/" in text, dir_only=dir_only))
    return tuple(out)


def is_excluded(rel: str, is_dir: bool, patterns: Sequence[Pattern]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        if pat.dir_only and not is_dir:
            continue
        if fnmatchcase(rel if pat.anchored else name, pat.glob):
            return True
    return False


def link_escapes(rel: str, target: str) -> bool:
    """True when symlink ``rel`` -> ``target`` points outside the tree it lives in."""
    if target.startswith("/"):
        return True
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    return joined == ".." or joined.startswith("../")


def scan_tree(source: Path, patterns: Sequence[Pattern], skip: Sequence[Path] = ()) -> ScanResult:
    """Every entry under ``source`` in sorted order (parents before children)."""
    skip_set = {os.path.realpath(p) for p in skip}
    entries: list[Found] = []
    excluded: list[str] = []
    skipped: list[str] = []
    stack: list[tuple[str, str]] = [(str(source), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda e: e.name)
        subdirs: list[tuple[str, str]] = []
        for child in children:
            rel = prefix + child.name
            if "\n" in rel or "\r" in rel:
                raise ActionError(
                    f"{source / rel!r}: a line break in a file name cannot be listed in checksums; "
                    "rename the file or exclude it"
                )
            st = child.stat(follow_symlinks=False)
            is_dir = stat.S_ISDIR(st.st_mode)
            if child.path in skip_set or is_excluded(rel, is_dir, patterns):
                excluded.append(rel)
                continue
            mode = stat.S_IMODE(st.st_mode)
            if is_dir:
                entries.append(Found(path=rel, kind="dir", mode=mode))
                subdirs.append((child.path, rel + "/"))
            elif stat.S_ISREG(st.st_mode):
                entries.append(
                    Found(
                        path=rel,
                        kind="file",
                        mode=mode,
                        size=st.st_size,
                        mtime_ns=st.st_mtime_ns,
                        stat_key=(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino),
                    )
                )
            elif stat.S_ISLNK(st.st_mode):
                target = os.readlink(child.path)
                if link_escapes(rel, target):
                    raise ActionError(
                        f"{source / rel}: symlink points outside the tree (-> {target}); a restore "
                        "would refuse it, so exclude it or make it a relative link inside the tree"
                    )
                entries.append(Found(path=rel, kind="symlink", mode=0, target=target))
            else:
                skipped.append(rel)
        # Reversed so the stack pops them in sorted order.
        stack.extend(reversed(subdirs))
    return ScanResult(entries=tuple(entries), excluded=tuple(excluded), skipped=tuple(skipped))
