"""One run at a time per project: an flock on ``<state>/lock`` holding who and since when.

The kernel drops an flock when its process dies, so a lock left by a killed run is taken over
automatically; the file says who holds it (pid, process start time, host, run, since) for the message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from shulorch.errors import LockError
from shulorch.process import process_start


@dataclass(slots=True)
class ProjectLock:
    path: Path
    _handle: TextIO | None = None
    previous: dict[str, str] | None = None  # what a dead holder left, when we took over

    def acquire(self, run_id: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _parse(handle.read())
            handle.close()
            raise LockError(
                f"another shulorch run holds {self.path}: pid {holder.get('pid', '?')} on "
                f"{holder.get('host', '?')}, run {holder.get('run_id', '?')}, "
                f"since {holder.get('since', '?')}; "
                "wait for it to finish (or stop it) and try again"
            ) from None
        handle.seek(0)
        old = _parse(handle.read())
        if old and old.get("pid"):
            self.previous = old
        handle.seek(0)
        handle.truncate()
        pid = os.getpid()
        handle.write(
            json.dumps(
                {
                    "pid": pid,
                    "start": process_start(pid),
                    "host": socket.gethostname(),
                    "run_id": run_id,
                    "since": dt.datetime.now().isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.flush()
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


def _parse(text: str) -> dict[str, str]:
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}
    return {k: str(v) for k, v in value.items()} if isinstance(value, dict) else {}
