"""The one subprocess helper: argv lists (a shell only for user-written commands), process groups,
timeouts that kill the whole group, captured and masked output, and a tracker so Ctrl-C can stop
every running child."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from shulorch.errors import ActionError


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessResult:
    """What a finished child did."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    duration: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def tail(self, lines: int = 20) -> str:
        text = (self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr).rstrip()
        return "\n".join(text.splitlines()[-lines:])


@dataclass(slots=True)
class ProcessTracker:
    """Process groups of the children running now, so an interrupt can stop them all.

    With a ``registry`` folder, each group is also written down (pid and process start time)
    while it runs: children live in their own sessions, so a kill -9 of shulorch leaves them
    running, and the next build (holding the lock) kills what is left with :func:`reap_orphans`.
    """

    registry: Path | None = None
    _groups: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Mark the run as stopping: waits end at once and nothing new starts."""
        self._stop.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when the run is stopping (a signal cut the wait short)."""
        return self._stop.wait(seconds)

    def add(self, pgid: int) -> None:
        if self.registry is not None:
            with contextlib.suppress(OSError):
                self.registry.mkdir(parents=True, exist_ok=True)
                (self.registry / str(pgid)).write_text(process_start(pgid))
        with self._lock:
            self._groups.add(pgid)
            late = self._stop.is_set()
        if late:  # started while the run was being stopped: it must not live on
            _signal_group(pgid, signal.SIGKILL)

    def kill_now(self) -> None:
        """SIGKILL every group at once; safe in a signal handler (no lock, no waiting)."""
        for pgid in list(self._groups):
            _signal_group(pgid, signal.SIGKILL)

    def discard(self, pgid: int) -> None:
        with self._lock:
            self._groups.discard(pgid)
        if self.registry is not None:
            (self.registry / str(pgid)).unlink(missing_ok=True)

    def kill_all(self, sig: int = signal.SIGTERM, grace: float = 3.0) -> None:
        """Signal every group, then SIGKILL what is still alive after ``grace`` seconds."""
        self._stop.set()
        with self._lock:
            groups = list(self._groups)
        for pgid in groups:
            _signal_group(pgid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_group_alive(g) for g in groups):
            time.sleep(0.05)
        for pgid in groups:
            _signal_group(pgid, signal.SIGKILL)


def process_start(pid: int) -> str:
    """The start time of process ``pid`` (clock ticks since boot), "" when it does not exist:
    with the pid it names one process, even after the pid is reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def reap_orphans(registry: Path) -> list[int]:
    """Kill the process groups a killed run left in ``registry``; return their pids. Call it
    only while holding the project lock (no other run's children are registered then)."""
    killed: list[int] = []
    if not registry.is_dir():
        return killed
    for entry in registry.iterdir():
        with contextlib.suppress(ValueError, OSError):
            pgid = int(entry.name)
            recorded = entry.read_text()
            if recorded and process_start(pgid) == recorded:
                _signal_group(pgid, signal.SIGKILL)
                killed.append(pgid)
        entry.unlink(missing_ok=True)
    return killed


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


Masker = Callable[[str], str]


def _identity(text: str) -> str:
    return text


class _Reader:
    """Drains one pipe in a thread, so a chatty child never blocks on a full pipe."""

    def __init__(self, pipe: IO[bytes] | None) -> None:
        self.pipe = pipe
        self.data = b""
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        if self.pipe is not None:
            with contextlib.suppress(ValueError, OSError), self.pipe:
                self.data = self.pipe.read()

    def result(self, grace: float = 5.0) -> str:
        # A child that left its own session (a daemon) may still hold the pipe: stop waiting.
        self.thread.join(grace)
        if self.pipe is not None and self.thread.is_alive():
            with contextlib.suppress(OSError):
                self.pipe.close()
        return self.data.decode("utf-8", errors="replace")


def run_process(
    command: Sequence[str] | str,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    tracker: ProcessTracker | None = None,
    mask: Masker = _identity,
    stdin: str | None = None,
) -> ProcessResult:
    """Run ``command`` (argv list, or a string run by ``/bin/sh -c``) in its own process group.

    On timeout the whole group gets SIGTERM, then SIGKILL: grandchildren (``php -S`` started by a
    script, say) must not outlive the task.
    """
    argv: tuple[str, ...] = ("/bin/sh", "-c", command) if isinstance(command, str) else tuple(command)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError as err:
        raise ActionError(f"{argv[0]}: command not found (cwd {cwd}); install it or fix the command") from err
    except NotADirectoryError as err:
        raise ActionError(f"working directory {cwd} does not exist") from err
    pgid = proc.pid
    if tracker is not None:
        tracker.add(pgid)
    readers = [_Reader(proc.stdout), _Reader(proc.stderr)]
    timed_out = False
    try:
        if stdin is not None and proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(stdin.encode())
            proc.stdin.close()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _signal_group(pgid, signal.SIGTERM)
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                _signal_group(pgid, signal.SIGKILL)
                proc.wait()
    finally:
        # We wait for the command, not for its pipes: background jobs it left in its group die
        # with it, which also closes the pipes they held (a `php -S ... &` would hold them open).
        _signal_group(pgid, signal.SIGKILL)
        if tracker is not None:
            tracker.discard(pgid)
        out, err_text = (r.result() for r in readers)
    return ProcessResult(
        argv=tuple(mask(a) for a in argv),
        returncode=proc.returncode if proc.returncode is not None else -1,
        stdout=mask(out or ""),
        stderr=mask(err_text or ""),
        duration=time.monotonic() - start,
        timed_out=timed_out,
    )
