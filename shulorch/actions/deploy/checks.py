"""``deploy.health``, ``deploy.smoke`` and ``deploy.monitor``: HTTP checks of a deployed environment.

Each takes ``url`` (any base URL) or ``root`` (an environment root: its public port and active release).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.deploy.layout import EnvLayout, load_state
from shulorch.actions.deploy.params import opt_bool, opt_float, opt_str
from shulorch.actions.deploy.probe import SmokeCheck, check_health, latency_summary, run_check, smoke_metrics
from shulorch.errors import ActionError

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where to send checks, and which release should answer (None: any)."""

    url: str
    release: str | None
    environment: str | None


def resolve_target(ctx: ActionContext, args: Mapping[str, Any]) -> Target:
    task = ctx.task
    url, root = opt_str(args, "url", task), opt_str(args, "root", task)
    expected = opt_str(args, "release", task)
    if url:
        return Target(url=url.rstrip("/"), release=expected, environment=opt_str(args, "environment", task))
    if not root:
        raise ActionError(f"{task}: give with.url (a base URL) or with.root (an environment folder)")
    layout = EnvLayout(root=ctx.path(root).resolve())
    state = load_state(layout)
    if state.public_port is None or state.active_release is None:
        raise ActionError(
            f"{task}: nothing is deployed in {layout.root} (no active release); "
            "run deploy.release and deploy.switch first"
        )
    return Target(
        url=f"http://127.0.0.1:{state.public_port}",
        release=expected or state.active_release,
        environment=state.environment,
    )


def parse_checks(raw: Any, task: str, key: str = "checks") -> tuple[SmokeCheck, ...]:
    """Smoke checks from ``with:``: mappings (path, method, status, json, contains, body, headers, name)
    or strings ``"/path"`` / ``"POST /path"``."""
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise ActionError(f"{task}: with.{key}: expected a list of checks, got {raw!r}")
    checks = []
    for i, item in enumerate(raw):
        where = f"{task}: with.{key}[{i}]"
        if isinstance(item, str):
            verb, _, route = item.strip().rpartition(" ")
            item = {"method": verb or "GET", "path": route}
        if not isinstance(item, Mapping):
            raise ActionError(f"{where}: expected a mapping with at least `path`, got {item!r}")
        path, method = item.get("path"), str(item.get("method", "GET")).upper()
        status, fragment = item.get("status", 200), item.get("json")
        if not isinstance(path, str) or not path.startswith("/"):
            raise ActionError(f"{where}.path: expected a path starting with '/', got {path!r}")
        if method not in _METHODS:
            raise ActionError(f"{where}.method: {method!r} is not one of {', '.join(sorted(_METHODS))}")
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ActionError(f"{where}.status: expected an HTTP status 100-599, got {status!r}")
        if fragment is not None and not isinstance(fragment, Mapping):
            raise ActionError(
                f"{where}.json: expected a mapping (a fragment of the JSON body), got {fragment!r}"
            )
        headers = item.get("headers") or {}
        if not isinstance(headers, Mapping):
            raise ActionError(f"{where}.headers: expected a mapping, got {headers!r}")
        contains, body = item.get("contains"), item.get("body")
        checks.append(
            SmokeCheck(
                name=str(item.get("name") or f"{method} {path}"),
                path=path,
                method=method,
                status=status,
                json=fragment,
                contains=None if contains is None else str(contains),
                body=None if body is None else str(body),
                headers={str(k): str(v) for k, v in headers.items()},
            )
        )
    return tuple(checks)


