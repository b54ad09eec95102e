"""``quality.gate``: reads what the other quality tasks measured and fails the phase when the pass
rate is below 100%, line coverage is below ``min_coverage`` or any finding has error severity.
A tool that did not run is listed as such, never counted as passed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult, TaskMetrics
from shulorch.actions.quality.common import QualityFailure, as_list, as_number, check_args

ARGS = ("min_coverage", "actions", "require")
TEST_ACTION = "php.test"
DEFAULT_ACTIONS = (
    "php.lint",
    "php.style",
    "php.phpstan",
    "php.mess",
    "php.test",
    "php.migrations",
    "security.scan",
    "composer.validate",
    "api.contract",
)
DEFAULT_REQUIRE = (TEST_ACTION,)


def evaluate(
    results: Sequence[TaskMetrics], *, min_coverage: float, require: Sequence[str]
) -> dict[str, Any]:
    """The gate's verdict as metrics (pure: tested as a table)."""
    breaches: list[str] = []
    not_run: list[str] = []
    tools: dict[str, Any] = {}
    for res in results:
        m = res.metrics
        status = str(m.get("status", "passed"))
        counts = m.get("counts") or {}
        tools[res.task] = {
            "action": res.action,
            "tool": m.get("tool", res.action),
            "status": status,
            "counts": counts,
            "run_id": res.run_id,
        }
        if status.startswith("not run"):
            reason = m.get("reason", status)
            not_run.append(f"{m.get('tool', res.action)} (task {res.task}): {reason}")
            if res.action in require:
                breaches.append(f"{res.task}: {res.action} did not run ({reason}) but the gate requires it")
            continue
        errors = int(counts.get("error", 0))
        if errors:
            first = (m.get("findings") or [{}])[0]
            where = (
                f"; first: {first.get('file')}:{first.get('line')}: {first.get('message')}" if first else ""
            )
            breaches.append(
                f"{res.task}: {m.get('tool', res.action)} reported {errors} error finding(s){where}"
            )
        elif status == "failed" and res.action != TEST_ACTION:
            breaches.append(f"{res.task}: {m.get('tool', res.action)} failed")
    present = {r.action for r in results}
    for action in require:
        if action not in present:
            breaches.append(f"{action}: no task reported results (not run), so it cannot count as passed")
            not_run.append(f"{action}: no results")
    tests = _tests([r for r in results if r.action == TEST_ACTION])
    breaches.extend(_test_breaches(tests, min_coverage, any(r.action == TEST_ACTION for r in results)))
    return {
        "passed": not breaches,
        "breaches": breaches,
        "not_run": not_run,
        "min_coverage": min_coverage,
        **tests,
        "tools": tools,
        "findings_error_total": sum(int((t["counts"] or {}).get("error", 0)) for t in tools.values()),
    }


def _tests(results: Sequence[TaskMetrics]) -> dict[str, Any]:
    keys = ("tests", "passed", "failed", "errors", "skipped")
    sums = {k: sum(int(r.metrics.get(k) or 0) for r in results) for k in keys}
    measured = [r.metrics for r in results if r.metrics.get("lines_valid") is not None]
    covered = sum(int(m["lines_covered"]) for m in measured)
    valid = sum(int(m["lines_valid"]) for m in measured)
    runnable = sums["tests"] - sums["skipped"]
    return {
        **{f"test_{k}" if k == "passed" else k: v for k, v in sums.items()},
        "pass_rate": round(100.0 * sums["passed"] / runnable, 2) if runnable else None,
        "line_coverage": (round(100.0 * covered / valid, 2) if valid else 100.0) if measured else None,
        "lines_covered": covered if measured else None,
        "lines_valid": valid if measured else None,
        "coverage_status": "measured" if measured else _coverage_reason(results),
    }


def _coverage_reason(results: Sequence[TaskMetrics]) -> str:
    reasons = [str(r.metrics.get("coverage_status")) for r in results if r.metrics.get("coverage_status")]
    return reasons[0] if reasons else "not run"


def _test_breaches(tests: Mapping[str, Any], min_coverage: float, ran: bool) -> list[str]:
    if not ran:
        return []
    found = []
    if tests["pass_rate"] is None:
        found.append(f"tests: none ran ({tests['tests']} test(s), {tests['skipped']} skipped)")
    elif tests["pass_rate"] < 100.0:
        found.append(
            f"tests: pass rate {tests['pass_rate']}% is below 100% ({tests['test_passed']} of "
            f"{tests['tests'] - tests['skipped']} passed; {tests['failed']} failed, {tests['errors']} errors)"
        )
    if tests["line_coverage"] is None:
        found.append(
            f"line coverage: {tests['coverage_status']}; min_coverage {min_coverage:g}% cannot be checked"
        )
    elif tests["line_coverage"] < min_coverage:
        found.append(
            f"line coverage {tests['line_coverage']}% ({tests['lines_covered']}/{tests['lines_valid']} "
            f"lines) is below min_coverage {min_coverage:g}%"
        )
    return found


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    min_coverage = as_number(ctx, args, "min_coverage", 85)
    actions = as_list(args.get("actions"), DEFAULT_ACTIONS)
    results = [m for name in actions for m in ctx.metrics_by_action(name)]
    metrics = evaluate(
        results, min_coverage=min_coverage, require=as_list(args.get("require"), DEFAULT_REQUIRE)
    )
    for line in metrics["not_run"]:
        ctx.log.warning(f"{ctx.task}: not run: {line}")
    if metrics["breaches"]:
        listed = "\n".join(f"  - {b}" for b in metrics["breaches"])
        raise QualityFailure(
            f"{ctx.task}: quality gate failed with {len(metrics['breaches'])} breach(es):\n{listed}", metrics
        )
    coverage = metrics["line_coverage"]
    return ActionResult(
        summary=f"quality gate passed: {metrics['test_passed']}/{metrics['tests']} tests, "
        f"line coverage {coverage}% "
        f"(min {min_coverage:g}%), {len(results)} result(s), {len(metrics['not_run'])} not run",
        metrics=metrics,
    )
