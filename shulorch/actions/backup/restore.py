"""Safe restore (``shulorch rollback``): refuse unsafe entries, verify every checksum, rebuild the
tree in an empty staging folder next to the target, restore databases, then swap it in.

The previous tree is kept beside the target (``<target>.before-rollback-<time>``) so that a rollback
never costs data either.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup import databases as db
from shulorch.actions.backup.model import BackupInfo, Entry, Manifest, load_manifest
from shulorch.actions.backup.scan import link_escapes
from shulorch.actions.backup.store import CHUNK, copy_and_hash
from shulorch.actions.backup.tarstream import TarFormatError, read_pack
from shulorch.actions.backup.verify import verify_backup
from shulorch.actions.base import Logger
from shulorch.errors import ActionError
from shulorch.process import run_process


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreReport:
    backup_id: str
    target: Path
    previous: Path | None  # where the replaced tree was kept
    files: int
    databases: tuple[str, ...]
    duration: float


def unsafe_reason(entry: Entry) -> str | None:
    """Why ``entry`` must not be restored, or None when it is safe."""
    path = entry.path
    if not path or "\0" in path:
        return "empty or NUL in its path"
    if path.startswith("/"):
        return "absolute path"
    parts = path.split("/")
    if ".." in parts:
        return "'..' in its path"
    if any(p in ("", ".") for p in parts):
        return "non-canonical path"
    if entry.kind not in ("file", "dir", "symlink"):
        return f"{entry.kind} entry (device or special file)"
    if entry.kind == "symlink" and link_escapes(path, entry.target):
        return f"symlink leaves the target (-> {entry.target})"
    return None


def check_entries(manifest: Manifest) -> None:
    """Raise ActionError naming the first entry that could write outside the target."""
    links = {e.path for e in manifest.entries if e.kind == "symlink"}
    extra = [
        Entry(path=str(d.restore.get("path", "")), kind="file")
        for d in manifest.head.databases
        if d.type == "sqlite" and d.restore.get("in_tree")
    ]
    for entry in (*manifest.entries, *extra):
        reason = unsafe_reason(entry)
        parent = posixpath.dirname(entry.path)
        while reason is None and parent:
            if parent in links:
                reason = f"lies under the symlink {parent}"
            parent = posixpath.dirname(parent)
        if reason:
            raise ActionError(
                f"backup {manifest.head.id}: refusing entry {entry.path!r}: {reason}; the backup was "
                "tampered with or is corrupt, nothing was changed; restore another backup"
            )


def restore_backup(info: BackupInfo, target: Path, env: Mapping[str, str], log: Logger) -> RestoreReport:
    """Restore ``info`` into ``target`` (created if missing); raises ActionError, target untouched."""
    started = time.monotonic()
    manifest = load_manifest(info)
    check_entries(manifest)
    log.info(f"rollback {info.id}: verifying every checksum before touching anything")
    report = verify_backup(info)
    if not report.ok:
        shown = "\n  ".join(report.problems[:10])
        raise ActionError(
            f"backup {info.id} is corrupt or was tampered with "
            f"({len(report.problems)} problem(s)):\n  {shown}\n"
            "nothing was changed; restore another backup (`shulorch backups list`)"
        )
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.rollback-{info.id}.{os.getpid()}"
    os.mkdir(staging, 0o700)
    try:
        log.info(f"rollback {info.id}: extracting {len(manifest.files)} files into {staging}")
        _rebuild(info, staging, manifest.entries)
        names = _restore_databases(info, staging, env, log)
        _apply_dir_modes(staging, manifest.entries)
        os.chmod(staging, int(manifest.head.meta.get("root_mode", 0o755)))
        previous = _swap(target, staging, manifest.head.preserved, info.id, log)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreReport(
        backup_id=info.id,
        target=target,
        previous=previous,
        files=len(manifest.files),
        databases=names,
        duration=time.monotonic() - started,
    )


class _Extract:
    """A tar sink writing the wanted members of one pack as new private files, checking each sha256."""

    def __init__(self, staging: Path, wanted: Mapping[str, Entry]) -> None:
        self.staging, self.wanted = staging, wanted
        self.done: set[str] = set()
        self.entry: Entry | None = None
        self.fd = -1
        self.digest = hashlib.sha256()

    def begin(self, name: str, size: int, kind: str) -> None:
        entry = self.wanted.get(name)
        self.entry = entry if entry is not None and kind == "file" and name not in self.done else None
        if self.entry is None:
            return  # a member an older or newer snapshot uses: skipped
        dest = self.staging / name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            self.fd = os.open(dest, flags, 0o600)
        except FileNotFoundError:
            os.makedirs(dest.parent, 0o700, exist_ok=True)
            self.fd = os.open(dest, flags, 0o600)
        self.digest = hashlib.sha256()

    def data(self, chunk: memoryview) -> None:
        if self.entry is not None:
            self.digest.update(chunk)
            while chunk:
                chunk = chunk[os.write(self.fd, chunk) :]

    def end(self) -> None:
        entry = self.entry
        if entry is None:
            return
        fd, self.fd, self.entry = self.fd, -1, None
        try:
            os.fchmod(fd, entry.mode)
            os.utime(fd, ns=(entry.mtime_ns, entry.mtime_ns))
        finally:
            os.close(fd)
        if self.digest.hexdigest() != entry.sha256:
            raise ActionError(
                f"{entry.path}: changed while restoring (checksum differs); nothing was changed"
            )
        self.done.add(entry.path)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _rebuild(info: BackupInfo, staging: Path, entries: Sequence[Entry]) -> None:
    for entry in entries:
        if entry.kind == "dir":
            os.makedirs(staging / entry.path, 0o700, exist_ok=True)
    by_pack: dict[str, dict[str, Entry]] = {}
    for entry in entries:
        if entry.kind == "file":
            by_pack.setdefault(entry.pack, {})[entry.path] = entry

    def extract(pack_id: str) -> None:
        wanted = by_pack[pack_id]
        sink = _Extract(staging, wanted)
        try:
            read_pack(info.folder / "packs" / f"{pack_id}.tar", sink)
        except TarFormatError as err:
            raise ActionError(
                f"packs/{pack_id}.tar: {err}; nothing was changed; restore another backup"
            ) from err
        finally:
            sink.close()
        missing = sorted(set(wanted) - sink.done)
        if missing:
            raise ActionError(f"{missing[0]}: missing from packs/{pack_id}.tar; nothing was changed")

    # Two packs at a time: creating files is kernel work that a second core halves.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="restore") as pool:
        for job in [pool.submit(extract, pack_id) for pack_id in by_pack]:
            job.result()
    for entry in entries:
        if entry.kind == "symlink":
            os.symlink(entry.target, staging / entry.path)


def _apply_dir_modes(staging: Path, entries: Iterable[Entry]) -> None:
    # Deepest first, so a read-only folder does not block fixing the folders inside it.
    dirs = sorted((e for e in entries if e.kind == "dir"), key=lambda e: -e.path.count("/"))
    for entry in dirs:
        os.chmod(staging / entry.path, entry.mode)


def _restore_databases(
    info: BackupInfo, staging: Path, env: Mapping[str, str], log: Logger
) -> tuple[str, ...]:
    names = []
    for dump in info.head.databases:
        file = info.folder / "databases" / dump.file
        settings = dict(dump.restore)
        log.info(f"rollback {info.id}: restoring {dump.type} database {dump.name}")
        if dump.type == "sqlite":
            rel = str(settings["path"])
            dest = staging / rel if settings.get("in_tree") else Path(rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f"{dest.name}.rollback-tmp.{os.getpid()}")
            sha, _ = copy_and_hash(file, tmp, bytearray(CHUNK))
            if sha != dump.sha256:
                tmp.unlink()
                raise ActionError(f"{file}: changed while restoring; nothing was changed")
            os.chmod(tmp, int(str(settings.get("mode", 0o600))))
            for suffix in ("-wal", "-shm", "-journal"):
                # A stale write-ahead log would be replayed onto the restored file.
                Path(f"{dest}{suffix}").unlink(missing_ok=True)
            os.replace(tmp, dest)
        else:
            child_env = db.password_env(dump.type, str(settings.get("password_env", "")), env)
            result = run_process(db.restore_argv(dump.type, settings, file), cwd=info.folder, env=child_env)
            if not result.ok:
                raise ActionError(
                    f"rollback {info.id}: {result.argv[0]} of {dump.file} failed "
                    f"(exit {result.returncode}):\n"
                    f"{result.tail()}\nthe files were not swapped; check the database server and credentials"
                )
        names.append(dump.name)
    return tuple(names)


def _swap(target: Path, staging: Path, preserved: Iterable[str], backup_id: str, log: Logger) -> Path | None:
    exists = os.path.lexists(target)
    moved: list[str] = []
    previous = None
    try:
        for rel in preserved:
            if exists and os.path.lexists(target / rel):
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                os.rename(target / rel, staging / rel)
                moved.append(rel)
        if exists:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            previous = target.with_name(f"{target.name}.before-rollback-{stamp}-{os.getpid()}")
            os.rename(target, previous)
        os.rename(staging, target)
    except OSError:
        # Put everything back where it was before the staging folder is thrown away.
        if previous is not None and not os.path.lexists(target):
            os.rename(previous, target)
        for rel in moved:
            os.rename(staging / rel, target / rel)
        raise
    for rel in moved:
        log.info(f"rollback {backup_id}: kept {rel} of the current tree (excluded from backups)")
    log.info(
        f"rollback {backup_id}: {target} restored"
        + (f"; previous tree kept in {previous}" if previous else "")
    )
    return previous