def health(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """GET /health until it answers 200, status ok, the expected release and database true."""
    target = resolve_target(ctx, args)
    result = check_health(
        target.url,
        expected_release=target.release,
        require_database=opt_bool(args, "require_database", ctx.task, True),
        path=opt_str(args, "path", ctx.task, "/health") or "/health",
        timeout=opt_float(args, "timeout", ctx.task, 20.0, minimum=0.5),
    )
    metrics = {
        "environment": target.environment,
        "url": target.url,
        "release": result.release,
        "health": result.metrics(),
        "response_ms": latency_summary(result.latencies),
    }
    if not result.ok:
        raise ActionError(
            f"{ctx.task}: {result.url} is unhealthy after {result.attempts} attempts: "
            f"{result.problem}; check the server log under <root>/run/ and roll back if needed"
        )
    ctx.log.info(
        f"{result.url}: release {result.release}, database {result.database}, {result.latency_ms} ms"
    )
    return ActionResult(
        summary=f"{result.url}: healthy, release {result.release} ({result.latency_ms} ms)", metrics=metrics
    )


def smoke(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Run every check against the target; any failure fails the task after all ran."""
    target = resolve_target(ctx, args)
    checks = parse_checks(args.get("checks"), ctx.task)
    if not checks:
        raise ActionError(f"{ctx.task}: with.checks is empty; list at least one HTTP check")
    timeout = opt_float(args, "timeout", ctx.task, 10.0, minimum=0.1)
    outcomes = [run_check(target.url, check, timeout) for check in checks]
    for o in outcomes:
        line = f"smoke {o.check.name}: HTTP {o.status} in {o.latency_ms} ms"
        if o.passed:
            ctx.log.info(line)
        else:
            ctx.log.error(f"{line}: {o.reason}")
    result = smoke_metrics(outcomes)
    metrics = {
        "environment": target.environment,
        "url": target.url,
        "release": target.release,
        "smoke": result,
        "response_ms": result["response_ms"],
    }
    if result["failed"]:
        reasons = "; ".join(f"{f['name']}: {f['reason']}" for f in result["failures"])
        raise ActionError(
            f"{ctx.task}: {result['failed']} of {result['total']} smoke checks failed on "
            f"{target.url}: {reasons}"
        )
    return ActionResult(
        summary=f"{target.url}: {result['passed']}/{result['total']} smoke checks passed", metrics=metrics
    )


def monitor(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Sample the health endpoint for ``duration`` seconds; alert (fail) on errors or slow answers."""
    task = ctx.task
    target = resolve_target(ctx, args)
    duration = opt_float(args, "duration", task, 5.0, minimum=0.1)
    interval = opt_float(args, "interval", task, 0.25, minimum=0.01)
    max_error_rate = opt_float(args, "max_error_rate", task, 0.0)
    max_p95 = args.get("max_p95_ms")
    path = opt_str(args, "path", task, "/health") or "/health"
    latencies: list[float] = []
    errors: list[str] = []
    end = time.monotonic() + duration
    while True:
        result = check_health(
            target.url,
            expected_release=target.release,
            path=path,
            timeout=0,
            require_database=opt_bool(args, "require_database", task, True),
        )
        latencies.append(result.latency_ms)
        if not result.ok:
            errors.append(result.problem)
        if time.monotonic() + interval > end:
            break
        time.sleep(interval)
    summary = latency_summary(latencies)
    error_rate = round(len(errors) / len(latencies), 4)
    alerts = []
    if error_rate > max_error_rate:
        alerts.append(f"error rate {error_rate:.2%} above {max_error_rate:.2%} (first: {errors[0]})")
    if isinstance(max_p95, int | float) and summary["p95"] > max_p95:
        alerts.append(f"p95 latency {summary['p95']} ms above {max_p95} ms")
    for alert in alerts:
        ctx.log.error(f"ALERT {target.environment or target.url}: {alert}")
    metrics = {
        "environment": target.environment,
        "url": target.url,
        "release": target.release,
        "samples": len(latencies),
        "errors": len(errors),
        "error_rate": error_rate,
        "alerts": alerts,
        "response_ms": summary,
    }
    if alerts:
        raise ActionError(
            f"{task}: monitoring {target.url} raised {len(alerts)} alert(s): {'; '.join(alerts)}; "
            "run deploy.rollback to return to the previous release"
        )
    return ActionResult(
        summary=f"{target.url}: {len(latencies)} samples, 0 errors, p95 {summary['p95']} ms", metrics=metrics
    )
