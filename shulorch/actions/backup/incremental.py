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
import json
import marshal
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from shulorch.actions.backup.model import (
    ENTRIES,
    FORMAT,
    PACKS,
    BackupInfo,
    read_head,
)
from shulorch.actions.backup.scan import Found, no_gc

RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Previous:
    """The newest published snapshot (its entries are read only when the tree changed)."""

    info: BackupInfo
    usable_packs: frozenset[str]  # its packs still present in backups/.packs with their size


class Stored(NamedTuple):
    """Where the previous snapshot keeps a file's bytes."""

    size: int
    sha256: str
    pack: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """How each file of the new snapshot gets its bytes."""

    reuse: Mapping[str, Stored] = field(default_factory=dict)  # path -> previous bytes, unread
    rehash: tuple[tuple[Found, Stored], ...] = ()  # stat changed, size equal: hash and compare
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
    # Plain JSON values, not Entry objects: this runs for every file of every changed re-snapshot.
    try:
        rows = json.loads((previous.info.folder / ENTRIES).read_bytes())
        # file rows: ["file", path, mode, size, sha256, pack, mtime_ns, [ctime_ns, inode] or []]
        old = {
            r[1]: (r[3], r[4], r[5], (r[3], r[6], *r[7]) if r[7] else None) for r in rows if r[0] == "file"
        }
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return Plan(pack=tuple(files))  # a damaged previous snapshot: store everything afresh
    usable = previous.usable_packs
    reuse: dict[str, Stored] = {}
    rehash: list[tuple[Found, Stored]] = []
    pack: list[Found] = []
    for f in files:
        known = old.get(f.path)
        if known is None or known[2] not in usable or known[0] != f.size:
            pack.append(f)
        elif known[3] and not rehash_all and known[3] == f.stat_key:
            reuse[f.path] = _stored(known[:3])
        else:
            rehash.append((f, _stored(known[:3])))
    return Plan(reuse=reuse, rehash=tuple(rehash), pack=tuple(pack))


_stored = Stored._make
