"""doit's dependency database as shulorch keeps it: sqlite loaded in one query and committed after
every task, every reason collected, ``file_dep`` globs expanded when a task is reached."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from doit.dependency import Dependency, SqliteDB


class StateDB(SqliteDB):  # type: ignore[misc]
    """doit's sqlite backend, loaded in one query and committed after every task (not only at exit)."""

    def __init__(self, name: str, codec: Any, *, module_name: str | None = None) -> None:
        super().__init__(name, codec, module_name=module_name)
        self.removed: dict[str, dict[str, Any]] = {}
        # WAL with synchronous=NORMAL: a commit survives the process being killed (what matters
        # for kill -9 safety) without an fsync per task; only a power cut may lose the last ones.
        self._conn.execute("pragma journal_mode=wal")
        self._conn.execute("pragma synchronous=normal")
        for row in self._conn.execute("select task_id, task_data from doit"):
            self._cache[row["task_id"]] = row["task_data"]

    def _get_task_data(self, task_id: str) -> dict[str, Any]:
        return {}  # everything was loaded up front; a miss means no record

    def in_(self, task_id: str) -> bool:
        return task_id in self._cache

    def flush(self) -> None:
        for task_id in self._dirty:
            self._conn.execute(
                "insert or replace into doit values (?,?)", (task_id, self.codec.encode(self._cache[task_id]))
            )
        self._conn.commit()
        self._dirty: set[str] = set()

    def remove(self, task_id: str) -> None:
        # Kept aside: doit also removes the record of a task it skips because a prerequisite
        # failed, and that task did not run, so the engine puts its record back.
        self.removed[task_id] = self._cache.get(task_id) or {}
        super().remove(task_id)
        self._conn.commit()

    def restore(self, task_id: str) -> None:
        data = self.removed.pop(task_id, None)
        if data:
            self._cache[task_id] = data
            self._dirty.add(task_id)
            self.flush()


class RecordingDependency(Dependency):  # type: ignore[misc]
    """Always collects every reason, so a task that runs can say why; expands ``file_dep`` globs
    again when the task is reached, so files its prerequisites created in this build count."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reasons: dict[str, Any] = {}

    def get_status(self, task: Any, tasks_dict: Any, get_log: bool = False) -> Any:
        globs = (task.meta or {}).get("shulorch_file_dep")
        if globs is not None:
            patterns, cwd = globs
            task.file_dep = set(expand_paths(patterns, Path(cwd)))
        result = super().get_status(task, tasks_dict, get_log=True)
        self.reasons[task.name] = (result.status, dict(result.reasons))
        return result


def expand_paths(patterns: Sequence[str], cwd: Path) -> list[str]:
    """Absolute paths for file_dep/targets; globs (``**`` included) expand, plain paths stay."""
    out: list[str] = []
    base = str(cwd)
    for pattern in patterns:
        full = os.path.join(base, pattern)  # an absolute pattern replaces the base
        if glob.has_magic(pattern):
            out += sorted(p for p in glob.glob(full, recursive=True) if os.path.isfile(p))
        else:
            out.append(os.path.normpath(full))
    return list(dict.fromkeys(out))
