"""Fixtures for phase 6: sample metrics of every phase, a tiny SMTP receiver and a webhook receiver,
all real servers on 127.0.0.1 with an ephemeral port."""

from __future__ import annotations

import base64
import json
import socketserver
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from shulorch.actions.base import TaskMetrics

RUN_ID = "20260101000000-0000abcd"
OLD_RUN = "20251231120000-00000001"


def sample_results(run_id: str = RUN_ID) -> dict[str, TaskMetrics]:
    """Metrics as the other phases report them, with distinctive numbers so a mix-up shows."""

    def tm(task: str, action: str, metrics: dict[str, Any], run: str = run_id) -> TaskMetrics:
        return TaskMetrics(task=task, action=action, run_id=run, metrics=metrics)

    finding = {
        "tool": "phpcs",
        "file": "app/A.php",
        "line": 3,
        "severity": "error",
        "rule": "PSR12",
        "message": "x",
    }
    vuln = {
        "tool": "composer-audit",
        "file": "composer.lock",
        "line": 0,
        "severity": "error",
        "rule": "CVE-2025-0001",
        "message": "guzzle vulnerable",
    }
    entries = [
        tm(
            "backup.snapshot",
            "backup.snapshot",
            {
                "backup_id": "b1",
                "path": "backups/b1",
                "files": 311,
                "bytes": 7_340_032,
                "new_bytes": 52_428,
                "reused_files": 290,
                "duration": 1.25,
                "databases": [],
            },
        ),
        tm(
            "codegen.stats",
            "codegen.stats",
            {
                "modules": 8,
                "endpoints": 45,
                "controllers": 9,
                "services": 18,
                "repositories": 24,
                "validation_rules": 36,
                "files": 97,
                "lines": 4127,
            },
        ),
        tm(
            "build.test",
            "php.test",
            {
                "tests": 37,
                "passed": 35,
                "failed": 1,
                "errors": 1,
                "skipped": 0,
                "duration": 4.75,
                "line_coverage": 83.0,
                "lines_covered": 830,
                "lines_valid": 1000,
                "junit": "writable/reports/junit.xml",
                "coverage_file": "writable/reports/clover.xml",
            },
        ),
        tm(
            "build.style",
            "php.style",
            {
                "tool": "phpcs",
                "status": "failed",
                "findings": [finding],
                "counts": {"error": 4, "warning": 6, "info": 0},
                "files_checked": 51,
            },
        ),
        tm(
            "build.phpstan",
            "php.phpstan",
            {
                "tool": "phpstan",
                "status": "not run",
                "findings": [],
                "counts": {"error": 0, "warning": 0, "info": 0},
                "files_checked": 0,
            },
        ),
        tm(
            "build.mess",
            "php.mess",
            {
                "tool": "phpmd",
                "status": "passed",
                "findings": [],
                "counts": {"error": 0, "warning": 2, "info": 1},
                "files_checked": 49,
            },
            run=OLD_RUN,
        ),
        tm(
            "build.security",
            "security.scan",
            {
                "tool": "composer-audit",
                "status": "failed",
                "findings": [vuln],
                "findings_total": 1,
                "counts": {"error": 1, "warning": 0, "info": 0},
                "files_checked": 1,
            },
        ),
        tm(
            "merge.tag",
            "git.tag",
            {
                "version": "2.1.0",
                "tag": "v2.1.0",
                "previous_tag": "v2.0.3",
                "bump": "minor",
                "commits": 14,
                "authors": 3,
                "files_changed": 22,
                "insertions": 640,
                "deletions": 91,
            },
        ),
        # Shapes as the deploy actions report them: latencies are summaries, not numbers.
        tm(
            "deploy.staging_release",
            "deploy.release",
            {
                "environment": "staging",
                "release": "r7",
                "previous_release": "r6",
                "files": 120,
                "bytes": 3_000_000_000,
                "duration": 2.5,
            },
        ),
        tm(
            "deploy.staging_health",
            "deploy.health",
            {
                "environment": "staging",
                "url": "http://127.0.0.1:1",
                "release": "r7",
                "health": {"ok": True, "status": "ok", "release": "r7", "database": True, "latency_ms": 38.5},
                "response_ms": {"count": 3, "min": 9.0, "p50": 10.0, "p95": 12.25, "max": 12.5, "mean": 10.5},
            },
        ),
        tm(
            "deploy.staging_smoke",
            "deploy.smoke",
            {
                "environment": "staging",
                "release": "r7",
                "smoke": {
                    "total": 24,
                    "passed": 23,
                    "failed": 1,
                    "failures": [{"name": "x", "method": "GET", "path": "/api/x", "reason": "HTTP 500"}],
                },
                "response_ms": {"count": 24, "min": 3.0, "p50": 8.0, "p95": 40.5, "max": 41.0, "mean": 9.0},
            },
        ),
    ]
    return {e.task: e for e in entries}


