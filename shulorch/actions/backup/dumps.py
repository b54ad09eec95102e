"""Dump every configured database into ``databases/`` of the staging folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from shulorch.actions.backup import databases as db
from shulorch.actions.backup.model import BackupInfo, DatabaseDump
from shulorch.actions.backup.store import CHUNK, FILE_MODE, fsync_path, hash_file, open_private
from shulorch.errors import ActionError
from shulorch.process import ProcessResult

Runner = Callable[[Sequence[str], Mapping[str, str]], ProcessResult]


def dump_all(
    specs: Sequence[db.DatabaseSpec],
    source: Path,
    folder: Path,
    run: Runner,
    env: Mapping[str, str],
    task: str,
) -> tuple[DatabaseDump, ...]:
    """Dump ``specs``; sqlite paths must be absolute (the action resolves them)."""
    if specs:
        os.mkdir(folder, 0o700)
        os.chmod(folder, 0o700)
    dumps = []
    for spec in specs:
        file = spec.name + db.SUFFIX[spec.type]
        dest = folder / file
        restore: dict[str, object] = dict(spec.settings)
        if spec.type == "sqlite":
            live = Path(os.path.realpath(spec.path))
            db.dump_sqlite(live, dest)
            inside = live.is_relative_to(source)
            restore = {
                "path": live.relative_to(source).as_posix() if inside else str(live),
                "in_tree": inside,
                "mode": stat.S_IMODE(live.stat().st_mode),
            }
        else:
            os.close(open_private(dest))
            child_env = db.password_env(spec.type, spec.password_env, env)
            result = run(db.dump_argv(spec, dest), child_env)
            if not result.ok:
                raise ActionError(
                    f"{task}: {result.argv[0]} of database {spec.name} failed (exit {result.returncode}):\n"
                    f"{result.tail()}\ncheck the connection settings in with.databases and that the "
                    "server is reachable"
                )
            os.chmod(dest, FILE_MODE)
            if spec.password_env:
                restore["password_env"] = spec.password_env
        dumps.append(
            DatabaseDump(
                name=spec.name,
                type=spec.type,
                file=file,
                size=dest.stat().st_size,
                sha256=_hash_and_sync(dest),
                restore=restore,
            )
        )
    return tuple(dumps)


def _hash_and_sync(path: Path) -> str:
    sha = hash_file(path, bytearray(CHUNK))
    fsync_path(path)
    return sha


class _HasInfo(Protocol):
    @property
    def info(self) -> BackupInfo: ...


def share_unchanged(dumps: Sequence[DatabaseDump], folder: Path, previous: _HasInfo | None) -> int:
    """Replace each dump identical to the previous snapshot's by a hard link to it (an idle
    database costs nothing twice); returns the bytes the new dumps add."""
    old = {(d.file, d.sha256): d for d in previous.info.head.databases} if previous else {}
    new_bytes = 0
    for dump in dumps:
        same = old.get((dump.file, dump.sha256))
        twin = previous.info.folder / "databases" / dump.file if previous and same else None
        # Re-hashed: a link must never bring in a dump damaged since it was written.
        if twin is not None and twin.is_file() and hash_file(twin, bytearray(CHUNK)) == dump.sha256:
            tmp = folder / f".{dump.file}.link"
            os.link(twin, tmp)
            os.replace(tmp, folder / dump.file)
        else:
            new_bytes += dump.size
    return new_bytes
