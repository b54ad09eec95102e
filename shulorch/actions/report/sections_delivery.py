"""Architecture, performance and deployment reports, built from phase 1, 2, 4 and 5 metrics. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shulorch.actions.report.facts import Fact, Inputs, facts_json, missing
from shulorch.actions.report.sections_quality import Key, task_block

CODEGEN_KEYS = (
    "modules",
    "endpoints",
    "controllers",
    "services",
    "repositories",
    "validation_rules",
    "files",
    "lines",
)
DEPLOY_TASK_KEYS: tuple[Key, ...] = (
    ("environment", False, ""),
    ("release", False, ""),
    ("previous_release", False, ""),
    ("url", False, ""),
    ("duration", True, "s"),
    ("health.status", False, ""),
    ("health.release", False, ""),
    ("health.database", False, ""),
    ("health.latency_ms", True, "ms"),
    ("smoke.total", True, "checks"),
    ("smoke.passed", True, "checks"),
    ("smoke.failed", True, "checks"),
    ("switched_from", False, ""),
    ("switched_to", False, ""),
    # deploy actions report latencies as summaries {count, min, p50, p95, max, mean, samples}
    ("response_ms.count", True, "requests"),
    ("response_ms.p50", True, "ms"),
    ("response_ms.p95", True, "ms"),
    ("response_ms.max", True, "ms"),
)
LATENCY_KEYS: tuple[Key, ...] = (
    ("health.latency_ms", True, "ms"),
    ("response_ms.count", True, "requests"),
    ("response_ms.p50", True, "ms"),
    ("response_ms.p95", True, "ms"),
    ("response_ms.max", True, "ms"),
    ("duration", True, "s"),
)
NOT_DEPLOYING = ("deploy.stop", "deploy.rollback")  # these name an environment without deploying to it
GIT_TASK_KEYS: tuple[Key, ...] = (
    ("version", False, ""),
    ("tag", False, ""),
    ("previous_tag", False, ""),
    ("bump", False, ""),
    ("commits", True, "commits"),
    ("authors", True, "authors"),
    ("files_changed", True, "files"),
    ("insertions", True, "lines"),
    ("deletions", True, "lines"),
    ("merged_branch", False, ""),
    ("noop", False, ""),
)
BACKUP_TASK_KEYS: tuple[Key, ...] = (
    ("backup_id", False, ""),
    ("path", False, "artefact"),
    ("files", True, "files"),
    ("bytes", True, "bytes"),
    ("new_bytes", True, "bytes"),
    ("reused_files", True, "files"),
    ("duration", True, "s"),
)
HEALTHY = ("ok", "healthy", "pass", "passed", "up")


def architecture_report(inputs: Inputs, app_scan: Mapping[str, Fact] | None) -> dict[str, Any]:
    """Generated-code counts from codegen.stats, plus the report task's own scan of the app folder."""
    tms = inputs.by_action("codegen.stats")
    totals = {key: inputs.total(tms, key, what="codegen.stats") for key in CODEGEN_KEYS}
    return {
        "generated_code": facts_json(totals),
        "codegen_tasks": [task_block(inputs, tm, [(k, True, "") for k in CODEGEN_KEYS]) for tm in tms],
        "application_scan": facts_json(app_scan)
        if app_scan is not None
        else {
            "php_files": missing(
                "no `app` folder given in `with:`; set with.app to scan the application"
            ).to_json()
        },
    }


def deploy_tasks(inputs: Inputs) -> tuple[Any, ...]:
    return inputs.by_prefix("deploy.")


def smoke_totals(inputs: Inputs) -> dict[str, Fact]:
    tms = deploy_tasks(inputs)
    return {
        k: inputs.total(tms, f"smoke.{k}", what="deploy", unit="checks")
        for k in ("total", "passed", "failed")
    }


def environments(inputs: Inputs, *, this_run_only: bool) -> list[str]:
    found = []
    for tm in deploy_tasks(inputs):
        env = tm.metrics.get("environment")
        if tm.action in NOT_DEPLOYING:
            continue
        if isinstance(env, str) and (tm.run_id == inputs.run_id or not this_run_only):
            found.append(env)
    return sorted(set(found))


def unhealthy(inputs: Inputs) -> list[tuple[str, str]]:
    """(task, status) of deploy tasks whose health check reported a status that is not healthy."""
    bad = []
    for tm in deploy_tasks(inputs):
        health = tm.metrics.get("health")
        status = health.get("status") if isinstance(health, Mapping) else None
        if isinstance(status, str) and status.lower() not in HEALTHY:
            bad.append((tm.task, status))
    return bad


def deployment_report(inputs: Inputs) -> dict[str, Any]:
    tms = deploy_tasks(inputs)
    return {
        "environments_this_run": environments(inputs, this_run_only=True),
        "environments_any_run": environments(inputs, this_run_only=False),
        "smoke_totals": facts_json(smoke_totals(inputs)),
        "unhealthy": [{"task": t, "status": s} for t, s in unhealthy(inputs)],
        "deployments": [
            {**task_block(inputs, tm, DEPLOY_TASK_KEYS), "smoke_failures": _failures(tm.metrics)}
            for tm in tms
        ],
        "release": [task_block(inputs, tm, GIT_TASK_KEYS) for tm in inputs.by_prefix("git.")],
        "backups": [task_block(inputs, tm, BACKUP_TASK_KEYS) for tm in inputs.by_action("backup.snapshot")],
    }


def _failures(metrics: Mapping[str, Any]) -> list[Any]:
    smoke = metrics.get("smoke")
    failures = smoke.get("failures") if isinstance(smoke, Mapping) else None
    return list(failures) if isinstance(failures, list) else []


def performance_report(inputs: Inputs, elapsed: Fact) -> dict[str, Any]:
    """Response times and durations, each per task, and the run's wall time so far."""
    timings: list[dict[str, Any]] = []
    for tm in deploy_tasks(inputs):
        timings.append(task_block(inputs, tm, LATENCY_KEYS))
    for tm in inputs.by_action("php.test", "backup.snapshot"):
        timings.append(task_block(inputs, tm, [("duration", True, "s")]))
    return {
        "run": facts_json(
            {
                "elapsed_so_far": elapsed,
                "worst_health_latency_ms": _worst(inputs, "health.latency_ms"),
                "worst_response_p95_ms": _worst(inputs, "response_ms.p95"),
            }
        ),
        "tasks": timings,
    }


def _worst(inputs: Inputs, key: str) -> Fact:
    """The highest ``key`` over the deploy tasks, with the task it came from."""
    found = [f for tm in deploy_tasks(inputs) if (f := inputs.fact(tm, key, unit="ms")).measured]
    if not found:
        return missing(f"no deploy task reported {key} (in this run or an earlier one)", "ms")
    return max(found, key=lambda f: f.value)
