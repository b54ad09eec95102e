"""Code quality, test coverage and security reports, built from phase-3 metrics. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from shulorch.actions.base import TaskMetrics
from shulorch.actions.report.facts import Fact, Inputs, derive, facts_json, missing, ratio

FINDING_ACTIONS = (
    "php.lint",
    "php.style",
    "php.mess",
    "php.phpstan",
    "security.scan",
    "api.contract",
    "composer.validate",
)
SEVERITIES = ("error", "warning", "info")
TEST_KEYS = ("tests", "passed", "failed", "errors", "skipped")
# (key, is a number, unit)
Key = tuple[str, bool, str]
TEST_TASK_KEYS: tuple[Key, ...] = (
    ("tests", True, "tests"),
    ("passed", True, "tests"),
    ("failed", True, "tests"),
    ("errors", True, "tests"),
    ("skipped", True, "tests"),
    ("duration", True, "s"),
    ("line_coverage", True, "% (as reported by php.test)"),
    ("lines_covered", True, "lines"),
    ("lines_valid", True, "lines"),
    ("junit", False, "artefact"),
    ("coverage_file", False, "artefact"),
)
FINDING_TASK_KEYS: tuple[Key, ...] = (
    ("tool", False, ""),
    ("status", False, ""),
    ("counts.error", True, "findings"),
    ("counts.warning", True, "findings"),
    ("counts.info", True, "findings"),
    ("files_checked", True, "files"),
)
MAX_LISTED_FINDINGS = 200  # a report is read by people; the tool's own artefact has the rest


def task_block(inputs: Inputs, tm: TaskMetrics, keys: Sequence[Key]) -> dict[str, Any]:
    """One task's metrics as facts, with the run that measured them."""
    facts = {key: inputs.fact(tm, key, number=number, unit=unit) for key, number, unit in keys}
    return {
        "task": tm.task,
        "action": tm.action,
        "run_id": tm.run_id,
        "carried": tm.run_id != inputs.run_id,
        "metrics": facts_json(facts),
    }


def findings_of(tm: TaskMetrics) -> list[Mapping[str, Any]]:
    raw = tm.metrics.get("findings")
    return [f for f in raw if isinstance(f, Mapping)] if isinstance(raw, list) else []


def not_run(tm: TaskMetrics) -> bool:
    """The tool did not run (status "not run", possibly followed by ": why")."""
    status = tm.metrics.get("status")
    return isinstance(status, str) and status.startswith("not run")


def severity_totals(inputs: Inputs, tms: Sequence[TaskMetrics], what: str) -> dict[str, Fact]:
    """Findings per severity over the tools that ran; tools "not run" are named, not counted as 0."""
    ran = [tm for tm in tms if not not_run(tm)]
    skipped = [tm.task for tm in tms if not_run(tm)]
    totals = {}
    for sev in SEVERITIES:
        fact = inputs.total(ran, f"counts.{sev}", what=what, unit="findings")
        if skipped and fact.measured:
            extra = "excludes tools not run: " + ", ".join(skipped)
            fact = replace(fact, note=f"{fact.note}; {extra}" if fact.note else extra)
        elif skipped and not ran:
            fact = missing("every tool was not run: " + ", ".join(skipped), "findings")
        totals[sev] = fact
    return totals


def tool_statuses(tms: Sequence[TaskMetrics]) -> dict[str, list[str]]:
    """Task names grouped by the status their tool reported ("passed", "failed", "not run")."""
    groups: dict[str, list[str]] = {}
    for tm in tms:
        status = tm.metrics.get("status")
        key = "not run" if not_run(tm) else (status if isinstance(status, str) else "unknown")
        groups.setdefault(key, []).append(tm.task)
    return groups


def test_totals(inputs: Inputs) -> dict[str, Fact]:
    """Totals over every php.test task, the pass rate and the line coverage."""
    tms = inputs.by_action("php.test")
    facts = {key: inputs.total(tms, key, what="php.test", unit="tests") for key in TEST_KEYS}
    facts["duration"] = inputs.total(tms, "duration", what="php.test", unit="s")
    facts["pass_rate"] = ratio(facts["passed"], facts["tests"], note="passed / tests")
    facts["line_coverage"] = coverage(inputs, tms)
    return facts


