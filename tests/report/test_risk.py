"""Risk rules as a table: each measured fact raises its risk, with the fact and a mitigation."""

from __future__ import annotations

from typing import Any

import pytest

from shulorch.actions.base import TaskMetrics
from shulorch.actions.report.facts import Inputs
from shulorch.actions.report.risk import Level, RiskOptions, assess
from tests.report.conftest import OLD_RUN, RUN_ID, sample_results


def tm(task: str, action: str, metrics: dict[str, Any], run: str = RUN_ID) -> TaskMetrics:
    return TaskMetrics(task=task, action=action, run_id=run, metrics=metrics)


BACKUP = tm("backup.snapshot", "backup.snapshot", {"bytes": 10, "new_bytes": 1})
PROD = tm(
    "deploy.prod",
    "deploy.release",
    {"environment": "production", "smoke": {"total": 3, "passed": 3, "failed": 0}},
)
TESTS_OK = tm(
    "build.test",
    "php.test",
    {
        "tests": 5,
        "passed": 5,
        "failed": 0,
        "errors": 0,
        "skipped": 0,
        "lines_covered": 50,
        "lines_valid": 100,
    },
)
CLEAN = (BACKUP, PROD, TESTS_OK)


def rules(entries: tuple[TaskMetrics, ...], **options: Any) -> dict[str, Any]:
    inputs = Inputs(run_id=RUN_ID, results={e.task: e for e in entries})
    return {r.rule: r for r in assess(inputs, RiskOptions(**options))}


def test_a_clean_run_has_no_risk() -> None:
    assert rules(CLEAN) == {}


@pytest.mark.parametrize(
    ("extra", "options", "rule", "level", "in_fact"),
    [
        (
            (tm("build.test", "php.test", {"tests": 5, "passed": 3, "failed": 2, "errors": 0}),),
            {},
            "tests_failing",
            Level.HIGH,
            "2 test(s)",
        ),
        ((), {"coverage_min": 80}, "coverage_under_gate", Level.HIGH, "50.0% is under the minimum 80"),
        (
            (tm("build.gate", "quality.gate", {"passed": False, "breaches": ["coverage < 80"]}),),
            {},
            "quality_gate_failed",
            Level.HIGH,
            "coverage < 80",
        ),
        (
            (tm("build.cs", "php.style", {"tool": "phpcs", "status": "failed", "counts": {"error": 3}}),),
            {},
            "quality_errors",
            Level.HIGH,
            "phpcs reported 3 error",
        ),
        (
            (tm("build.md", "php.mess", {"tool": "phpmd", "status": "passed", "counts": {"warning": 2}}),),
            {},
            "quality_warnings",
            Level.MEDIUM,
            "phpmd reported 2 warning",
        ),
        (
            (
                tm(
                    "build.sec",
                    "security.scan",
                    {"tool": "audit", "status": "failed", "counts": {"error": 1}},
                ),
            ),
            {},
            "security_errors",
            Level.HIGH,
            "audit reported 1 error",
        ),
        (
            (
                tm(
                    "build.stan",
                    "php.phpstan",
                    {"tool": "phpstan", "status": "not run: phpstan not installed"},
                ),
            ),
            {},
            "tool_not_run",
            Level.MEDIUM,
            "phpstan was not run",
        ),
        (
            (
                tm(
                    "deploy.prod",
                    "deploy.release",
                    {"environment": "production", "smoke": {"total": 3, "passed": 1, "failed": 2}},
                ),
            ),
            {},
            "smoke_tests_failed",
            Level.HIGH,
            "2 smoke test(s) failed",
        ),
        (
            (
                tm(
                    "deploy.prod",
                    "deploy.release",
                    {"environment": "production", "health": {"status": "down"}},
                ),
            ),
            {},
            "unhealthy_deployment",
            Level.HIGH,
            "'down'",
        ),
        (
            (tm("backup.snapshot", "backup.snapshot", {"bytes": 10}, run=OLD_RUN),),
            {},
            "no_backup_this_run",
            Level.MEDIUM,
            f"last backup measured was in run {OLD_RUN}",
        ),
        (
            (tm("deploy.prod", "deploy.release", {"environment": "staging"}),),
            {"deploy_to_production": "false"},
            "production_not_deployed",
            Level.LOW,
            "DEPLOY_TO_PRODUCTION=false",
        ),
        (
            (tm("build.test", "php.test", dict(TESTS_OK.metrics), run=OLD_RUN),),
            {},
            "carried_measurements",
            Level.LOW,
            "come from earlier runs",
        ),
    ],
)
def test_each_rule_fires_on_its_fact(
    extra: tuple[TaskMetrics, ...], options: dict[str, Any], rule: str, level: Level, in_fact: str
) -> None:
    base = {e.task: e for e in CLEAN}
    base.update({e.task: e for e in extra})
    found = rules(tuple(base.values()), **options)
    assert rule in found, sorted(found)
    assert found[rule].level is level
    assert in_fact in found[rule].fact
    assert found[rule].mitigation


def test_no_test_task_is_a_gap_not_a_pass() -> None:
    found = rules((BACKUP, PROD))
    assert found["tests_not_measured"].level is Level.MEDIUM


def test_risks_are_ordered_high_first_and_name_their_tasks() -> None:
    inputs = Inputs(run_id=RUN_ID, results=sample_results())
    risks = assess(inputs, RiskOptions(coverage_min=90))
    levels = [r.level for r in risks]
    assert levels == sorted(levels, key=[Level.HIGH, Level.MEDIUM, Level.LOW].index)
    failing = next(r for r in risks if r.rule == "tests_failing")
    assert failing.to_json()["tasks"] == ["build.test"]
    assert failing.to_json()["evidence"][0]["sources"][0]["key"] in ("failed", "errors")


def test_a_rollback_in_production_is_not_a_production_deploy() -> None:
    rollback = tm("deploy.undo", "deploy.rollback", {"environment": "production"})
    found = rules((BACKUP, TESTS_OK, rollback))
    assert "production_not_deployed" in found