@pytest.fixture
def results() -> dict[str, TaskMetrics]:
    return sample_results()


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SmtpState:
    mails: list[Mail] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)
    tls: ssl.SSLContext | None = None  # offer STARTTLS with this server context
    secured: bool = False  # a client upgraded to TLS


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough ESMTP for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        state: SmtpState = self.server.state  # type: ignore[attr-defined]
        sender, rcpts = "", []
        self.reply("220 test-smtp ready")
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                offer_tls = state.tls is not None and not state.secured
                self.reply(
                    "250-test-smtp\r\n"
                    + ("250-STARTTLS\r\n" if offer_tls else "")
                    + "250-AUTH PLAIN\r\n250 8BITMIME"
                )
            elif verb == "STARTTLS" and state.tls is not None:
                self.reply("220 go ahead")
                self.rfile.close()
                self.wfile.close()
                self.request = state.tls.wrap_socket(
                    self.request, server_side=True, do_handshake_on_connect=False
                )
                try:
                    self.request.do_handshake()
                except (ssl.SSLError, OSError):
                    return  # the client refused our certificate
                self.rfile = self.request.makefile("rb")
                self.wfile = self.request.makefile("wb", buffering=0)
                state.secured = True
            elif verb == "AUTH":
                parts = command.split()
                token = parts[2] if len(parts) > 2 else None
                if token is None:
                    self.reply("334 ")
                    token = self.rfile.readline().decode().strip()
                _, user, password = base64.b64decode(token).decode().split("\0")
                state.logins.append((user, password))
                self.reply("235 ok")
            elif verb == "MAIL":
                sender, rcpts = command.split(":", 1)[1].strip().strip("<>").split(">")[0], []
                self.reply("250 ok")
            elif verb == "RCPT":
                addr = command.split(":", 1)[1].strip().strip("<>")
                if addr in state.reject:
                    self.reply("550 no such user")
                else:
                    rcpts.append(addr)
                    self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                chunks = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                state.mails.append(Mail(sender=sender, recipients=rcpts, data=b"".join(chunks)))
                self.reply("250 queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def finish(self) -> None:
        super().finish()
        # socketserver closes the plain socket it accepted; a TLS wrapper replaced it and is ours.
        if isinstance(self.request, ssl.SSLSocket):
            self.request.close()


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpServer, SmtpState]]:
    server = SmtpServer(("127.0.0.1", 0), SmtpHandler)
    server.state = SmtpState()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, server.state  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A throw-away self-signed certificate for 127.0.0.1 (it is its own CA)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


# --- webhook ----------------------------------------------------------------------------------


@dataclass
class HookState:
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)  # popped per request; then 200


class HookHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        state: HookState = self.server.state  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        state.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
        status, text = state.answers.pop(0) if state.answers else (200, "ok")
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        pass


@pytest.fixture
def webhook_server() -> Iterator[tuple[str, HookState]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), HookHandler)
    server.daemon_threads = True
    server.state = HookState()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook/secret-token", server.state  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
