"""What a snapshot can take from the previous one.

Per file: a file whose (size, mtime, ctime, inode) equal the previous snapshot's keeps its checksum
and pack reference without being read; a file whose stat changed but whose size did not is re-hashed
and reused when its bytes are the same; anything else goes into a new pack.

Whole tree: the digest of the scan (every entry's stat data, the excludes and the configuration
archive) is kept in the manifest. An equal digest means every derived file (SHA256SUMS, member lists,
mode lists, the manifest entries) would be byte-identical, so they are linked or copied instead of
rebuilt: an unchanged re-snapshot costs a scan.

Stat data is only trusted when it predates the scan by ``RACY_NS``: a file written in the same clock
tick as the scan could change again without changing its stat (git's "racy clean" problem).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from shulorch.actions.backup.model import (
    FORMAT,
    PACKS,
    BackupInfo,
    Entry,
    load_manifest,
    read_head,
)
from shulorch.actions.backup.scan import Found, no_gc
from shulorch.errors import ActionError

RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Previous:
    """The newest published snapshot (its entries are read only when the tree changed)."""

    info: BackupInfo
    usable_packs: frozenset[str]  # its packs still present in backups/.packs with their size


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """How each file of the new snapshot gets its bytes."""

    reuse: Mapping[str, Entry] = field(default_factory=dict)  # path -> previous entry, unread
    rehash: tuple[tuple[Found, Entry], ...] = ()  # stat changed, size equal: hash and compare
    pack: tuple[Found, ...] = ()  # new or changed: goes into a new pack


def find_previous(backups_dir: Path) -> Previous | None:
    """The newest complete snapshot (by name: ids are timestamps), reading only its manifest."""
    names = sorted((n for n in os.listdir(backups_dir) if not n.startswith(".")), reverse=True)
    for name in names:
        folder = backups_dir / name
        head = read_head(folder)
        if head is None or head.id != name or folder.is_symlink():
            continue
        usable = frozenset(p.id for p in head.packs if _pack_size(backups_dir, p.id) == p.size)
        return Previous(info=BackupInfo(id=name, folder=folder, head=head), usable_packs=usable)
    return None


def _pack_size(backups_dir: Path, pack_id: str) -> int:
    try:
        return (backups_dir / PACKS / f"{pack_id}.tar").stat().st_size
    except OSError:
        return -1


def is_racy(found: Found, scan_start_ns: int, racy_ns: int = RACY_NS) -> bool:
    return max(found.mtime_ns, found.ctime_ns) >= scan_start_ns - racy_ns


def scan_digest(rows: Iterable[Sequence[Found]], settings: Sequence[object]) -> str:
    """sha256 over every scanned entry's stat data and the snapshot settings.

    marshal version 2 writes values only (no object references), so equal data gives equal bytes.
    """
    plain = itemgetter(slice(None))  # a plain-tuple copy: marshal refuses tuple subclasses
    with no_gc():
        data = [list(map(plain, group)) for group in rows]
        raw = marshal.dumps((FORMAT, tuple(str(s) for s in settings), data), 2)
    return hashlib.sha256(raw).hexdigest()


def unchanged(previous: Previous | None, digest: str) -> bool:
    """True when ``previous`` can be taken over whole: same digest and every pack present."""
    if previous is None or not digest or previous.info.head.scan_digest != digest:
        return False
    head = previous.info.head
    # The list files are linked, not re-read: their checksums, carried over into the new manifest,
    # are what verify and rollback.sh check, so a list damaged meanwhile is caught in both snapshots.
    folder = previous.info.folder
    present = all(os.path.isfile(folder / name) for name in head.checksums)
    return present and all(p.id in previous.usable_packs for p in head.packs)


def plan_files(files: Sequence[Found], previous: Previous | None, rehash_all: bool) -> Plan:
    """Sort ``files`` into reused, to re-hash and to pack, against the previous snapshot."""
    if previous is None:
        return Plan(pack=tuple(files))
    try:
        entries = load_manifest(previous.info).entries
    except ActionError:
        return Plan(pack=tuple(files))  # a damaged previous snapshot: store everything afresh
    old = {e.path: e for e in entries if e.kind == "file"}
    usable = previous.usable_packs
    reuse: dict[str, Entry] = {}
    rehash: list[tuple[Found, Entry]] = []
    pack: list[Found] = []
    for f in files:
        entry = old.get(f.path)
        if entry is None or entry.pack not in usable or entry.size != f.size:
            pack.append(f)
        elif entry.stat_key and entry.stat_key == f.stat_key and not rehash_all:
            reuse[f.path] = entry
        else:
            rehash.append((f, entry))
    return Plan(reuse=reuse, rehash=tuple(rehash), pack=tuple(pack))