def coverage(inputs: Inputs, tms: Sequence[TaskMetrics]) -> Fact:
    """Line coverage in percent: lines covered / lines valid over all test tasks, else as reported."""
    covered = inputs.total(tms, "lines_covered", what="php.test", unit="lines")
    valid = inputs.total(tms, "lines_valid", what="php.test", unit="lines")
    if covered.measured and valid.measured and not covered.note and not valid.note:
        return ratio(covered, valid, note="lines_covered / lines_valid")
    if len(tms) == 1:
        return inputs.fact(tms[0], "line_coverage", unit="%")
    if not tms:
        return missing("no php.test task reported metrics (in this run or an earlier one)", "%")
    return missing("several php.test tasks and not all reported lines_covered and lines_valid", "%")


def test_coverage_report(inputs: Inputs) -> dict[str, Any]:
    tms = inputs.by_action("php.test")
    return {
        "totals": facts_json(test_totals(inputs)),
        "tasks": [
            {**task_block(inputs, tm, TEST_TASK_KEYS), "failures": _listed(tm.metrics.get("failures"))}
            for tm in tms
        ],
    }


def _listed(raw: Any) -> list[Any]:
    return list(raw)[:MAX_LISTED_FINDINGS] if isinstance(raw, list) else []


def code_quality_report(inputs: Inputs) -> dict[str, Any]:
    tms = inputs.by_action(*FINDING_ACTIONS)
    gates = inputs.by_action("quality.gate")
    totals: dict[str, Fact] = severity_totals(inputs, tms, "finding (lint, style, analysis)")
    totals["files_checked"] = inputs.total(tms, "files_checked", what="finding", unit="files")
    totals["line_coverage"] = coverage(inputs, inputs.by_action("php.test"))
    return {
        "totals": facts_json(totals),
        "tools_by_status": tool_statuses(tms),
        "tools": [task_block(inputs, tm, FINDING_TASK_KEYS) for tm in tms],
        "gates": [
            {
                "task": tm.task,
                "run_id": tm.run_id,
                "carried": tm.run_id != inputs.run_id,
                "metrics": facts_json(
                    {
                        "passed": inputs.fact(tm, "passed", number=False),
                        "breaches": inputs.fact(tm, "breaches", number=False),
                    }
                ),
            }
            for tm in gates
        ],
    }


def security_report(inputs: Inputs) -> dict[str, Any]:
    tms = inputs.by_action("security.scan")
    findings: list[dict[str, Any]] = []
    for tm in tms:
        for finding in findings_of(tm):
            findings.append(
                {
                    "task": tm.task,
                    "run_id": tm.run_id,
                    **{k: finding.get(k) for k in ("tool", "severity", "rule", "file", "line", "message")},
                }
            )
    listed = findings[:MAX_LISTED_FINDINGS]
    totals = severity_totals(inputs, tms, "security.scan")
    by_rule: dict[str, int] = {}
    for finding in findings:
        rule = str(finding.get("rule") or "unknown")
        by_rule[rule] = by_rule.get(rule, 0) + 1
    counted = (
        derive(
            len(findings),
            [inputs.fact(tm, "findings", number=False) for tm in tms],
            unit="findings",
            note="length of the findings lists",
        )
        if tms
        else missing("no security.scan task reported metrics (in this run or an earlier one)", "findings")
    )
    totals["findings_listed"] = counted
    # Finding lists may be capped by the tool action; findings_total is the uncapped count.
    totals["findings_total"] = inputs.total(tms, "findings_total", what="security.scan", unit="findings")
    return {
        "totals": facts_json(totals),
        "tools_by_status": tool_statuses(tms),
        "scanners": [task_block(inputs, tm, FINDING_TASK_KEYS) for tm in tms],
        "findings_by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
        "findings": listed,
        "findings_truncated": len(findings) > len(listed),
    }
