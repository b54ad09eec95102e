"""Private files and the content-addressed object store (``backups/.objects/ab/<sha256>``).

Snapshots hard-link their files to store objects, so an unchanged file costs one directory entry;
an object nothing links to any more (link count 1) is garbage. Objects are 0600 whatever the
umask: backups hold .env files and database dumps.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
from pathlib import Path

from shulorch.actions.backup.model import OBJECTS

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


def open_private(path: Path) -> int:
    """A new 0600 file opened for writing (fails if it exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def object_path(backups_dir: Path, sha: str) -> Path:
    return backups_dir / OBJECTS / sha[:2] / sha


def copy_and_hash(src: Path, dest: Path, buf: bytearray) -> tuple[str, int]:
    """Copy ``src`` into a new private file ``dest`` and return (sha256, size) of the bytes copied.

    One pass: the checksum describes exactly the bytes stored, even if ``src`` changes meanwhile.
    """
    digest = hashlib.sha256()
    view = memoryview(buf)
    size = 0
    fd_in = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fd_out = open_private(dest)
        try:
            while True:
                n = os.readv(fd_in, [buf])
                if n == 0:
                    break
                chunk = view[:n]
                digest.update(chunk)
                written = 0
                while written < n:
                    written += os.write(fd_out, chunk[written:])
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
        while True:
            n = os.readv(fd, [buf])
            if n == 0:
                break
            digest.update(view[:n])
    finally:
        os.close(fd)
    return digest.hexdigest()


def link_or_copy(obj: Path, dest: Path) -> None:
    """Hard-link store object ``obj`` at ``dest``; copy it when the inode has too many links."""
    try:
        os.link(obj, dest)
    except OSError as err:
        if err.errno != errno.EMLINK:
            raise
        # ext4 caps an inode at 65,000 links: an ever-present file (an empty index.html, say)
        # reaches that after enough snapshots; a private copy keeps the snapshot whole.
        fd = open_private(dest)
        os.close(fd)
        shutil.copyfile(obj, dest)


def sync_filesystem(path: Path) -> None:
    """Flush every dirty page of the file system holding ``path`` (one syncfs instead of an
    fsync per file: a snapshot writes tens of thousands of files)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            syncfs = libc.syncfs
        except (OSError, AttributeError):
            os.sync()
            return
        if syncfs(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"syncfs failed: {os.strerror(code)}", str(path))
    finally:
        os.close(fd)


def collect_garbage(backups_dir: Path) -> tuple[int, int]:
    """Remove objects no snapshot links to any more; returns (objects, bytes) removed."""
    root = backups_dir / OBJECTS
    removed = freed = 0
    if not root.is_dir():
        return 0, 0
    for bucket in root.iterdir():
        if not bucket.is_dir():
            continue
        for obj in bucket.iterdir():
            st = obj.lstat()
            if st.st_nlink <= 1:
                obj.unlink()
                removed += 1
                freed += st.st_size
    return removed, freed
