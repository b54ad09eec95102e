"""Assemble the nine reports and the orchestration summary from inputs and readings. Pure: the
clock and resource readings are taken by the caller and passed in as facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shulorch.actions.report.cost import Rates, cost_report, measure_usage
from shulorch.actions.report.facts import Fact, Inputs, facts_json, missing
from shulorch.actions.report.risk import Level, Risk, RiskOptions, assess, risk_report
from shulorch.actions.report.sections_delivery import (
    architecture_report,
    deployment_report,
    environments,
    performance_report,
    smoke_totals,
)
from shulorch.actions.report.sections_quality import (
    FINDING_ACTIONS,
    code_quality_report,
    security_report,
    severity_totals,
    test_coverage_report,
    test_totals,
)

# File stem -> title, in the order the dashboard shows them.
REPORTS: dict[str, str] = {
    "executive_summary": "Executive Summary",
    "architecture_analysis": "Architecture Analysis",
    "code_quality": "Code Quality Assessment",
    "test_coverage": "Test Coverage Report",
    "security_assessment": "Security Assessment",
    "performance_baseline": "Performance Baseline",
    "deployment_verification": "Deployment Verification",
    "cost_analysis": "Cost Analysis",
    "risk_assessment": "Risk Assessment",
}
SUMMARY_FILE = "orchestration-summary.json"
GAP_RULES = ("tests_not_measured", "tool_not_run", "coverage_not_measured")


@dataclass(frozen=True, slots=True, kw_only=True)
class Readings:
    """What the report task read itself at report time."""

    generated_at: str  # ISO 8601, UTC
    run_started: str  # ISO 8601, UTC, or "" when the engine gave no start time
    elapsed: Fact  # wall seconds since the run started, so far
    cpu: Fact  # CPU seconds of this process and its reaped children
    app_scan: Mapping[str, Fact] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    task: str
    reports: tuple[str, ...] = tuple(REPORTS)
    rates: Rates = field(default_factory=Rates)
    risk: RiskOptions = field(default_factory=RiskOptions)


def run_status(inputs: Inputs, risks: Sequence[Risk]) -> tuple[str, list[str]]:
    """Overall status and the risk facts that decided it."""
    if not inputs.results:
        return "not measured", ["no task reported any metrics"]
    failed = [
        f"task {tm.task} ({tm.action}) failed in this run"
        for _, tm in sorted(inputs.results.items())
        if tm.status == "failed" and tm.run_id == inputs.run_id
    ]
    if failed:
        return "failed", failed
    high = [r.fact for r in risks if r.level is Level.HIGH]
    if high:
        return "failed", high
    gaps = [r.fact for r in risks if r.rule in GAP_RULES]
    if gaps:
        return "passed with gaps", gaps
    return "passed", []


def _first(inputs: Inputs, prefix: str, key: str) -> Fact:
    for tm in reversed(inputs.by_prefix(prefix)):
        fact = inputs.fact(tm, key, number=False)
        if fact.measured:
            return fact
    return missing(f"no {prefix}* task reported `{key}` (in this run or an earlier one)")


def executive_summary(inputs: Inputs, readings: Readings, risks: Sequence[Risk]) -> dict[str, Any]:
    status, because = run_status(inputs, risks)
    tests = test_totals(inputs)
    findings = severity_totals(inputs, inputs.by_action(*FINDING_ACTIONS), "finding")
    headline: dict[str, Fact] = {
        "run_elapsed_so_far": readings.elapsed,
        "tests": tests["tests"],
        "tests_passed": tests["passed"],
        "tests_failed": tests["failed"],
        "test_pass_rate": tests["pass_rate"],
        "line_coverage": tests["line_coverage"],
        **{f"findings_{sev}": fact for sev, fact in findings.items()},
        "version": _first(inputs, "git.", "version"),
        "tag": _first(inputs, "git.", "tag"),
        "smoke_failed": smoke_totals(inputs)["failed"],
    }
    this_run = sorted(tm.task for tm in inputs.results.values() if tm.run_id == inputs.run_id)
    carried = sorted(tm.task for tm in inputs.results.values() if tm.run_id != inputs.run_id)
    return {
        "status": status,
        "status_because": because,
        "headline": facts_json(headline),
        "environments_deployed_this_run": environments(inputs, this_run_only=True),
        "risk_counts": {level.value: sum(1 for r in risks if r.level is level) for level in Level},
        "tasks_measured_this_run": this_run,
        "tasks_carried_from_earlier_runs": carried,
    }


def build_reports(inputs: Inputs, readings: Readings, options: Options) -> dict[str, dict[str, Any]]:
    """Every selected report, keyed by file name, plus orchestration-summary.json."""
    risks = assess(inputs, options.risk)
    usage = measure_usage(inputs, readings.elapsed, readings.cpu)
    bodies = {
        "executive_summary": lambda: executive_summary(inputs, readings, risks),
        "architecture_analysis": lambda: architecture_report(inputs, readings.app_scan),
        "code_quality": lambda: code_quality_report(inputs),
        "test_coverage": lambda: test_coverage_report(inputs),
        "security_assessment": lambda: security_report(inputs),
        "performance_baseline": lambda: performance_report(inputs, readings.elapsed),
        "deployment_verification": lambda: deployment_report(inputs),
        "cost_analysis": lambda: cost_report(inputs, usage, options.rates, options.task),
        "risk_assessment": lambda: risk_report(risks, options.risk),
    }
    out: dict[str, dict[str, Any]] = {}
    for name in options.reports:
        out[f"{name}.json"] = {
            "report": name,
            "title": REPORTS[name],
            "run_id": inputs.run_id,
            "generated_at": readings.generated_at,
            "generated_by": options.task,
            **bodies[name](),
        }
    status, because = run_status(inputs, risks)
    out[SUMMARY_FILE] = {
        "run_id": inputs.run_id,
        "run_started": readings.run_started or None,
        "generated_at": readings.generated_at,
        "generated_by": options.task,
        "status": status,
        "status_because": because,
        "elapsed_so_far": readings.elapsed.to_json(),
        "note": "the engine's run record is written after the run ends; durations here are so far, "
        "at report time",
        "risk_counts": {level.value: sum(1 for r in risks if r.level is level) for level in Level},
        "tasks": [
            {
                "task": tm.task,
                "action": tm.action,
                "run_id": tm.run_id,
                "carried": tm.run_id != inputs.run_id,
                "metric_keys": sorted(tm.metrics),
            }
            for _, tm in sorted(inputs.results.items())
        ],
        "reports": [{"file": f"{name}.json", "title": REPORTS[name]} for name in options.reports],
    }
    return out
