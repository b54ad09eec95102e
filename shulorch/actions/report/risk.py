"""Risk assessment: fixed rules over measured facts. Each risk names the fact it came from and a
mitigation. Pure: the environment switch it reads is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shulorch.actions.report.facts import Fact, Inputs
from shulorch.actions.report.sections_delivery import environments, smoke_totals, unhealthy
from shulorch.actions.report.sections_quality import FINDING_ACTIONS, not_run, test_totals


class Level(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    rule: str
    level: Level
    fact: str  # the measured fact, in words
    mitigation: str
    evidence: tuple[Fact, ...] = ()
    tasks: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level.value,
            "fact": self.fact,
            "mitigation": self.mitigation,
            # The tasks behind the evidence, unless the rule named them itself.
            "tasks": list(self.tasks) or sorted({s.task for f in self.evidence for s in f.sources}),
            "evidence": [f.to_json() for f in self.evidence],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskOptions:
    coverage_min: float | None = None  # percent; the coverage rule is off without it
    deploy_to_production: str | None = None  # DEPLOY_TO_PRODUCTION as found in the task environment


def _tests(inputs: Inputs, options: RiskOptions) -> list[Risk]:
    totals = test_totals(inputs)
    risks: list[Risk] = []
    if not totals["tests"].measured:
        risks.append(
            Risk(
                rule="tests_not_measured",
                level=Level.MEDIUM,
                fact=f"test results not measured: {totals['tests'].reason}",
                mitigation="add a php.test task to the build phase so the release is tested",
            )
        )
    failing = [totals[k] for k in ("failed", "errors") if totals[k].measured and totals[k].value > 0]
    if failing:
        count = sum(f.value for f in failing)
        risks.append(
            Risk(
                rule="tests_failing",
                level=Level.HIGH,
                evidence=tuple(failing),
                fact=f"{count} test(s) failed or errored",
                mitigation="fix the failing tests (see the JUnit artefact) before promoting",
            )
        )
    cov = totals["line_coverage"]
    if options.coverage_min is not None:
        if not cov.measured:
            risks.append(
                Risk(
                    rule="coverage_not_measured",
                    level=Level.MEDIUM,
                    fact=f"line coverage not measured: {cov.reason}",
                    mitigation="run php.test with coverage (pcov or xdebug) enabled",
                )
            )
        elif cov.value < options.coverage_min:
            risks.append(
                Risk(
                    rule="coverage_under_gate",
                    level=Level.HIGH,
                    evidence=(cov,),
                    fact=f"line coverage {cov.value}% is under the minimum {options.coverage_min}%",
                    mitigation="add tests for the uncovered code or lower the gate deliberately",
                )
            )
    return risks


def _quality(inputs: Inputs) -> list[Risk]:
    risks: list[Risk] = []
    for tm in inputs.by_action("quality.gate"):
        if tm.metrics.get("passed") is False:
            raw = tm.metrics.get("breaches")
            listed = [str(b) for b in raw] if isinstance(raw, list) else [str(raw)]
            more = f" (+{len(listed) - 3} more)" if len(listed) > 3 else ""
            breaches = "; ".join(listed[:3]) + more
            risks.append(
                Risk(
                    rule="quality_gate_failed",
                    level=Level.HIGH,
                    tasks=(tm.task,),
                    evidence=(inputs.fact(tm, "breaches", number=False),),
                    fact=f"quality gate {tm.task} failed: {breaches}",
                    mitigation="resolve the breaches listed by the gate",
                )
            )
    for tm in inputs.by_action(*FINDING_ACTIONS):
        if not_run(tm):
            risks.append(
                Risk(
                    rule="tool_not_run",
                    level=Level.MEDIUM,
                    tasks=(tm.task,),
                    evidence=(inputs.fact(tm, "status", number=False),),
                    fact=f"{tm.metrics.get('tool', tm.action)} was not run ({tm.task}): its checks "
                    "are unknown, not passed",
                    mitigation="install the tool (or fix its configuration) and rerun the task",
                )
            )
            continue
        for sev, level in (("error", Level.HIGH), ("warning", Level.MEDIUM)):
            count = inputs.fact(tm, f"counts.{sev}")
            if count.measured and count.value > 0:
                sec = tm.action == "security.scan"
                risks.append(
                    Risk(
                        rule=f"{'security' if sec else 'quality'}_{sev}s",
                        level=level,
                        tasks=(tm.task,),
                        evidence=(count,),
                        fact=f"{tm.metrics.get('tool', tm.action)} reported {count.value} {sev} finding(s)",
                        mitigation=(
                            "fix or explicitly accept each finding listed in security_assessment.json"
                            if sec
                            else "fix the findings listed in code_quality.json"
                        ),
                    )
                )
    return risks


def _delivery(inputs: Inputs, options: RiskOptions) -> list[Risk]:
    risks: list[Risk] = []
    failed = smoke_totals(inputs)["failed"]
    if failed.measured and failed.value > 0:
        risks.append(
            Risk(
                rule="smoke_tests_failed",
                level=Level.HIGH,
                evidence=(failed,),
                fact=f"{failed.value} smoke test(s) failed after deployment",
                mitigation="roll back (`shulorch rollback`) or fix and redeploy",
            )
        )
    for task, status in unhealthy(inputs):
        risks.append(
            Risk(
                rule="unhealthy_deployment",
                level=Level.HIGH,
                tasks=(task,),
                fact=f"health check of {task} reported status {status!r}",
                mitigation="inspect the release's logs; roll back if it does not recover",
            )
        )
    backups = inputs.by_action("backup.snapshot")
    if not any(tm.run_id == inputs.run_id for tm in backups):
        last = sorted({tm.run_id for tm in backups})
        where = f"the last backup measured was in run {last[-1]}" if last else "no backup was ever measured"
        risks.append(
            Risk(
                rule="no_backup_this_run",
                level=Level.MEDIUM,
                fact=f"no backup.snapshot ran in this run; {where}",
                mitigation="run the backup phase before deploying so a rollback point exists",
            )
        )
    if "production" not in environments(inputs, this_run_only=True):
        switch = options.deploy_to_production
        why = f" (DEPLOY_TO_PRODUCTION={switch})" if switch is not None else ""
        risks.append(
            Risk(
                rule="production_not_deployed",
                level=Level.LOW,
                fact=f"no deploy task deployed to production in this run{why}",
                mitigation="promote the verified staging release to production once the "
                "risks above are resolved",
            )
        )
    carried = sorted(tm.task for tm in inputs.results.values() if tm.run_id != inputs.run_id)
    if carried:
        risks.append(
            Risk(
                rule="carried_measurements",
                level=Level.LOW,
                tasks=tuple(carried),
                fact=f"{len(carried)} task(s) were up to date; their numbers come from earlier runs",
                mitigation="force those tasks to rerun if their inputs may have changed "
                "outside the declared file dependencies",
            )
        )
    return risks


def assess(inputs: Inputs, options: RiskOptions) -> tuple[Risk, ...]:
    """Every risk the rules find, highest level first (stable within a level)."""
    risks: Sequence[Risk] = [*_tests(inputs, options), *_quality(inputs), *_delivery(inputs, options)]
    order = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
    return tuple(sorted(risks, key=lambda r: order[r.level]))


def risk_report(risks: Sequence[Risk], options: RiskOptions) -> dict[str, Any]:
    counts = {level.value: sum(1 for r in risks if r.level is level) for level in Level}
    return {
        "counts": counts,
        "rules_configured": {"coverage_min": options.coverage_min},
        "risks": [r.to_json() for r in risks],
    }
