"""The backup model: manifest entries, packs, database dumps and the manifest, with their JSON form.

A snapshot folder ``backups/<id>/`` holds ``manifest.json`` (the head, written last), ``entries.json``
(every file, folder and symlink; its sha256 is in the head), ``packs/`` (hard links to the shared tar
packs of ``backups/.packs/`` that hold its files), ``lists/`` (its members in each pack, folders, modes,
symlinks), ``SHA256SUMS``, ``databases/`` and ``rollback.sh``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = 2
PACKS = ".packs"
TMP_PREFIX = ".tmp-"
TRASH_PREFIX = ".trash-"
SUMS = "SHA256SUMS"
ENTRIES = "entries.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One file, folder or symlink of the snapshot, relative to the tree root (POSIX separators)."""

    path: str
    kind: str  # "file" | "dir" | "symlink"
    mode: int = 0
    size: int = 0
    sha256: str = ""
    pack: str = ""  # the pack holding the file's bytes, as member ``path``
    target: str = ""  # symlink target, as read (never followed)
    mtime_ns: int = 0
    # (size, mtime_ns, ctime_ns, inode) when stored, or () when the file was modified too recently
    # to trust: lets the next snapshot reuse the checksum and pack without reading the file.
    stat_key: tuple[int, ...] = ()

    def to_json(self) -> list[Any]:
        """A row of entries.json: ``["file", path, mode, size, sha256, pack, mtime_ns, [ctime_ns,
        inode]]``, ``["dir", path, mode]`` or ``["symlink", path, target]``. Rows, not objects: a
        snapshot has tens of thousands and a changed re-snapshot reads and writes them all."""
        if self.kind == "file":
            trusted = list(self.stat_key[2:]) if self.stat_key else []
            return [
                "file",
                self.path,
                f"{self.mode:04o}",
                self.size,
                self.sha256,
                self.pack,
                self.mtime_ns,
                trusted,
            ]
        if self.kind == "symlink":
            return ["symlink", self.path, self.target]
        return [self.kind, self.path, f"{self.mode:04o}"]

    @classmethod
    def from_json(cls, row: Sequence[Any]) -> Entry:
        kind, path = str(row[0]), str(row[1])
        if kind == "file":
            mode, size, sha, pack, mtime, trusted = row[2:8]
            key = (int(size), int(mtime), *(int(v) for v in trusted)) if trusted else ()
            return cls(
                path=path,
                kind=kind,
                mode=int(mode, 8),
                size=int(size),
                sha256=str(sha),
                pack=str(pack),
                mtime_ns=int(mtime),
                stat_key=key,
            )
        if kind == "symlink":
            return cls(path=path, kind=kind, target=str(row[2]))
        return cls(path=path, kind=kind, mode=int(str(row[2]), 8) if len(row) > 2 else 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pack:
    """A tar pack in ``backups/.packs/<id>.tar``: its size and sha256 when it was written."""

    id: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseDump:
    """A database dumped into ``databases/<file>``, and how to restore it."""

    name: str
    type: str  # "sqlite" | "postgres" | "mysql"
    file: str
    size: int
    sha256: str
    # sqlite: "path" (relative to the tree when "in_tree", else absolute); postgres/mysql: connection
    # settings without any password (rollback reads passwords from the environment, never the backup).
    restore: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        keys = ("name", "type", "file", "size", "sha256")
        return {**{k: getattr(self, k) for k in keys}, "restore": dict(self.restore)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DatabaseDump:
        return cls(
            name=str(data["name"]),
            type=str(data["type"]),
            file=str(data["file"]),
            size=int(data["size"]),
            sha256=str(data["sha256"]),
            restore=dict(data.get("restore", {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Head:
    """Everything a manifest says except its entries: enough to list, prune and write rollback.sh."""

    id: str
    created: float
    source: str
    packs: tuple[Pack, ...] = ()
    # Snapshot-relative name -> sha256 of entries.json, SHA256SUMS and lists/* (rollback.sh checks them).
    checksums: Mapping[str, str] = field(default_factory=dict)
    config: tuple[str, ...] = ()  # paths of the configuration archive (files among the entries)
    databases: tuple[DatabaseDump, ...] = ()
    preserved: tuple[str, ...] = ()  # excluded paths present at snapshot time: kept on rollback
    exclude: tuple[str, ...] = ()
    # Digest of the scan (stat data of every entry and the settings); "" when some file was too
    # recent to trust. An equal digest next time means nothing changed: see incremental.py.
    scan_digest: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "complete": True,
            "id": self.id,
            "created": self.created,
            "source": self.source,
            "exclude": list(self.exclude),
            "preserved": list(self.preserved),
            "config": list(self.config),
            "scan_digest": self.scan_digest,
            "meta": dict(self.meta),
            "packs": [{"id": p.id, "size": p.size, "sha256": p.sha256} for p in self.packs],
            "checksums": dict(self.checksums),
            "databases": [d.to_json() for d in self.databases],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Head:
        return cls(
            id=str(data["id"]),
            created=float(data["created"]),
            source=str(data["source"]),
            packs=tuple(
                Pack(id=str(p["id"]), size=int(p["size"]), sha256=str(p["sha256"])) for p in data["packs"]
            ),
            checksums={str(k): str(v) for k, v in data["checksums"].items()},
            config=tuple(str(p) for p in data.get("config", ())),
            databases=tuple(DatabaseDump.from_json(d) for d in data.get("databases", ())),
            preserved=tuple(str(p) for p in data.get("preserved", ())),
            exclude=tuple(str(p) for p in data.get("exclude", ())),
            scan_digest=str(data.get("scan_digest", "")),
            meta=dict(data.get("meta", {})),
        )

    def to_bytes(self) -> bytes:
        return (json.dumps(self.to_json(), indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """Everything a snapshot holds; a folder without a readable, complete manifest is no backup."""

    head: Head
    entries: tuple[Entry, ...]

    @property
    def files(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == "file")


def entries_bytes(entries: Sequence[Entry]) -> bytes:
    """``entries.json``: a JSON list, one entry per line (readable, diffable, quick to parse)."""
    return ("[\n" + ",\n".join(json.dumps(e.to_json()) for e in entries) + "\n]\n").encode("utf-8")


def parse_entries(raw: bytes) -> tuple[Entry, ...]:
    """Entries from ``entries.json`` bytes; raises ValueError when they are damaged."""
    try:
        return tuple(Entry.from_json(e) for e in json.loads(raw))
    except (IndexError, KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"bad entry: {err}") from err


def read_head(folder: Path) -> Head | None:
    """The manifest of ``folder``, or None when it is missing, unreadable or incomplete."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        if not isinstance(data, dict) or data.get("complete") is not True or data.get("format") != FORMAT:
            return None
        return Head.from_json(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupInfo:
    """A published backup as ``backups list`` shows it (its entries load on demand)."""

    id: str
    folder: Path
    head: Head


def load_manifest(info: BackupInfo) -> Manifest:
    """The full manifest of ``info``; raises ActionError when it cannot be read back."""
    from shulorch.errors import ActionError

    try:
        return Manifest(head=info.head, entries=parse_entries((info.folder / ENTRIES).read_bytes()))
    except (OSError, ValueError) as err:
        raise ActionError(
            f"{info.folder / ENTRIES}: cannot be read ({err}); the backup is damaged, use another one"
        ) from err


def list_backups(backups_dir: Path) -> tuple[BackupInfo, ...]:
    """Complete backups, oldest first; temp, trash and half-written folders are ignored."""
    found: list[BackupInfo] = []
    if not backups_dir.is_dir():
        return ()
    for name in os.listdir(backups_dir):
        child = backups_dir / name
        if name.startswith(".") or child.is_symlink() or not child.is_dir():
            continue
        head = read_head(child)
        if head is not None and head.id == name:
            found.append(BackupInfo(id=name, folder=child, head=head))
    return tuple(sorted(found, key=lambda b: (b.head.created, b.id)))


def find_backup(backups_dir: Path, backup_id: str | None, known: Sequence[BackupInfo] = ()) -> BackupInfo:
    """The backup named ``backup_id`` (the newest when None); raises ActionError if there is none."""
    from shulorch.errors import ActionError

    backups = tuple(known) or list_backups(backups_dir)
    if not backups:
        raise ActionError(f"no complete backup in {backups_dir}; run the backup phase first")
    if backup_id is None:
        return backups[-1]
    for info in backups:
        if info.id == backup_id:
            return info
    names = ", ".join(b.id for b in backups[-5:])
    raise ActionError(
        f"backup {backup_id!r} not found in {backups_dir} (newest: {names}); see `backups list`"
    )
