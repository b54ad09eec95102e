"""A PHP built-in web server (``php -S``) for the length of a ``with`` block, always stopped with its
whole process group, even when the block fails."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from shulorch.errors import ActionError
from shulorch.process import ProcessResult, ProcessTracker, run_process


class _ServerTracker(ProcessTracker):
    """Our own tracker, to stop just the server, that also tells the run's tracker (for Ctrl-C)."""

    def __init__(self, parent: ProcessTracker) -> None:
        super().__init__()
        self.parent = parent

    def add(self, pgid: int) -> None:
        super().add(pgid)
        self.parent.add(pgid)

    def discard(self, pgid: int) -> None:
        super().discard(pgid)
        self.parent.discard(pgid)


@dataclass(slots=True)
class RunningServer:
    base_url: str
    port: int
    result: list[ProcessResult] = field(default_factory=list)  # filled once the server has stopped

    @property
    def log(self) -> str:
        return self.result[0].tail(200) if self.result else ""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def php_server(
    argv_prefix: Sequence[str],
    *,
    cwd: Path,
    docroot: str,
    router: str | None,
    env: Mapping[str, str],
    tracker: ProcessTracker,
    host: str = "127.0.0.1",
    startup: float = 15.0,
    lifetime: float = 900.0,
) -> Iterator[RunningServer]:
    """Start ``php -S host:port -t docroot [router]`` and yield once it accepts connections."""
    port = free_port(host)
    argv = [*argv_prefix, "-S", f"{host}:{port}", "-t", docroot, *([router] if router else [])]
    own = _ServerTracker(tracker)
    server = RunningServer(base_url=f"http://{host}:{port}", port=port)

    def serve() -> None:
        # lifetime is a backstop: the finally below stops the server long before.
        server.result.append(run_process(argv, cwd=cwd, env=env, timeout=lifetime, tracker=own))

    thread = threading.Thread(target=serve, name=f"php-server-{port}", daemon=True)
    thread.start()
    try:
        _wait_until_listening(host, port, thread, server, startup)
        yield server
    finally:
        own.kill_all(grace=3.0)
        thread.join(timeout=10)


def _wait_until_listening(
    host: str, port: int, thread: threading.Thread, server: RunningServer, startup: float
) -> None:
    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        if not thread.is_alive():
            thread.join()
            raise ActionError(f"php -S on {host}:{port} exited at start:\n{server.log}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ActionError(f"php -S on {host}:{port} did not accept connections within {startup:g}s")
