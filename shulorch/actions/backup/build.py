"""Build the entries of a snapshot whose tree changed: take over what the previous snapshot stored,
re-hash what may have changed, and write the rest into new packs in the staging folder."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.dumps import Runner
from shulorch.actions.backup.incremental import Plan, Previous, Stored
from shulorch.actions.backup.model import PACKS, Entry, Pack
from shulorch.actions.backup.packs import hash_files, plan_packs, write_pack
from shulorch.actions.backup.scan import Found
from shulorch.actions.backup.store import fsync_path


@dataclass(frozen=True, slots=True, kw_only=True)
class Built:
    entries: tuple[Entry, ...]
    packs: tuple[Pack, ...]  # every pack the entries use, reused ones first
    new_packs: tuple[Pack, ...]
    reused_files: int
    warnings: tuple[str, ...]  # tar's notes on files that changed while it read them


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """Where one build reads and writes."""

    source: Path
    backups_dir: Path
    staging: Path
    backup_id: str
    run: Runner
    env: Mapping[str, str]
    workers: int
    scan_start_ns: int
    racy_ns: int


def build(job: Job, rows: Sequence[Found], plan: Plan, previous: Previous | None) -> Built:
    """Entries for ``rows`` (tree and configuration, in order), new packs written and fsynced."""
    reuse = dict(plan.reuse)
    to_pack = list(plan.pack)
    vanished: set[str] = set()
    hashed = hash_files(job.source, [f.path for f, _ in plan.rehash], job.workers)
    for found, old in plan.rehash:
        sha = hashed[found.path]
        if sha is None:
            vanished.add(found.path)
        elif sha == old.sha256:
            reuse[found.path] = old
        else:
            to_pack.append(found)
    order = {f.path: i for i, f in enumerate(rows)}
    to_pack.sort(key=lambda f: order[f.path])  # folder by folder, as tar reads best
    stored: dict[str, Stored] = {}
    new_packs: list[Pack] = []
    warnings: list[str] = []
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="backup-fsync") as pool:
        syncs: list[Future[None]] = []
        for index, names in enumerate(plan_packs([(f.path, f.size) for f in to_pack]), 1):
            pack_id = f"{job.backup_id}-{index:03d}"
            path = job.staging / "packs" / f"{pack_id}.tar"
            input_list = job.staging / "packs" / f"{pack_id}.input"
            result = write_pack(
                source=job.source,
                names=names,
                pack_id=pack_id,
                pack_path=path,
                list_path=input_list,
                run=job.run,
                env=job.env,
            )
            os.unlink(input_list)
            # Flushed while tar writes the next pack: the disk and the CPU work at the same time.
            syncs.append(pool.submit(fsync_path, path))
            new_packs.append(result.pack)
            warnings += result.warnings
            for name in names:
                if name in result.members:
                    size, sha = result.members[name]
                    stored[name] = Stored(size, sha, pack_id)
                else:
                    vanished.add(name)  # deleted since the scan (write_pack checked it is gone)
        for sync in syncs:
            sync.result()
    entries = tuple(_entries(job, rows, reuse, stored, vanished))
    used = {e.pack for e in entries if e.kind == "file"}
    reused = [p for p in (previous.info.head.packs if previous else ()) if p.id in used]
    for pack in reused:
        os.link(job.backups_dir / PACKS / f"{pack.id}.tar", job.staging / "packs" / f"{pack.id}.tar")
    return Built(
        entries=entries,
        packs=(*reused, *new_packs),
        new_packs=tuple(new_packs),
        reused_files=len(reuse),
        warnings=tuple(warnings),
    )


def _entries(
    job: Job,
    rows: Sequence[Found],
    reuse: Mapping[str, Stored],
    stored: Mapping[str, Stored],
    vanished: set[str],
) -> list[Entry]:
    out: list[Entry] = []
    limit = job.scan_start_ns - job.racy_ns  # see incremental.is_racy
    for f in rows:
        if f.kind == "dir":
            out.append(Entry(path=f.path, kind="dir", mode=f.mode))
        elif f.kind == "symlink":
            out.append(Entry(path=f.path, kind="symlink", target=f.target))
        elif f.path not in vanished:
            size, sha, pack = reuse.get(f.path) or stored[f.path]
            # Stat data is kept only when it describes the bytes stored and is old enough to trust.
            trusted = size == f.size and f.mtime_ns < limit and f.ctime_ns < limit
            out.append(
                Entry(
                    path=f.path,
                    kind="file",
                    mode=f.mode,
                    size=size,
                    sha256=sha,
                    pack=pack,
                    mtime_ns=f.mtime_ns,
                    stat_key=f.stat_key if trusted else (),
                )
            )
    return out
