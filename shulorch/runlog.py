"""Run records: the run id, the log file (``[YYYY-MM-DD HH:MM:SS] [level] message``), and
``<state>/runs/<id>/run.json`` with every task's status, reason, timings, attempts and metrics."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from shulorch.executor import Status, TaskOutcome
from shulorch.fsutil import write_atomic


def new_run_id(now: dt.datetime | None = None) -> str:
    """``YYYYMMDDHHMMSS-XXXXXXXX``: sortable by time, unique by 8 random hex digits."""
    now = now or dt.datetime.now()
    return f"{now:%Y%m%d%H%M%S}-{secrets.token_hex(4)}"


def _stamp(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).isoformat(timespec="milliseconds") if epoch else ""


@dataclass(slots=True)
class RunLog:
    """Thread-safe log writer: file always, console through ``echo`` (already masked)."""

    path: Path
    mask: Callable[[str], str]
    echo: Callable[[str, str], None] | None = None
    _file: TextIO | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Line-buffered: a killed run still leaves every line it wrote.
        self._file = self.path.open("a", encoding="utf-8", buffering=1)

    def write(self, level: str, message: str, echo: bool = True) -> None:
        text = self.mask(message)
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        with self._lock:
            if self._file is not None:
                for line in text.splitlines() or [""]:
                    self._file.write(f"[{stamp}] [{level}] {line}\n")
                if level != "info":
                    self._file.flush()  # info lines are flushed in batches; problems at once
        if echo and self.echo is not None:
            self.echo(level, text)

    def info(self, message: str) -> None:
        self.write("info", message)

    def warning(self, message: str) -> None:
        self.write("warning", message)

    def error(self, message: str) -> None:
        self.write("error", message)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(slots=True)
class RunRecord:
    """The run.json being built; written atomically at start, after every task, and at the end."""

    path: Path
    run_id: str
    header: dict[str, Any]
    started: float
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    mask: Callable[[str], str] = str
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _last_write: float = 0.0

    def task(
        self,
        name: str,
        phase: str,
        outcome: TaskOutcome,
        reason: str,
        carried: Mapping[str, Any] | None = None,
    ) -> None:
        entry: dict[str, Any] = {
            "name": name,
            "phase": phase,
            "status": outcome.status.value,
            "reason": reason,
            "start": _stamp(outcome.started),
            "end": _stamp(outcome.ended),
            "duration": round(outcome.ended - outcome.started, 3) if outcome.started else 0.0,
            "exit_code": outcome.exit_code,
            "attempts": outcome.attempts,
            "summary": outcome.summary,
            "error": outcome.error,
            "output_tail": outcome.output_tail,
            "metrics": dict(outcome.metrics),
            "artifacts": list(outcome.artifacts),
        }
        if carried and outcome.status is Status.UP_TO_DATE:
            entry["metrics"] = dict(carried.get("metrics", {}))
            entry["metrics_run_id"] = carried.get("run_id", "")
        with self._lock:
            self.tasks[name] = entry

    def checkpoint(self, interval: float = 1.0) -> None:
        """Write the record while running, at most once per ``interval`` seconds: a crash loses at
        most that much history (doit's database, not run.json, decides what is up to date)."""
        if time.monotonic() - self._last_write >= interval:
            self.write("running")

    def write(self, status: str, ended: float | None = None) -> None:
        self._last_write = time.monotonic()
        with self._lock:
            body = {
                "run_id": self.run_id,
                **self.header,
                "status": status,
                "started": _stamp(self.started),
                "finished": _stamp(ended) if ended else None,
                "duration": round(ended - self.started, 3) if ended else None,
                "tasks": list(self.tasks.values()),
            }
            # One line per task keeps big records (1000 tasks) quick to write and still greppable.
            # Written under the lock, so an older snapshot never replaces a newer one; masked,
            # so a secret an action put into its metrics never reaches the file.
            text = json.dumps(body, indent=None if len(self.tasks) > 200 else 2, default=str)
            write_atomic(self.path, self.mask(text) + "\n")


def mark_killed(path: Path) -> None:
    """A run killed without a chance to write its end still says "running": say "killed"."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if data.get("status") == "running":
        data["status"] = "killed"
        write_atomic(path, json.dumps(data, indent=2, default=str) + "\n")


def list_runs(state_dir: Path) -> list[dict[str, Any]]:
    """Past runs, newest first by start time, from their run.json files (unreadable ones are named,
    not hidden). Run ids only sort by the second; the start time has milliseconds."""
    runs_dir = state_dir / "runs"
    out: list[dict[str, Any]] = []
    if not runs_dir.is_dir():
        return out
    for folder in runs_dir.iterdir():
        try:
            data = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            i = folder.name
            started = f"{i[0:4]}-{i[4:6]}-{i[6:8]}T{i[8:10]}:{i[10:12]}:{i[12:14]}"
            out.append({"run_id": i, "status": f"unreadable: {err}", "tasks": [], "started": started})
            continue
        out.append(data)
    out.sort(key=lambda r: (str(r.get("started") or ""), r["run_id"]), reverse=True)
    return out


def summarize(tasks: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for t in tasks:
        counts[t["status"]] = counts.get(t["status"], 0) + 1
    return counts


def relpath(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)
