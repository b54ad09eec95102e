"""The front router of a blue-green environment: a reverse proxy on the public port.

On every request it reads ``run/active.json`` (``{"slot", "port", "release"}``) and forwards to that
slot, so switching traffic is one atomic rename of that file. Stdlib only; run as a script:
``python router.py --port 8080 --active <root>/run/active.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Headers that describe one connection, not the message (RFC 9110 section 7.6.1).
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "content-length",
    }
)


def read_active(path: Path) -> dict[str, Any] | None:
    """The active slot, or None when no release was switched in yet or the file is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("port"), int) else None


class RouterServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], active: Path, upstream_timeout: float) -> None:
        super().__init__(address, ProxyHandler)
        self.active = active
        self.upstream_timeout = upstream_timeout


class ProxyHandler(BaseHTTPRequestHandler):
    server: RouterServer
    server_version = "shulorch-router/1"

    def _reply(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        body = json.dumps({"status": "error", "router": message}).encode()
        self._reply(status, body, [("Content-Type", "application/json")])

    def _forward(self) -> None:
        active = read_active(self.server.active)
        if active is None:
            self._error(503, "no active release: nothing was switched in yet")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        conn = http.client.HTTPConnection("127.0.0.1", active["port"], timeout=self.server.upstream_timeout)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as err:
            self._error(502, f"slot {active.get('slot')} on port {active['port']} failed: {err}")
            return
        finally:
            conn.close()
        out = [(k, v) for k, v in resp.getheaders() if k.lower() not in _HOP_BY_HOP]
        out.append(("X-Shulorch-Slot", str(active.get("slot", ""))))
        out.append(("X-Shulorch-Release", str(active.get("release", ""))))
        self._reply(resp.status, data, out)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="shulorch blue-green front router")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--active", type=Path, required=True)
    parser.add_argument("--upstream-timeout", type=float, default=30.0)
    opts = parser.parse_args(argv)
    server = RouterServer(("127.0.0.1", opts.port), opts.active, opts.upstream_timeout)
    print(f"router listening on 127.0.0.1:{opts.port}, active slot from {opts.active}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
