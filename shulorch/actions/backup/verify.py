"""Recompute every checksum of a snapshot and compare the folder with its manifest, naming each
difference (changed, missing or extra entries, special files, altered links)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.model import BackupInfo, Entry
from shulorch.actions.backup.store import CHUNK, hash_file


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyReport:
    backup_id: str
    ok: bool
    files: int
    bytes: int
    problems: tuple[str, ...]
    duration: float


def _on_disk(root: Path) -> dict[str, str]:
    """rel path -> kind ("dir", "file", "symlink" or "special") of everything under ``root``."""
    found: dict[str, str] = {}
    if not root.is_dir():
        return found
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as it:
            for child in it:
                mode = child.stat(follow_symlinks=False).st_mode
                rel = prefix + child.name
                if stat.S_ISDIR(mode):
                    found[rel] = "dir"
                    stack.append((child.path, rel + "/"))
                elif stat.S_ISREG(mode):
                    found[rel] = "file"
                elif stat.S_ISLNK(mode):
                    found[rel] = "symlink"
                else:
                    found[rel] = "special"
    return found


def _compare(root: Path, label: str, entries: Sequence[Entry]) -> tuple[list[str], list[tuple[Path, Entry]]]:
    """Structural problems of ``root`` against ``entries``, and the files left to hash."""
    problems: list[str] = []
    to_hash: list[tuple[Path, Entry]] = []
    disk = _on_disk(root)
    expected = {e.path: e for e in entries}
    for rel, kind in sorted(disk.items()):
        if kind == "special":
            problems.append(f"{label}/{rel}: a device, FIFO or socket, not part of any backup")
        elif rel not in expected:
            problems.append(f"{label}/{rel}: extra {kind}, not in the manifest")
    for rel, entry in expected.items():
        found = disk.get(rel)
        where = f"{label}/{rel}"
        if found is None:
            problems.append(f"{where}: missing")
        elif found != entry.kind:
            problems.append(f"{where}: is a {found}, the manifest says {entry.kind}")
        elif found == "symlink" and os.readlink(root / rel) != entry.target:
            problems.append(f"{where}: symlink now points to {os.readlink(root / rel)}, not {entry.target}")
        elif found == "file":
            size = (root / rel).lstat().st_size
            if size != entry.size:
                problems.append(f"{where}: {size} bytes, the manifest says {entry.size}")
            else:
                to_hash.append((root / rel, entry))
    return problems, to_hash


def verify_backup(info: BackupInfo, workers: int = 0) -> VerifyReport:
    """Check ``info`` completely; ``ok`` is False when anything differs."""
    started = time.monotonic()
    manifest, folder = info.manifest, info.folder
    problems, to_hash = _compare(folder / "tree", "tree", manifest.entries)
    more, hash_config = _compare(folder / "config", "config", manifest.config)
    problems += more
    to_hash += hash_config
    for dump in manifest.databases:
        path = folder / "databases" / dump.file
        if not path.is_file() or path.is_symlink():
            problems.append(f"databases/{dump.file}: missing")
        else:
            to_hash.append((path, Entry(path=dump.file, kind="file", size=dump.size, sha256=dump.sha256)))
    if not (folder / "rollback.sh").is_file():
        problems.append("rollback.sh: missing")

    def check(batch: Sequence[tuple[Path, Entry]]) -> list[str]:
        buf = bytearray(CHUNK)
        bad = []
        for path, entry in batch:
            try:
                actual = hash_file(path, buf)
            except OSError as err:
                bad.append(f"{path.relative_to(folder)}: unreadable ({err.strerror})")
                continue
            if actual != entry.sha256:
                bad.append(
                    f"{path.relative_to(folder)}: checksum differs (manifest {entry.sha256[:12]}..., "
                    f"file {actual[:12]}...)"
                )
        return bad

    batches = [to_hash[i : i + 128] for i in range(0, len(to_hash), 128)]
    with ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool:
        for bad in pool.map(check, batches):
            problems += bad
    return VerifyReport(
        backup_id=info.id,
        ok=not problems,
        files=len(to_hash),
        bytes=sum(e.size for _, e in to_hash),
        problems=tuple(problems),
        duration=time.monotonic() - started,
    )
