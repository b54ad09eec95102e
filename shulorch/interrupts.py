"""Ctrl-C and SIGTERM during a build: stop every running child's process group, let the engine
record the tasks as interrupted; a second signal aborts at once."""

from __future__ import annotations

import signal
import threading
from typing import Any

from shulorch.actions.base import Logger
from shulorch.process import ProcessTracker


class InterruptGuard:
    """SIGINT/SIGTERM stop every running child's process group; a second signal aborts at once."""

    def __init__(self, tracker: ProcessTracker, log: Logger) -> None:
        self.tracker = tracker
        self.log = log
        self.saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        # No locks and no I/O here: the interrupted main thread may hold the log's or the
        # console's lock, and waiting for it would hang the build for good.
        if self.tracker.stopping:
            self.tracker.kill_now()  # the second signal: nothing may outlive us
            raise KeyboardInterrupt
        self.tracker.stop()
        threading.Thread(target=self._stop, args=(signal.Signals(signum).name,), daemon=True).start()

    def _stop(self, name: str) -> None:
        self.log.warning(f"received {name}: stopping running tasks")
        self.tracker.kill_all()

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
