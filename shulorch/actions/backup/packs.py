"""Write a snapshot's new content as tar packs.

The system ``tar`` (fast C code) writes each pack from a member list while this module reads the
pack file back as it grows, so the sha256 of every member is computed from exactly the bytes stored,
on the second core, and the source is read once. Members are named by their path in the tree.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.dumps import Runner
from shulorch.actions.backup.model import Pack
from shulorch.actions.backup.store import CHUNK, hash_file, open_private, write_private
from shulorch.actions.backup.tarstream import READ_SIZE, DigestSink, TarFormatError, TarReader
from shulorch.errors import ActionError
from shulorch.process import ProcessResult

PACK_BYTES = 128 << 20  # packs of about this size: few files, yet a pruned pack frees space soon
# The options that make tar store exactly the listed regular files under their listed names.
TAR_CREATE = (
    "--format=gnu",
    "--no-recursion",
    "--hard-dereference",
    "--numeric-owner",
    "--verbatim-files-from",
    "--no-unquote",
    "--blocking-factor=64",
)
DISK_FULL = re.compile(r"No space left on device|File too large|Disk quota exceeded")
VANISHED = re.compile(
    r"No such file or directory|Exiting with failure status|file changed as we read it"
    r"|[Ff]ile shrank by"
)


class DiskFull(Exception):
    """The pack could not be written because the disk (or a size limit) is full."""

    def __init__(self, member: str, message: str) -> None:
        super().__init__(message)
        self.member = member


@dataclass(frozen=True, slots=True, kw_only=True)
class PackResult:
    pack: Pack
    members: Mapping[str, tuple[int, str]]  # member name -> (size, sha256) as stored
    warnings: tuple[str, ...]  # tar's notes on files that changed while it read them


def plan_packs(files: Sequence[tuple[str, int]], limit: int = PACK_BYTES) -> list[list[str]]:
    """Split (path, size) pairs, in order, into groups of about ``limit`` bytes."""
    groups: list[list[str]] = [[]]
    size = 0
    for path, length in files:
        if groups[-1] and size + length > limit:
            groups.append([])
            size = 0
        groups[-1].append(path)
        size += length
    return groups if groups[0] else []


def write_pack(
    *,
    source: Path,
    names: Sequence[str],
    pack_id: str,
    pack_path: Path,
    list_path: Path,
    run: Runner,
    env: Mapping[str, str],
) -> PackResult:
    """Pack ``names`` (relative to ``source``) into ``pack_path``; ``list_path`` gets the member list."""
    write_private(list_path, b"".join(os.fsencode(n) + b"\n" for n in names))
    os.close(open_private(pack_path))  # tar keeps the 0600 mode of an existing file
    argv = [
        "tar",
        "--create",
        f"--file={pack_path}",
        f"--directory={source}",
        *TAR_CREATE,
        f"--files-from={list_path}",
    ]
    done = threading.Event()
    outcome: list[ProcessResult | BaseException] = []

    def work() -> None:
        try:
            outcome.append(run(argv, {**env, "LC_ALL": "C"}))
        except BaseException as err:  # re-raised in the calling thread
            outcome.append(err)
        finally:
            done.set()

    thread = threading.Thread(target=work, name=f"tar-{pack_id}", daemon=True)
    thread.start()
    sink = DigestSink()
    reader = TarReader(sink)
    whole = hashlib.sha256()
    buf = bytearray(READ_SIZE)
    view = memoryview(buf)
    size = 0
    fd = os.open(pack_path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        while True:
            finished = done.is_set()  # checked before the read: a 0 then means the true end
            n = os.readv(fd, [buf])
            if n:
                whole.update(view[:n])
                reader.feed(view[:n])
                size += n
            elif finished:
                break
            else:
                done.wait(0.002)
    except TarFormatError as err:
        thread.join()
        raise ActionError(
            f"{pack_path}: tar wrote an archive this reader does not understand: {err}"
        ) from err
    finally:
        os.close(fd)
    thread.join()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    warnings = _check(result, reader, sink, names, source, pack_path)
    return PackResult(
        pack=Pack(id=pack_id, size=size, sha256=whole.hexdigest()), members=sink.members, warnings=warnings
    )


def _check(
    result: ProcessResult,
    reader: TarReader,
    sink: DigestSink,
    names: Sequence[str],
    source: Path,
    pack_path: Path,
) -> tuple[str, ...]:
    """Map tar's outcome: a full disk, files deleted meanwhile (dropped), or a real failure."""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    full = [ln for ln in lines if DISK_FULL.search(ln)]
    if result.returncode == -signal.SIGXFSZ:  # the file-size limit kills tar (Popen resets SIG_IGN)
        full.append("tar was killed by SIGXFSZ: file size limit exceeded")
    if not result.ok and full:
        raise DiskFull(reader.current, full[0])
    if result.returncode not in (0, 1) or sink.others or sink.duplicates:
        odd = [f"{n} became a {k}" for n, k in sink.others.items()] + [f"{n} twice" for n in sink.duplicates]
        still = [n for n in names if n not in sink.members and os.path.lexists(source / n)]
        errors = [ln for ln in lines if not VANISHED.search(ln)]
        if result.timed_out or odd or still or errors:
            detail = "; ".join(odd + [f"{n} not stored" for n in still[:3]]) or result.tail(5)
            raise ActionError(
                f"tar could not write {pack_path} (exit {result.returncode}): {detail}; check that the "
                "files are readable and run the snapshot again"
            )
    try:
        reader.close()
    except TarFormatError as err:
        raise ActionError(f"{pack_path}: {err}; tar said: {result.tail(5)}") from err
    return tuple(ln for ln in lines if "changed as we read it" in ln or "shrank" in ln)


def hash_files(source: Path, names: Sequence[str], workers: int) -> dict[str, str | None]:
    """sha256 of each file (None when it vanished), read by a thread pool: hashlib releases the GIL."""

    def batch(part: Sequence[str]) -> list[tuple[str, str | None]]:
        buf = bytearray(CHUNK)
        out: list[tuple[str, str | None]] = []
        for name in part:
            try:
                out.append((name, hash_file(source / name, buf)))
            except FileNotFoundError:
                out.append((name, None))
        return out

    parts = [names[i : i + 64] for i in range(0, len(names), 64)]
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="backup-hash") as pool:
        return {name: sha for done in pool.map(batch, parts) for name, sha in done}
