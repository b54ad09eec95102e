"""Take one snapshot: scan, free-space check, capture files, config and databases into
``backups/.tmp-<id>/``, write meta/ and rollback.sh, sync, then publish (manifest, rename).

Nothing half-done is ever listed: a crash leaves only a ``.tmp-*`` folder that the next run removes,
and a full disk removes the partial snapshot before the error is raised.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup import databases as db
from shulorch.actions.backup.capture import DISK_FULL, Capture, CaptureError, make_buckets, make_dirs
from shulorch.actions.backup.configs import capture_config
from shulorch.actions.backup.model import (
    MANIFEST,
    OBJECTS,
    TMP_PREFIX,
    TRASH_PREFIX,
    DatabaseDump,
    Entry,
    Manifest,
    list_backups,
)
from shulorch.actions.backup.scan import ScanResult, parse_patterns, scan_tree
from shulorch.actions.backup.script import render_rollback, write_meta
from shulorch.actions.backup.store import make_private_dir, sync_filesystem
from shulorch.actions.base import Logger
from shulorch.errors import ActionError
from shulorch.fsutil import fsync_dir, write_atomic
from shulorch.process import ProcessResult

DEFAULT_EXCLUDES = ("vendor/", "node_modules/", "writable/cache/", "writable/session/", "writable/debugbar/")
Runner = Callable[[Sequence[str], Mapping[str, str]], ProcessResult]


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotOptions:
    source: Path
    backups_dir: Path
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include_git: bool = False
    config_globs: tuple[str, ...] = (".env", "app/Config/")
    databases: tuple[db.DatabaseSpec, ...] = ()
    run_id: str = ""
    task: str = "backup.snapshot"
    reserve_bytes: int = 16 << 20  # head-room kept free beyond the estimate
    workers: int = 0  # 0: four per CPU (at most 16): threads mostly wait on the file system


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotReport:
    backup_id: str
    folder: Path
    files: int
    bytes: int
    new_bytes: int
    reused_files: int
    duration: float
    databases: tuple[str, ...]
    skipped: tuple[str, ...]


def remove_stale(backups_dir: Path, log: Logger) -> None:
    """Delete temp folders of snapshots whose process is gone (kill -9, power loss) and trash."""
    for child in backups_dir.iterdir():
        if child.name.startswith(TRASH_PREFIX):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(TMP_PREFIX) and not _owner_alive(child):
            log.warning(f"removing {child}: left behind by an interrupted snapshot")
            shutil.rmtree(child, ignore_errors=True)


def _owner_alive(folder: Path) -> bool:
    try:
        pid = int((folder / ".owner").read_text().strip())
    except (OSError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _new_id(backups_dir: Path) -> str:
    base = time.strftime("%Y-%m-%d-%H%M%S")
    name, n = base, 2
    while (backups_dir / name).exists() or (backups_dir / (TMP_PREFIX + name)).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def _check_free_space(backups_dir: Path, needed: int, reserve: int) -> None:
    st = os.statvfs(backups_dir)
    free = st.f_bavail * st.f_frsize
    if free < needed + reserve:
        raise ActionError(
            f"not enough free space for a backup in {backups_dir}: about {needed / 1e6:.1f} MB needed "
            f"(+ {reserve / 1e6:.0f} MB head-room), {free / 1e6:.1f} MB free; free some space, prune old "
            "backups (`shulorch backups prune --keep N`) or point `dest` at a larger disk"
        )


def take_snapshot(opts: SnapshotOptions, run: Runner, env: Mapping[str, str], log: Logger) -> SnapshotReport:
    """Take and publish one snapshot; raises ActionError (partial snapshot removed) on failure."""
    started = time.monotonic()
    source = Path(os.path.realpath(opts.source))
    if not source.is_dir():
        raise ActionError(f"{opts.task}: source {opts.source} is not a folder; fix `source` in pipeline.yaml")
    backups_dir = Path(os.path.realpath(opts.backups_dir))
    make_private_dir(backups_dir)
    remove_stale(backups_dir, log)
    make_buckets(backups_dir / OBJECTS)
    sqlite_paths = [Path(os.path.realpath(s.path)) for s in opts.databases if s.type == "sqlite"]
    # A live SQLite file is never copied as a file: only its backup-API dump is stored.
    skip = [backups_dir, *(Path(f"{p}{x}") for p in sqlite_paths for x in ("", "-wal", "-shm", "-journal"))]
    patterns = parse_patterns([*opts.exclude, *(() if opts.include_git else (".git/",))])
    scan = scan_tree(source, patterns, skip)
    for rel in scan.skipped:
        log.warning(f"{source / rel}: socket, FIFO or device file, not backed up")
    history = list_backups(backups_dir)
    previous = {e.path: e for e in history[-1].manifest.files} if history else {}
    files = [f for f in scan.entries if f.kind == "file"]
    estimate = sum(f.size for f in files if _changed(previous.get(f.path), f.stat_key))
    estimate += sum(p.stat().st_size for p in sqlite_paths if p.is_file())
    _check_free_space(backups_dir, estimate, opts.reserve_bytes)

    backup_id = _new_id(backups_dir)
    staging = backups_dir / (TMP_PREFIX + backup_id)
    make_private_dir(staging)
    try:
        write_atomic(staging / ".owner", f"{os.getpid()}\n", 0o600)
        manifest, counts = _capture(opts, source, backups_dir, staging, scan, previous, run, env, backup_id)
        manifest = _finish(manifest, started, counts, run, env, source)
        meta_shas = write_meta(staging, manifest)
        write_atomic(staging / "rollback.sh", render_rollback(manifest, meta_shas), 0o700)
        _publish(backups_dir, staging, manifest)
    except CaptureError as err:
        shutil.rmtree(staging, ignore_errors=True)
        what = _describe(err.err)
        raise ActionError(
            f"{opts.task}: backup aborted while storing {source / err.path}: {what}; the partial snapshot "
            f"was removed and older backups in {backups_dir} are untouched; free space and run again"
        ) from err
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        what = _describe(err)
        raise ActionError(
            f"{opts.task}: backup aborted: {what}; the partial snapshot was removed and older backups in "
            f"{backups_dir} are untouched"
        ) from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    meta = manifest.meta
    return SnapshotReport(
        backup_id=backup_id,
        folder=backups_dir / backup_id,
        files=int(meta["files"]),
        bytes=int(meta["bytes"]),
        new_bytes=int(meta["new_bytes"]),
        reused_files=int(meta["reused_files"]),
        duration=time.monotonic() - started,
        databases=tuple(d.name for d in manifest.databases),
        skipped=scan.skipped,
    )


def _describe(err: OSError) -> str:
    return "the disk is full (or a file-size limit was hit)" if err.errno in DISK_FULL else str(err)


def _changed(old: Entry | None, key: tuple[int, ...]) -> bool:
    return old is None or old.stat_key != key


def _capture(
    opts: SnapshotOptions,
    source: Path,
    backups_dir: Path,
    staging: Path,
    scan: ScanResult,
    previous: Mapping[str, Entry],
    run: Runner,
    env: Mapping[str, str],
    backup_id: str,
) -> tuple[Manifest, dict[str, int]]:
    os.mkdir(staging / "objects", 0o700)
    os.chmod(staging / "objects", 0o700)
    make_dirs(staging / "tree", [f.path for f in scan.entries if f.kind == "dir"])
    for link in (f for f in scan.entries if f.kind == "symlink"):
        os.symlink(link.target, staging / "tree" / link.path)
    capture = Capture(source=source, backups_dir=backups_dir, staging=staging, previous=previous)
    workers = opts.workers or min(16, 4 * (os.cpu_count() or 1))
    stored = capture.store_all([f for f in scan.entries if f.kind == "file"], "tree", workers)
    by_path = {s.entry.path: s.entry for s in stored if s.entry is not None}
    entries = tuple(
        by_path[f.path] if f.kind == "file" else Entry(path=f.path, kind=f.kind, mode=f.mode, target=f.target)
        for f in scan.entries
        if f.kind != "file" or f.path in by_path
    )
    config, config_new = capture_config(capture, opts.config_globs, by_path)
    dumps = _dump_databases(opts, source, staging, run, env)
    # Unchanged dumps (a SQLite backup copy of an idle database) cost nothing twice either.
    dump_new = sum(capture.register(staging / "databases" / d.file, d.sha256, d.size) for d in dumps)
    counts = {
        "files": len(by_path),
        "bytes": sum(e.size for e in by_path.values()),
        "new_bytes": sum(s.new_bytes for s in stored) + config_new + dump_new,
        "reused_files": sum(1 for s in stored if s.reused),
    }
    preserved = tuple(p for p in scan.excluded if not _is_db_file(source / p, opts))
    manifest = Manifest(
        id=backup_id,
        created=time.time(),
        source=str(source),
        entries=entries,
        config=config,
        databases=dumps,
        preserved=preserved,
        exclude=tuple(opts.exclude),
        meta={"root_mode": stat.S_IMODE(source.stat().st_mode), "run_id": opts.run_id},
    )
    return manifest, counts


def _is_db_file(path: Path, opts: SnapshotOptions) -> bool:
    names = {os.path.realpath(s.path) for s in opts.databases if s.type == "sqlite"}
    real = os.path.realpath(path)
    return any(real == n or real in (n + "-wal", n + "-shm", n + "-journal") for n in names)


def _dump_databases(
    opts: SnapshotOptions, source: Path, staging: Path, run: Runner, env: Mapping[str, str]
) -> tuple[DatabaseDump, ...]:
    from shulorch.actions.backup.dumps import dump_all

    return dump_all(opts.databases, source, staging / "databases", run, env, opts.task)


def _finish(
    manifest: Manifest,
    started: float,
    counts: Mapping[str, int],
    run: Runner,
    env: Mapping[str, str],
    source: Path,
) -> Manifest:
    commit = None
    try:
        result = run(["git", "-C", str(source), "rev-parse", "HEAD"], env)
        commit = result.stdout.strip() if result.ok else None
    except ActionError:
        commit = None  # git is not installed: the metadata says so with a null commit
    meta = dict(manifest.meta)
    meta.update(counts)
    meta.update(git_commit=commit, duration=round(time.monotonic() - started, 3))
    return Manifest(
        id=manifest.id,
        created=manifest.created,
        source=manifest.source,
        entries=manifest.entries,
        config=manifest.config,
        databases=manifest.databases,
        preserved=manifest.preserved,
        exclude=manifest.exclude,
        meta=meta,
    )


def _publish(backups_dir: Path, staging: Path, manifest: Manifest) -> None:
    """Make the data durable, move new objects into the store, write the manifest, rename."""
    sync_filesystem(staging)
    pending = staging / "objects"
    for bucket in pending.iterdir():
        for obj in bucket.iterdir():
            os.rename(obj, backups_dir / OBJECTS / bucket.name / obj.name)
        bucket.rmdir()
    pending.rmdir()
    (staging / ".owner").unlink()
    write_atomic(staging / MANIFEST, manifest.to_bytes(), 0o600)
    sync_filesystem(staging)  # the object renames above
    os.rename(staging, backups_dir / manifest.id)
    fsync_dir(backups_dir)
