"""Detached servers of an environment (``php -S`` slots, the front router): start, find, stop.

Each server has ``run/<name>.json`` (pid, port, release) and ``run/<name>.log``. Servers are the
deployed service, so they outlive shulorch; ``deploy.stop`` ends them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.base import ActionContext
from shulorch.actions.deploy import spawn
from shulorch.actions.deploy.layout import EnvLayout
from shulorch.errors import ActionError
from shulorch.fsutil import write_json_atomic


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerInfo:
    """A server started by a deploy, as recorded in ``run/<name>.json``."""

    name: str
    pid: int
    port: int
    release: str | None
    log: str
    started: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    """A port the kernel says is free now (bind to port 0); the caller binds it right after."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _info_file(layout: EnvLayout, name: str) -> Path:
    return layout.run_dir / f"{name}.json"


def read_server(layout: EnvLayout, name: str) -> ServerInfo | None:
    """The recorded server ``name``, alive or not; None when none was recorded."""
    try:
        raw = json.loads(_info_file(layout, name).read_text(encoding="utf-8"))
        return ServerInfo(**raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as err:
        raise ActionError(
            f"{_info_file(layout, name)}: unreadable ({err}); delete it and stop the server"
        ) from err


def _pid_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        stat = ""
    # A zombie still has a pid; it serves nothing.
    if stat and stat.rsplit(")", 1)[-1].split()[0] == "Z":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def server_alive(info: ServerInfo) -> bool:
    """True when the recorded pid runs and is still our server (its command line names its port)."""
    if not _pid_alive(info.pid):
        return False
    try:
        cmdline = Path(f"/proc/{info.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return True  # no /proc: trust the pid
    return str(info.port) in cmdline


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_server(
    ctx: ActionContext,
    layout: EnvLayout,
    *,
    name: str,
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    port: int,
    release: str | None,
    ready_timeout: float = 10.0,
) -> ServerInfo:
    """Start ``argv`` detached, record it, and wait until it accepts connections on ``port``."""
    layout.run_dir.mkdir(parents=True, exist_ok=True)
    log = layout.run_dir / f"{name}.log"
    spec = json.dumps({"argv": argv, "cwd": str(cwd), "log": str(log)})
    result = ctx.run([sys.executable, str(Path(spawn.__file__)), spec], env=env, timeout=30, check=True)
    try:
        pid = int(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError) as err:
        raise ActionError(f"{ctx.task}: could not start {name} ({argv[0]}): {result.tail()}") from err
    info = ServerInfo(name=name, pid=pid, port=port, release=release, log=str(log), started=time.time())
    write_json_atomic(
        _info_file(layout, name),
        {
            "name": name,
            "pid": pid,
            "port": port,
            "release": release,
            "log": str(log),
            "started": info.started,
        },
    )
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if _port_open(port):
            ctx.log.info(f"{name}: pid {pid} listening on 127.0.0.1:{port} (release {release or '-'})")
            return info
        if not _pid_alive(pid):
            break
        time.sleep(0.05)
    stop_server(layout, name)
    raise ActionError(
        f"{ctx.task}: {name} ({' '.join(argv[:3])}) did not listen on 127.0.0.1:{port} within "
        f"{ready_timeout:g}s; log {log}:\n{_log_tail(log)}"
    )


def stop_server(layout: EnvLayout, name: str, grace: float = 5.0) -> bool:
    """Stop server ``name`` (SIGTERM to its group, SIGKILL after ``grace``); True if one was running."""
    info = read_server(layout, name)
    if info is None:
        return False
    was_alive = server_alive(info)
    if was_alive:
        # The server leads its own session, so its pid is its process-group id (php -S workers too).
        _killpg(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _pid_alive(info.pid):
            time.sleep(0.05)
        _killpg(info.pid, signal.SIGKILL)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _pid_alive(info.pid):
            time.sleep(0.05)
    _info_file(layout, name).unlink(missing_ok=True)
    return was_alive


def _killpg(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def recorded_servers(layout: EnvLayout) -> tuple[ServerInfo, ...]:
    """Every server recorded under ``run/`` (alive or not), by name."""
    if not layout.run_dir.is_dir():
        return ()
    found = []
    for path in sorted(layout.run_dir.glob("*.json")):
        if path.name == "active.json" or path.name.startswith("."):
            continue
        info = read_server(layout, path.stem)
        if info is not None:
            found.append(info)
    return tuple(found)
