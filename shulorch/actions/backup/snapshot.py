"""Take one snapshot: scan, free-space check, new content into tar packs (or the whole previous
snapshot taken over when nothing changed), database dumps, lists and rollback.sh, all in
``backups/.tmp-<id>/``; then publish: fsync, packs into ``.packs/``, manifest last, rename.

Nothing half-done is ever listed: a crash leaves only a ``.tmp-*`` folder that the next run removes,
and a full disk removes the partial snapshot before the error is raised.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup import databases as db
from shulorch.actions.backup.build import Job, build
from shulorch.actions.backup.configs import preserved_paths, scan_config
from shulorch.actions.backup.dumps import Runner, dump_all, share_unchanged
from shulorch.actions.backup.incremental import (
    RACY_NS,
    Previous,
    find_previous,
    plan_files,
    scan_digest,
    unchanged,
)
from shulorch.actions.backup.lists import link_lists, render_lists, write_lists
from shulorch.actions.backup.model import MANIFEST, PACKS, TMP_PREFIX, TRASH_PREFIX, Head, Pack
from shulorch.actions.backup.packs import DiskFull
from shulorch.actions.backup.scan import parse_patterns, scan_tree
from shulorch.actions.backup.script import SCRIPT, render_rollback
from shulorch.actions.backup.store import (
    DIR_MODE,
    collect_packs,
    fsync_dirs,
    make_private_dir,
    open_private,
    write_private,
)
from shulorch.actions.base import Logger
from shulorch.errors import ActionError
from shulorch.fsutil import fsync_dir

DEFAULT_EXCLUDES = ("vendor/", "node_modules/", "writable/cache/", "writable/session/", "writable/debugbar/")
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


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
    workers: int = 0  # hashing threads; 0: two per CPU
    rehash: bool = False  # read every file instead of trusting unchanged stat data
    racy_ns: int = RACY_NS  # files modified this recently before the scan are re-read next time


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotReport:
    backup_id: str
    folder: Path
    files: int
    bytes: int
    new_bytes: int
    reused_files: int
    new_packs: tuple[str, ...]
    unchanged: bool  # the previous snapshot was taken over whole
    duration: float
    databases: tuple[str, ...]
    skipped: tuple[str, ...]


def remove_stale(backups_dir: Path, log: Logger) -> None:
    """Delete temp folders of snapshots whose process is gone (kill -9, power loss), trash, and
    packs no snapshot links to any more (one published just before such a crash)."""
    for child in backups_dir.iterdir():
        if child.name.startswith(TRASH_PREFIX):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(TMP_PREFIX) and not _owner_alive(child):
            log.warning(f"removing {child}: left behind by an interrupted snapshot")
            shutil.rmtree(child, ignore_errors=True)
    collect_packs(backups_dir)


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
    while any((backups_dir / p).exists() for p in (name, TMP_PREFIX + name, f"{PACKS}/{name}-001.tar")):
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
    commit: list[str | None] = []
    git = threading.Thread(target=lambda: commit.append(_git_commit(source, run, env)), daemon=True)
    git.start()  # a git process costs a few ms: it runs while we scan
    backups_dir = Path(os.path.realpath(opts.backups_dir))
    make_private_dir(backups_dir / PACKS)
    remove_stale(backups_dir, log)
    sqlite_paths = [Path(os.path.realpath(s.path)) for s in opts.databases if s.type == "sqlite"]
    # A live SQLite file is never copied as a file: only its backup-API dump is stored.
    db_files = [Path(f"{p}{x}") for p in sqlite_paths for x in ("", "-wal", "-shm", "-journal")]
    patterns = parse_patterns([*opts.exclude, *(() if opts.include_git else (".git/",))])
    scan_start = time.time_ns()
    scan = scan_tree(source, patterns, [backups_dir, *db_files])
    for rel in scan.skipped:
        log.warning(f"{source / rel}: socket, FIFO or device file, not backed up")
    config = scan_config(source, opts.config_globs, scan)
    in_tree = [p.relative_to(source).as_posix() for p in db_files if p.is_relative_to(source)]
    preserved = preserved_paths(scan.excluded, config.paths, in_tree)
    rows = (*scan.entries, *config.extra)
    newest = max([scan.newest_ns, *(max(f.mtime_ns, f.ctime_ns) for f in config.extra)])
    racy = newest >= scan_start - opts.racy_ns
    settings = (patterns, config.paths, preserved, stat.S_IMODE(source.stat().st_mode))
    digest = "" if racy else scan_digest((scan.entries, config.extra), settings)
    previous = find_previous(backups_dir)
    take_over = not opts.rehash and unchanged(previous, digest)
    plan = None if take_over else plan_files([f for f in rows if f.kind == "file"], previous, opts.rehash)
    estimate = sum(p.stat().st_size for p in sqlite_paths if p.is_file())
    if plan is not None:
        estimate += sum(f.size for f in plan.pack) + sum(f.size for f, _ in plan.rehash)
    _check_free_space(backups_dir, estimate, opts.reserve_bytes)

    backup_id = _new_id(backups_dir)
    staging = backups_dir / (TMP_PREFIX + backup_id)
    make_private_dir(staging)
    try:
        fd = open_private(staging / ".owner")
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        os.mkdir(staging / "packs", DIR_MODE)
        os.chmod(staging / "packs", DIR_MODE)
        if take_over and previous is not None:
            packs, checksums, counts = _take_over(previous, backups_dir, staging)
            new_packs: tuple[Pack, ...] = ()
        else:
            assert plan is not None
            job = Job(
                source=source,
                backups_dir=backups_dir,
                staging=staging,
                backup_id=backup_id,
                run=run,
                env=env,
                workers=opts.workers or 2 * (os.cpu_count() or 1),
                scan_start_ns=scan_start,
                racy_ns=opts.racy_ns,
            )
            built = build(job, rows, plan, previous)
            for warning in built.warnings:
                log.warning(f"{opts.task}: {warning} (stored as read; the next snapshot reads it again)")
            packs, new_packs = built.packs, built.new_packs
            checksums = write_lists(staging, render_lists(built.entries))
            files = [e for e in built.entries if e.kind == "file"]
            counts = {
                "files": len(files),
                "bytes": sum(e.size for e in files),
                "new_bytes": sum(p.size for p in new_packs),
                "reused_files": built.reused_files,
            }
        dumps = dump_all(opts.databases, source, staging / "databases", run, env, opts.task)
        counts["new_bytes"] += share_unchanged(dumps, staging / "databases", previous)
        git.join()
        meta = {
            "root_mode": settings[-1],
            "run_id": opts.run_id,
            "git_commit": commit[0] if commit else None,
            **counts,
            "new_packs": [p.id for p in new_packs],
            "unchanged": take_over,
            "rehash": opts.rehash,
            "duration": round(time.monotonic() - started, 3),
        }
        head = Head(
            id=backup_id,
            created=time.time(),
            source=str(source),
            packs=packs,
            checksums=checksums,
            config=config.paths,
            databases=dumps,
            preserved=preserved,
            exclude=tuple(opts.exclude),
            scan_digest=digest,
            meta=meta,
        )
        write_private(staging / SCRIPT, render_rollback(head).encode("utf-8"), 0o700)
        _publish(backups_dir, staging, head, new_packs)
    except DiskFull as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise ActionError(
            f"{opts.task}: backup aborted while storing {source / err.member}: the disk is full (or a "
            f"file-size limit was hit: {err}); the partial snapshot was removed and older backups in "
            f"{backups_dir} are untouched; free space and run again"
        ) from err
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        what = (
            "the disk is full (or a file-size limit was hit)" if err.errno in DISK_FULL_ERRNOS else str(err)
        )
        raise ActionError(
            f"{opts.task}: backup aborted: {what}; the partial snapshot was removed and older backups in "
            f"{backups_dir} are untouched"
        ) from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SnapshotReport(
        backup_id=backup_id,
        folder=backups_dir / backup_id,
        files=counts["files"],
        bytes=counts["bytes"],
        new_bytes=counts["new_bytes"],
        reused_files=counts["reused_files"],
        new_packs=tuple(p.id for p in new_packs),
        unchanged=take_over,
        duration=time.monotonic() - started,
        databases=tuple(d.name for d in dumps),
        skipped=scan.skipped,
    )


def _take_over(
    previous: Previous, backups_dir: Path, staging: Path
) -> tuple[tuple[Pack, ...], dict[str, str], dict[str, int]]:
    """Link the previous snapshot's packs and lists: the tree is exactly as it was then."""
    head = previous.info.head
    for pack in head.packs:
        os.link(backups_dir / PACKS / f"{pack.id}.tar", staging / "packs" / f"{pack.id}.tar")
    link_lists(staging, previous.info.folder, head.checksums)
    files = int(head.meta.get("files", 0))
    counts = {"files": files, "bytes": int(head.meta.get("bytes", 0)), "new_bytes": 0, "reused_files": files}
    return head.packs, dict(head.checksums), counts


def _git_commit(source: Path, run: Runner, env: Mapping[str, str]) -> str | None:
    try:
        result = run(["git", "-C", str(source), "rev-parse", "HEAD"], env)
    except ActionError:
        return None  # git is not installed: the metadata says so with a null commit
    return result.stdout.strip() if result.ok else None


def _publish(backups_dir: Path, staging: Path, head: Head, new_packs: tuple[Pack, ...]) -> None:
    """New packs into the shared folder, the manifest last, every directory synced, then rename."""
    for pack in new_packs:  # already fsynced while the next pack was written
        os.link(staging / "packs" / f"{pack.id}.tar", backups_dir / PACKS / f"{pack.id}.tar")
    if new_packs:
        fsync_dir(backups_dir / PACKS)
    (staging / ".owner").unlink()
    write_private(staging / MANIFEST, head.to_bytes())
    fsync_dirs(staging / sub for sub in ("packs", "lists", "databases", "."))
    os.rename(staging, backups_dir / head.id)
    fsync_dir(backups_dir)
