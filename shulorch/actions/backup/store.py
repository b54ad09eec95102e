"""Private, durable files of the backups folder: 0700 folders and 0600 files whatever the umask
(backups hold .env files and database dumps), hashing, fsync helpers, and the garbage collection of
the shared pack folder ``backups/.packs/``."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from shulorch.actions.backup.model import PACKS
from shulorch.fsutil import fsync_dir

CHUNK = 1 << 20
DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700, whatever the umask."""
    if path.is_dir():
        return
    make_private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, DIR_MODE)
    os.chmod(path, DIR_MODE)


def open_private(path: Path, mode: int = FILE_MODE) -> int:
    """A new file opened for writing, 0600 (or ``mode``) whatever the umask; fails if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    os.fchmod(fd, mode)
    return fd


def write_private(path: Path, data: bytes, mode: int = FILE_MODE) -> str:
    """Write a new private file durably (fsynced); returns the sha256 of ``data``."""
    fd = open_private(path, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return hashlib.sha256(data).hexdigest()


def copy_and_hash(src: Path, dest: Path, buf: bytearray) -> tuple[str, int]:
    """Copy ``src`` into a new private file ``dest``; returns (sha256, size) of the bytes copied."""
    digest = hashlib.sha256()
    view = memoryview(buf)
    size = 0
    fd_in = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fd_out = open_private(dest)
        try:
            while n := os.readv(fd_in, [buf]):
                digest.update(view[:n])
                chunk = view[:n]
                while chunk:
                    chunk = chunk[os.write(fd_out, chunk) :]
                size += n
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)
    return digest.hexdigest(), size


def hash_file(path: Path, buf: bytearray) -> str:
    """sha256 of a regular file, read without following a final symlink."""
    digest = hashlib.sha256()
    view = memoryview(buf)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        while n := os.readv(fd, [buf]):
            digest.update(view[:n])
    finally:
        os.close(fd)
    return digest.hexdigest()


def fsync_path(path: Path) -> None:
    """Flush one file's data to disk (a read-only descriptor is enough on Linux)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dirs(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            fsync_dir(path)


def collect_packs(backups_dir: Path) -> tuple[int, int]:
    """Remove packs nothing links to any more; returns (packs, bytes) removed.

    Every snapshot (and a snapshot being written) hard-links the packs it uses, so a pack whose
    link count is 1 is referenced by no backup: the count is the reference count.
    """
    root = backups_dir / PACKS
    removed = freed = 0
    if not root.is_dir():
        return 0, 0
    for child in root.iterdir():
        st = child.lstat()
        if st.st_nlink <= 1:
            child.unlink()
            removed += 1
            freed += st.st_size
    if removed:
        fsync_dir(root)
    return removed, freed
