"""The configuration archive: files matched by ``config_globs`` (.env, app/Config/) kept under
``config/`` of the snapshot, so a rollback restores them even when the tree excludes them."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from shulorch.actions.backup.capture import Capture, CaptureError
from shulorch.actions.backup.model import Entry
from shulorch.actions.backup.scan import Found
from shulorch.actions.backup.store import CHUNK
from shulorch.errors import ActionError


def match_config(source: Path, globs: Sequence[str]) -> list[str]:
    """Relative paths of the regular files matched by ``globs`` (a folder match means its files)."""
    found: set[str] = set()
    for glob in globs:
        pattern = glob.strip().rstrip("/")
        if not pattern:
            continue
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            raise ActionError(f"config_globs: {glob!r} must be a relative path inside the source")
        for match in source.glob(pattern):
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
    return sorted(found)


def capture_config(
    capture: Capture, globs: Sequence[str], in_tree: Mapping[str, Entry]
) -> tuple[tuple[Entry, ...], int]:
    """Fill ``config/`` of the staging folder; returns its entries (folders too) and new bytes."""
    source, root = capture.source, capture.staging / "config"
    rels = match_config(source, globs)
    dirs = sorted({p for rel in rels for p in _parents(rel)}, key=lambda p: (p.count("/"), p))
    os.mkdir(root, 0o700)
    os.chmod(root, 0o700)
    entries: list[Entry] = []
    for rel in dirs:
        os.mkdir(root / rel, 0o700)
        os.chmod(root / rel, 0o700)
        entries.append(Entry(path=rel, kind="dir", mode=stat.S_IMODE((source / rel).lstat().st_mode)))
    new_bytes = 0
    buf = bytearray(CHUNK)
    for rel in rels:
        try:
            if rel in in_tree:
                # Same bytes as the tree copy: one more link, no more data.
                os.link(capture.staging / "tree" / rel, root / rel)
                entries.append(in_tree[rel])
                continue
            st = (source / rel).lstat()
            found = Found(
                path=rel,
                kind="file",
                mode=stat.S_IMODE(st.st_mode),
                size=st.st_size,
                mtime_ns=st.st_mtime_ns,
                stat_key=(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino),
            )
            stored = capture.store_one(found, root / rel, buf)
        except OSError as err:
            raise CaptureError("config/" + rel, err) from err
        if stored.entry is not None:
            entries.append(stored.entry)
            new_bytes += stored.new_bytes
    return tuple(entries), new_bytes


def _parents(rel: str) -> list[str]:
    parts = rel.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
