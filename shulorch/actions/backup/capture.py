"""Copy the files of a scan into a temporary snapshot folder, in parallel, through the object store.

An unchanged file (same size, mtime, ctime and inode as in the previous snapshot) is one hard link
to its store object; a changed or new one is copied and hashed in one pass, then registered as a new
object in the temporary folder (moved into the store only when the snapshot is published).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.model import EMPTY_SHA, Entry
from shulorch.actions.backup.scan import Found
from shulorch.actions.backup.store import CHUNK, copy_and_hash, link_or_copy, object_path

BATCH = 256
DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class CaptureError(Exception):
    """An OSError while storing ``path`` (kept apart so the message can name the file)."""

    def __init__(self, path: str, err: OSError) -> None:
        super().__init__(f"{path}: {err}")
        self.path = path
        self.err = err


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    entry: Entry | None  # None: the file vanished between the scan and the copy
    new_bytes: int
    reused: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """Where one capture reads and writes."""

    source: Path
    backups_dir: Path
    staging: Path  # the temporary snapshot folder
    previous: Mapping[str, Entry]  # path -> entry of the newest published snapshot

    def store_one(self, found: Found, dest: Path, buf: bytearray) -> Stored:
        old = self.previous.get(found.path)
        if old is not None and old.kind == "file" and old.stat_key == found.stat_key and old.size:
            try:
                link_or_copy(object_path(self.backups_dir, old.sha256), dest)
                return Stored(entry=_entry(found, old.sha256, old.size), new_bytes=0, reused=True)
            except FileNotFoundError:
                pass  # the object was pruned or lost: copy the file afresh
        src = self.source / found.path
        try:
            sha, size = copy_and_hash(src, dest, buf)
        except FileNotFoundError:
            if os.path.lexists(src):
                raise
            return Stored(entry=None, new_bytes=0, reused=False)  # deleted while we scanned
        return Stored(entry=_entry(found, sha, size), new_bytes=self.register(dest, sha, size), reused=False)

    def register(self, copied: Path, sha: str, size: int) -> int:
        """Turn a fresh copy into (a link to) an object; returns the bytes this added to the store."""
        if sha == EMPTY_SHA:
            return 0  # empty files stay plain files: they would pile links onto one inode
        stored = object_path(self.backups_dir, sha)
        if stored.exists():
            os.unlink(copied)
            link_or_copy(stored, copied)
            return 0
        pending = self.staging / "objects" / sha[:2] / sha
        try:
            try:
                os.link(copied, pending)
            except FileNotFoundError:
                # Buckets are made on demand: a mkdir costs more than a hundred hard links here.
                with contextlib.suppress(FileExistsError):
                    os.mkdir(pending.parent, 0o700)
                os.chmod(pending.parent, 0o700)
                os.link(copied, pending)
        except FileExistsError:
            os.unlink(copied)  # the same content twice in this snapshot
            link_or_copy(pending, copied)
            return 0
        return size

    def store_batch(self, batch: Sequence[Found], root: str) -> list[Stored]:
        buf = bytearray(CHUNK)
        out = []
        for found in batch:
            try:
                out.append(self.store_one(found, self.staging / root / found.path, buf))
            except OSError as err:
                raise CaptureError(found.path, err) from err
        return out

    def store_all(self, files: Sequence[Found], root: str, workers: int) -> list[Stored]:
        """Store ``files`` under ``staging/root`` (their folders must exist) with ``workers`` threads."""
        batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
        if workers <= 1 or len(batches) <= 1:
            return [s for b in batches for s in self.store_batch(b, root)]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="backup") as pool:
            results = list(pool.map(lambda b: self.store_batch(b, root), batches))
        return [s for r in results for s in r]


def _entry(found: Found, sha: str, size: int) -> Entry:
    return Entry(
        path=found.path,
        kind="file",
        mode=found.mode,
        size=size,
        sha256=sha,
        mtime_ns=found.mtime_ns,
        stat_key=found.stat_key,
    )


def make_dirs(root: Path, dirs: Sequence[str]) -> None:
    """Create ``root`` and every folder in ``dirs`` (parents first) as 0700."""
    os.mkdir(root, 0o700)
    os.chmod(root, 0o700)
    for rel in dirs:
        path = root / rel
        os.mkdir(path, 0o700)
        os.chmod(path, 0o700)


def make_buckets(root: Path) -> None:
    """The 256 two-hex-digit bucket folders of an object store."""
    if not root.is_dir():
        os.mkdir(root, 0o700)
    os.chmod(root, 0o700)
    for i in range(256):
        bucket = root / f"{i:02x}"
        if not bucket.is_dir():
            os.mkdir(bucket, 0o700)
            os.chmod(bucket, 0o700)
