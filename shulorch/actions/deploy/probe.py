"""HTTP probes of a deployed release: one timed request, the /health contract, smoke checks."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpResponse:
    """One measured request; ``status`` 0 means no HTTP answer (``error`` says why)."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    latency_ms: float
    error: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Smoke checks assert the status the app sends (a 302 to /login is an answer, not a hop).
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxy handler: a deployed release on 127.0.0.1 must be reached directly, whatever http_proxy says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 5.0,
) -> HttpResponse:
    """Send one request and time it until the whole body is read."""
    req = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    start = time.perf_counter()
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            data = resp.read()
            status, hdrs = resp.status, dict(resp.headers.items())
    except urllib.error.HTTPError as err:
        data = err.read()
        status, hdrs = err.code, dict(err.headers.items())
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        return HttpResponse(status=0, body=b"", headers={}, latency_ms=_ms(start), error=str(reason))
    return HttpResponse(status=status, body=data, headers=hdrs, latency_ms=_ms(start))


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 3)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def latency_summary(values: Sequence[float]) -> dict[str, Any]:
    """count/min/p50/p95/max/mean in milliseconds of measured requests (empty when none)."""
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "min": round(min(values), 3),
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "max": round(max(values), 3),
        "mean": round(sum(values) / len(values), 3),
        "samples": [round(v, 3) for v in values],
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthResult:
    """The last /health answer and whether it met the contract."""

    ok: bool
    url: str
    http_status: int
    status: str | None
    release: str | None
    database: bool | None
    latency_ms: float
    attempts: int
    problem: str = ""
    latencies: tuple[float, ...] = ()

    def metrics(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "url": self.url,
            "http_status": self.http_status,
            "status": self.status,
            "release": self.release,
            "database": self.database,
            "latency_ms": self.latency_ms,
            "attempts": self.attempts,
            "problem": self.problem,
        }


def _judge_health(url: str, resp: HttpResponse, expected: str | None, need_db: bool) -> HealthResult:
    data: Any = None
    if resp.status:
        try:
            data = json.loads(resp.body)
        except ValueError:
            data = None
    info = data if isinstance(data, dict) else {}
    status, release, database = info.get("status"), info.get("release"), info.get("database")
    problem = ""
    if resp.status == 0:
        problem = f"no answer ({resp.error})"
    elif resp.status != 200:
        problem = f"HTTP {resp.status}: {resp.body[:200].decode(errors='replace').strip()}"
    elif not info:
        problem = f"body is not a JSON object: {resp.body[:200].decode(errors='replace').strip()}"
    elif status != "ok":
        problem = f"status is {status!r}, not 'ok'"
    elif expected is not None and release != expected:
        problem = f"release is {release!r}, expected {expected!r}"
    elif need_db and database is not True:
        problem = f"database is {database!r}, expected true"
    return HealthResult(
        ok=not problem,
        url=url,
        http_status=resp.status,
        status=status if isinstance(status, str) else None,
        release=release if isinstance(release, str) else None,
        database=database if isinstance(database, bool) else None,
        latency_ms=resp.latency_ms,
        attempts=1,
        problem=problem,
    )


def check_health(
    base_url: str,
    *,
    expected_release: str | None,
    require_database: bool = True,
    path: str = "/health",
    timeout: float = 20.0,
    request_timeout: float = 5.0,
    sleep: Callable[[float], None] = time.sleep,
) -> HealthResult:
    """GET ``path`` until it meets the contract or ``timeout`` seconds pass.

    Backoff starts at 0.1 s and doubles up to 1 s between attempts.
    """
    url = base_url.rstrip("/") + path
    deadline = time.monotonic() + timeout
    delay, attempts, latencies = 0.1, 0, []
    while True:
        attempts += 1
        resp = request(url, timeout=request_timeout)
        latencies.append(resp.latency_ms)
        result = _judge_health(url, resp, expected_release, require_database)
        if result.ok or time.monotonic() + delay > deadline:
            return HealthResult(**{**_fields(result), "attempts": attempts, "latencies": tuple(latencies)})
        sleep(delay)
        delay = min(delay * 2, 1.0)


def _fields(result: HealthResult) -> dict[str, Any]:
    return {name: getattr(result, name) for name in HealthResult.__dataclass_fields__}


@dataclass(frozen=True, slots=True, kw_only=True)
class SmokeCheck:
    """One expected HTTP answer of a deployed release."""

    name: str
    path: str
    method: str = "GET"
    status: int = 200
    json: Mapping[str, Any] | None = None  # fragment the JSON body must contain
    contains: str | None = None  # text the body must contain
    body: str | None = None  # request body
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class SmokeOutcome:
    check: SmokeCheck
    passed: bool
    status: int
    latency_ms: float
    reason: str = ""


def json_contains(actual: Any, fragment: Any) -> bool:
    """True when every key of ``fragment`` is in ``actual`` with a matching value (recursively)."""
    if isinstance(fragment, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and json_contains(actual[key], value) for key, value in fragment.items()
        )
    return bool(actual == fragment)


def run_check(base_url: str, check: SmokeCheck, timeout: float = 10.0) -> SmokeOutcome:
    """Send one smoke request and say why it failed, if it did."""
    resp = request(
        base_url.rstrip("/") + check.path,
        method=check.method,
        body=check.body.encode() if check.body is not None else None,
        headers=check.headers,
        timeout=timeout,
    )
    reason = ""
    if resp.status == 0:
        reason = f"no answer ({resp.error})"
    elif resp.status != check.status:
        reason = f"HTTP {resp.status}, expected {check.status}"
    elif check.contains is not None and check.contains not in resp.body.decode(errors="replace"):
        reason = f"body does not contain {check.contains!r}"
    elif check.json is not None:
        try:
            data = json.loads(resp.body)
        except ValueError:
            data = None
        if not json_contains(data, check.json):
            reason = f"JSON body {resp.body[:200].decode(errors='replace')!r} lacks {dict(check.json)!r}"
    return SmokeOutcome(
        check=check, passed=not reason, status=resp.status, latency_ms=resp.latency_ms, reason=reason
    )


def smoke_metrics(outcomes: Sequence[SmokeOutcome]) -> dict[str, Any]:
    """total/passed/failed, each failure with its reason, and the measured latencies."""
    failed = [o for o in outcomes if not o.passed]
    return {
        "total": len(outcomes),
        "passed": len(outcomes) - len(failed),
        "failed": len(failed),
        "failures": [
            {"name": o.check.name, "method": o.check.method, "path": o.check.path, "reason": o.reason}
            for o in failed
        ],
        "response_ms": latency_summary([o.latency_ms for o in outcomes]),
    }
