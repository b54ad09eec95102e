"""The backup model: manifest entries, database dumps and the manifest itself, with their JSON form.

A snapshot folder is ``backups/<id>/`` holding ``manifest.json`` (written last), ``tree/`` (the
project files, hard links into the shared ``backups/.objects/`` store), ``config/``, ``databases/``,
``meta/`` (lists rollback.sh reads) and ``rollback.sh``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = 1
OBJECTS = ".objects"
TMP_PREFIX = ".tmp-"
TRASH_PREFIX = ".trash-"
EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One file, folder or symlink of the snapshot, relative to its root (POSIX separators)."""

    path: str
    kind: str  # "file" | "dir" | "symlink"
    mode: int = 0
    size: int = 0
    sha256: str = ""
    target: str = ""  # symlink target, as read (never followed)
    mtime_ns: int = 0
    # (size, mtime_ns, ctime_ns, inode) when stored: lets the next snapshot skip re-hashing.
    stat_key: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.kind != "symlink":
            data["mode"] = f"{self.mode:04o}"
        if self.kind == "file":
            data.update(size=self.size, sha256=self.sha256, mtime_ns=self.mtime_ns, stat=list(self.stat_key))
        if self.kind == "symlink":
            data["target"] = self.target
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        return cls(
            path=str(data["path"]),
            kind=str(data["kind"]),
            mode=int(str(data.get("mode", "0")), 8),
            size=int(data.get("size", 0)),
            sha256=str(data.get("sha256", "")),
            target=str(data.get("target", "")),
            mtime_ns=int(data.get("mtime_ns", 0)),
            stat_key=tuple(int(v) for v in data.get("stat", ())),
        )


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
        return {
            "name": self.name,
            "type": self.type,
            "file": self.file,
            "size": self.size,
            "sha256": self.sha256,
            "restore": dict(self.restore),
        }

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
class Manifest:
    """Everything a snapshot holds; a folder without a readable, complete manifest is no backup."""

    id: str
    created: float
    source: str
    entries: tuple[Entry, ...]
    config: tuple[Entry, ...] = ()
    databases: tuple[DatabaseDump, ...] = ()
    preserved: tuple[str, ...] = ()  # excluded paths present at snapshot time: kept on rollback
    exclude: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == "file")

    def to_bytes(self) -> bytes:
        head = {
            "format": FORMAT,
            "complete": True,
            "id": self.id,
            "created": self.created,
            "source": self.source,
            "exclude": list(self.exclude),
            "preserved": list(self.preserved),
            "meta": dict(self.meta),
            "databases": [d.to_json() for d in self.databases],
            "config": [e.to_json() for e in self.config],
        }
        # One entry per line: readable and diffable, yet far smaller than indented JSON.
        text = json.dumps(head, indent=1)[:-2] + ',\n "entries": [\n'
        text += ",\n".join(json.dumps(e.to_json()) for e in self.entries)
        return (text + "\n ]\n}\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        return cls(
            id=str(data["id"]),
            created=float(data["created"]),
            source=str(data["source"]),
            entries=tuple(Entry.from_json(e) for e in data["entries"]),
            config=tuple(Entry.from_json(e) for e in data.get("config", ())),
            databases=tuple(DatabaseDump.from_json(d) for d in data.get("databases", ())),
            preserved=tuple(str(p) for p in data.get("preserved", ())),
            exclude=tuple(str(p) for p in data.get("exclude", ())),
            meta=dict(data.get("meta", {})),
        )


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of ``folder``, or None when it is missing, unreadable or incomplete."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("complete") is not True or data.get("format") != FORMAT:
        return None
    try:
        return Manifest.from_json(data)
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupInfo:
    """A published backup as ``backups list`` shows it."""

    id: str
    folder: Path
    manifest: Manifest


def list_backups(backups_dir: Path) -> tuple[BackupInfo, ...]:
    """Complete backups, oldest first; temp, trash and half-written folders are ignored."""
    found: list[BackupInfo] = []
    if not backups_dir.is_dir():
        return ()
    for child in backups_dir.iterdir():
        if child.name.startswith(".") or not child.is_dir() or child.is_symlink():
            continue
        manifest = read_manifest(child)
        if manifest is not None and manifest.id == child.name:
            found.append(BackupInfo(id=child.name, folder=child, manifest=manifest))
    return tuple(sorted(found, key=lambda b: (b.manifest.created, b.id)))


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
