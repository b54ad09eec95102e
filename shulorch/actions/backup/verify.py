"""Check a snapshot against its manifest and name each difference: files added to or missing from
the folder, special files, list files or rollback.sh altered, packs whose checksum changed and, inside
them, every member whose bytes no longer match (read through the tar stream, never extracted)."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections import defaultdict
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.lists import render_lists
from shulorch.actions.backup.model import BackupInfo, Entry, Head, Manifest, Pack, load_manifest
from shulorch.actions.backup.script import SCRIPT, expected_files, render_rollback
from shulorch.actions.backup.store import CHUNK, hash_file
from shulorch.actions.backup.tarstream import DigestSink, TarFormatError, read_pack

FOLDERS = ("databases", "lists", "packs")


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyReport:
    backup_id: str
    ok: bool
    files: int  # file entries whose bytes were checked
    bytes: int
    problems: tuple[str, ...]
    duration: float


def _inventory(folder: Path, expected: set[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for parent, dirs, names in os.walk(folder):
        for name in sorted(dirs + names):
            path = Path(parent, name)
            rel = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(f"{rel}: a symlink, not part of any backup")
            elif stat.S_ISDIR(mode):
                if rel not in FOLDERS:
                    problems.append(f"{rel}: extra folder, not in the manifest")
            elif not stat.S_ISREG(mode):
                problems.append(f"{rel}: a device, FIFO or socket, not part of any backup")
            elif rel not in expected:
                problems.append(f"{rel}: extra file, not in the manifest")
            seen.add(rel)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(parent, d))]
    problems += [f"{rel}: missing" for rel in sorted(expected - seen)]
    return problems


def _derived(info: BackupInfo, manifest: Manifest) -> list[str]:
    """The list files must be exactly what the manifest entries give."""
    head, problems = manifest.head, []
    rendered = render_lists(manifest.entries)
    for name in sorted(set(rendered) | set(head.checksums)):
        data = rendered.get(name)
        if data is None or name not in head.checksums:
            problems.append(f"{name}: the manifest's entries and its checksum table disagree")
            continue
        try:
            actual = (info.folder / name).read_bytes()
        except OSError:
            continue  # reported as missing by the inventory
        if actual != data or hashlib.sha256(data).hexdigest() != head.checksums[name]:
            problems.append(f"{name}: differs from what the manifest says (altered or damaged)")
    return problems


def _script(info: BackupInfo) -> list[str]:
    """rollback.sh must be exactly the script the manifest head gives."""
    try:
        if (info.folder / SCRIPT).read_bytes() == render_rollback(info.head).encode("utf-8"):
            return []
    except OSError:
        return []  # reported as missing by the inventory
    return [f"{SCRIPT}: differs from the script written for this backup (altered)"]


def _check_pack(folder: Path, pack: Pack, wanted: Sequence[Entry], deep: bool) -> list[str]:
    rel = f"packs/{pack.id}.tar"
    path = folder / rel
    try:
        st = path.lstat()
    except OSError:
        return []  # reported as missing by the inventory
    if st.st_size != pack.size:
        return [f"{rel}: {st.st_size} bytes, the manifest says {pack.size}"]
    if not deep:
        return []
    sink = DigestSink()
    try:
        _size, sha = read_pack(path, sink)
    except (OSError, TarFormatError) as err:
        return [f"{rel}: unreadable as a tar pack ({err})"]
    problems = (
        [] if sha == pack.sha256 else [f"{rel}: checksum differs from the manifest (altered or damaged)"]
    )
    for entry in wanted:
        found = sink.members.get(entry.path)
        if entry.path in sink.others:
            problems.append(f"{entry.path}: stored in {rel} as a {sink.others[entry.path]}, not a file")
        elif found is None:
            problems.append(f"{entry.path}: missing from {rel}")
        elif found != (entry.size, entry.sha256):
            problems.append(
                f"{entry.path}: checksum differs in {rel} (manifest {entry.sha256[:12]}..., "
                f"stored {found[1][:12]}...)"
            )
        elif entry.path in sink.duplicates:
            problems.append(f"{entry.path}: stored twice in {rel}")
    return problems


def _checksummed(info: BackupInfo, head: Head) -> list[str]:
    """The light check of the list files: each still hashes to what the manifest recorded."""
    problems = []
    for name, sha in sorted(head.checksums.items()):
        try:
            if hash_file(info.folder / name, bytearray(CHUNK)) != sha:
                problems.append(f"{name}: differs from what the manifest says (altered or damaged)")
        except OSError:
            continue  # reported as missing by the inventory
    return problems


def verify_backup(info: BackupInfo, packs: Collection[str] | None = None, workers: int = 0) -> VerifyReport:
    """Check ``info`` completely (``packs`` None), or lightly: only the named packs read through,
    the others checked by size, the list files by checksum instead of being rebuilt from the
    entries (the check a snapshot runs on itself). ``ok`` is False when anything differs."""
    started = time.monotonic()
    head = info.head
    problems = _inventory(info.folder, set(expected_files(head))) + _script(info)
    deep = [p for p in head.packs if packs is None or p.id in packs]
    by_pack: dict[str, list[Entry]] = defaultdict(list)
    if packs is None or deep:  # the entries are needed to rebuild the lists or to check members
        manifest = load_manifest(info)
        for entry in manifest.entries:
            if entry.kind == "file":
                by_pack[entry.pack].append(entry)
        known = {p.id for p in head.packs}
        for pack_id in sorted(set(by_pack) - known):
            first = by_pack[pack_id][0].path
            problems.append(f"{first}: stored in pack {pack_id!r}, which the manifest does not list")
    problems += _derived(info, manifest) if packs is None else _checksummed(info, head)
    with ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool:
        jobs = [pool.submit(_check_pack, info.folder, p, by_pack[p.id], p in deep) for p in head.packs]
        for job in jobs:
            problems += job.result()
    checked = [e for p in deep for e in by_pack[p.id]]
    for dump in head.databases:
        path = info.folder / "databases" / dump.file
        if path.is_file() and not path.is_symlink() and hash_file(path, bytearray(CHUNK)) != dump.sha256:
            problems.append(f"databases/{dump.file}: checksum differs from the manifest")
    return VerifyReport(
        backup_id=info.id,
        ok=not problems,
        files=len(checked),
        bytes=sum(e.size for e in checked),
        problems=tuple(problems),
        duration=time.monotonic() - started,
    )
