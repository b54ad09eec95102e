"""Fixtures for the example app's tests: a throw-away copy of examples/shulelabs, a PHP runner, and
PHP's built-in server on a free port."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shulorch.process import ProcessResult, run_process

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shulelabs"


def _ignore_state(folder: str, names: list[str]) -> set[str]:
    """Local state of a developer's checkout (databases, logs, reports) must not leak into a test."""
    skip = {"build", "vendor", ".env", "RELEASE", ".phpunit.result.cache"}
    return {n for n in names if n in skip or n.endswith((".sqlite", ".log"))}


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """A private copy of the example app."""
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    dest = tmp_path / "shulelabs"
    shutil.copytree(EXAMPLE, dest, ignore=_ignore_state)
    return dest


def php(app: Path, *args: str, env: Mapping[str, str] | None = None, timeout: float = 120) -> ProcessResult:
    """Runs a PHP command in the app folder with a clean app environment."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "APP_", "CI_", "database."))}
    full_env.update(env or {})
    return run_process(list(args), cwd=app, env=full_env, timeout=timeout)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    status: int
    body: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    base: str

    def call(self, method: str, path: str, payload: Any = None) -> Reply:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
            err.close()
        return Reply(status=status, body=json.loads(raw) if raw else None)


@pytest.fixture
def serve() -> Iterator[Any]:
    """Starts ``php -S`` for an app folder; every server started is stopped after the test."""
    started: list[subprocess.Popen[bytes]] = []

    def start(app: Path, env: Mapping[str, str] | None = None) -> Server:
        port = free_port()
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "APP_", "CI_"))}
        full_env.update(env or {})
        # A long-lived child: the blocking run_process helper does not fit, so Popen in its own group.
        proc = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", "public", "public/index.php"],
            cwd=app,
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return Server(base=f"http://127.0.0.1:{port}")
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"php -S on port {port} did not start within 10 s")

    yield start
    for proc in started:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
