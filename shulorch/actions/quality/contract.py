"""``api.contract``: the OpenAPI document is valid OpenAPI 3, and the running app answers every
documented operation with a documented status (app served by ``php -S`` on a fresh, migrated DB)."""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    artefact_path,
    as_bool,
    as_list,
    as_number,
    check_args,
    fail_on,
    finish,
)
from shulorch.actions.quality.findings import Finding, Severity
from shulorch.actions.quality.migrations import DEFAULT_MIGRATE, database_env, run_step, spark_argv
from shulorch.actions.quality.openapi import (
    Operation,
    expected_codes,
    fill_path,
    load_document,
    plan_operations,
    status_matches,
    validate_document,
)
from shulorch.actions.quality.server import php_server
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

ARGS = (
    "spec",
    "docroot",
    "router",
    "php",
    "spark",
    "env",
    "migrate",
    "headers",
    "base_path",
    "skip",
    "request_timeout",
    "fail_on",
)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    spec_rel = str(args.get("spec", "docs/openapi.yaml"))
    spec_path = ctx.path(spec_rel)
    if not spec_path.is_file():
        raise ActionError(f"{ctx.task}: {spec_rel} not found under {ctx.cwd}; fix with: spec")
    spec, tree = load_document(spec_path, spec_rel)
    validate_document(spec, tree, spec_rel)
    skip = set(as_list(args.get("skip")))
    ops = tuple(op for op in plan_operations(spec, tree) if op.name not in skip)
    if not ops:
        raise ActionError(f"{spec_rel}: documents no operation to check")
    base_path = str(args.get("base_path", _server_path(spec))).rstrip("/")
    headers = {
        "Accept": "application/json",
        **{str(k): str(v) for k, v in (args.get("headers") or {}).items()},
    }
    timeout = as_number(ctx, args, "request_timeout", 10)

    spark = spark_argv(ctx, args)  # also finds php
    with tempfile.TemporaryDirectory(prefix="shulorch-contract-") as tmp:
        env = database_env(ctx, args, Path(tmp) / "contract.sqlite")
        if as_bool(args.get("migrate"), True):
            run_step(ctx, spark + list(DEFAULT_MIGRATE), env, "migrate before the contract check")
        with php_server(
            spark[:1],
            cwd=ctx.cwd,
            docroot=str(args.get("docroot", "public")),
            router=str(args.get("router", "public/index.php")) or None,
            env=env,
            tracker=ctx.tracker,
        ) as server:
            calls = _call_all(ops, server.base_url + base_path, headers, timeout)
        write_atomic(artefact_path(ctx, "php-server", "log"), server.log)
    findings = [
        f for op, call in zip(ops, calls, strict=True) if (f := _judge(op, call, spec_rel)) is not None
    ]
    report = [
        {**call, "body": call["body"][:300], "line": op.line, "expected": list(expected_codes(op))}
        for op, call in zip(ops, calls, strict=True)
    ]
    return finish(
        ctx,
        tool="api-contract",
        findings=findings,
        files_checked=1,
        policy=fail_on(ctx, args),
        extra={
            "operations": report,
            "operations_total": len(ops),
            "operations_ok": len(ops) - len({f.line for f in findings}),
            "openapi": spec.get("openapi"),
        },
        what="operation(s) not answered as documented",
    )


def _server_path(spec: Mapping[str, Any]) -> str:
    servers = spec.get("servers") or [{}]
    return urlparse(str(servers[0].get("url", ""))).path


def _call_all(
    ops: tuple[Operation, ...], base: str, headers: Mapping[str, str], timeout: float
) -> list[dict[str, Any]]:
    ids: dict[str, Any] = {}
    calls = []
    for op in ops:
        path = fill_path(op, ids)
        status, body, ms = _request(op.method, base + path, op.body, headers, timeout)
        created = _created_id(body) if op.method == "post" and 200 <= status < 300 else None
        if created is not None:
            ids.setdefault(op.path.rstrip("/") or "/", created)
        calls.append({"operation": op.name, "url": path, "status": status, "ms": ms, "body": body})
    return calls


def _request(
    method: str, url: str, body: Any, headers: Mapping[str, str], timeout: float
) -> tuple[int, str, float]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method.upper(), headers=dict(headers))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    # No proxies: the server is on loopback and a CI proxy variable must not reroute it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    start = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read().decode("utf-8", "replace")
        err.close()
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        status, text = 0, f"no answer: {err}"
    return status, text, round((time.monotonic() - start) * 1000, 1)


def _created_id(body: str) -> Any:
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        return None
    for candidate in (data, data.get("data") if isinstance(data, dict) else None):
        if isinstance(candidate, dict) and candidate.get("id") is not None:
            return candidate["id"]
    return None


def _judge(op: Operation, call: Mapping[str, Any], spec_rel: str) -> Finding | None:
    status = int(call["status"])
    wanted = expected_codes(op)
    code = status_matches(status, wanted) if status else None
    where = f"{op.name} (requested {op.method.upper()} {call['url']})"
    if code is None:
        got = f"answered {status}" if status else str(call["body"])
        return Finding(
            tool="api-contract",
            file=spec_rel,
            line=op.line,
            severity=Severity.ERROR,
            rule="status",
            message=f"{where} {got}, documented {', '.join(wanted)}; implement the route or fix the document",
        )
    if code in op.json_codes and status != 204:
        try:
            json.loads(call["body"])
        except json.JSONDecodeError:
            return Finding(
                tool="api-contract",
                file=spec_rel,
                line=op.line,
                severity=Severity.ERROR,
                rule="json",
                message=f"{where} answered {status} with a body that is not JSON, documented "
                f"application/json",
            )
    return None
