"""report.generate: every file, numbers equal to the metrics fed in, "not measured" when absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.base import TaskMetrics
from shulorch.actions.report import generate
from shulorch.errors import ActionError
from tests.helpers import make_context
from tests.report.conftest import OLD_RUN, RUN_ID

REPORT_FILES = (
    "executive_summary.json",
    "architecture_analysis.json",
    "code_quality.json",
    "test_coverage.json",
    "security_assessment.json",
    "performance_baseline.json",
    "deployment_verification.json",
    "cost_analysis.json",
    "risk_assessment.json",
    "orchestration-summary.json",
)


def run_generate(
    tmp_path: Path, results: dict[str, TaskMetrics], args: dict[str, Any] | None = None, **kw: Any
) -> tuple[Any, Path]:
    ctx = make_context(tmp_path, task="reports.generate", results=results, **kw)
    result = generate.run(ctx, args or {})
    return result, ctx.report_dir


def load(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / name).read_text())
    return data


def dig(doc: Any, path: str) -> Any:
    for part in path.split("/"):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def test_writes_every_report_file_in_the_run_folder(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    result, folder = run_generate(tmp_path, results)
    assert folder == tmp_path / "writable" / "reports" / RUN_ID
    assert sorted(p.name for p in folder.iterdir()) == sorted(REPORT_FILES)
    assert result.metrics["reports"] == len(REPORT_FILES)
    assert len(result.artifacts) == len(REPORT_FILES)
    for name in REPORT_FILES:
        assert load(folder, name)["run_id"] == RUN_ID


@pytest.mark.parametrize(
    ("file", "path", "expected", "task"),
    [
        ("test_coverage.json", "totals/tests/value", 37, "build.test"),
        ("test_coverage.json", "totals/passed/value", 35, "build.test"),
        ("test_coverage.json", "totals/failed/value", 1, "build.test"),
        ("test_coverage.json", "totals/pass_rate/value", round(100 * 35 / 37, 2), "build.test"),
        ("test_coverage.json", "tasks/0/metrics/duration/value", 4.75, "build.test"),
        ("executive_summary.json", "headline/line_coverage/value", 83.0, "build.test"),
        ("executive_summary.json", "headline/version/value", "2.1.0", "merge.tag"),
        ("code_quality.json", "totals/error/value", 4 + 1, "build.style"),
        ("code_quality.json", "totals/warning/value", 6 + 2, "build.style"),
        ("code_quality.json", "totals/files_checked/value", 51 + 49 + 1, "build.style"),
        ("security_assessment.json", "totals/error/value", 1, "build.security"),
        ("security_assessment.json", "totals/findings_total/value", 1, "build.security"),
        ("architecture_analysis.json", "generated_code/endpoints/value", 45, "codegen.stats"),
        ("architecture_analysis.json", "generated_code/lines/value", 4127, "codegen.stats"),
        ("performance_baseline.json", "run/worst_health_latency_ms/value", 38.5, "deploy.staging_health"),
        ("performance_baseline.json", "run/worst_response_p95_ms/value", 40.5, "deploy.staging_smoke"),
        ("deployment_verification.json", "smoke_totals/failed/value", 1, "deploy.staging_smoke"),
        (
            "deployment_verification.json",
            "deployments/0/metrics/response_ms.p95/value",
            12.25,
            "deploy.staging_health",
        ),
        ("deployment_verification.json", "backups/0/metrics/new_bytes/value", 52_428, "backup.snapshot"),
        ("cost_analysis.json", "usage/stored_bytes/value", 52_428, "backup.snapshot"),
        ("cost_analysis.json", "usage/transferred_bytes/value", 3_000_000_000, "deploy.staging_release"),
        ("cost_analysis.json", "usage/task_seconds/value", 1.25 + 4.75 + 2.5, "backup.snapshot"),
    ],
)
def test_numbers_equal_the_metrics_fed_in_and_name_their_task(
    tmp_path: Path, results: dict[str, TaskMetrics], file: str, path: str, expected: Any, task: str
) -> None:
    _, folder = run_generate(tmp_path, results)
    doc = load(folder, file)
    wanted = pytest.approx(expected) if isinstance(expected, float) else expected
    assert dig(doc, path) == wanted
    sources = dig(doc, path.rsplit("/", 1)[0] + "/sources")
    assert task in {s["task"] for s in sources}
    assert {s["run_id"] for s in sources} <= {RUN_ID, OLD_RUN}


def test_carried_metrics_name_the_run_that_measured_them(
    tmp_path: Path, results: dict[str, TaskMetrics]
) -> None:
    _, folder = run_generate(tmp_path, results)
    quality = load(folder, "code_quality.json")
    mess = next(t for t in quality["tools"] if t["task"] == "build.mess")
    assert mess["carried"] is True and mess["run_id"] == OLD_RUN
    assert f"carried from run {OLD_RUN}" in mess["metrics"]["counts.warning"]["note"]
    summary = load(folder, "orchestration-summary.json")
    assert "build.mess" in load(folder, "executive_summary.json")["tasks_carried_from_earlier_runs"]
    assert next(t for t in summary["tasks"] if t["task"] == "build.mess")["carried"] is True


def test_tools_not_run_are_named_not_counted_as_clean(
    tmp_path: Path, results: dict[str, TaskMetrics]
) -> None:
    _, folder = run_generate(tmp_path, results)
    quality = load(folder, "code_quality.json")
    assert quality["tools_by_status"]["not run"] == ["build.phpstan"]
    assert "excludes tools not run: build.phpstan" in quality["totals"]["error"]["note"]


@pytest.mark.parametrize(
    ("file", "path"),
    [
        ("executive_summary.json", "headline/tests"),
        ("executive_summary.json", "headline/line_coverage"),
        ("executive_summary.json", "headline/version"),
        ("executive_summary.json", "headline/smoke_failed"),
        ("test_coverage.json", "totals/pass_rate"),
        ("code_quality.json", "totals/error"),
        ("security_assessment.json", "totals/findings_listed"),
        ("architecture_analysis.json", "generated_code/endpoints"),
        ("architecture_analysis.json", "application_scan/php_files"),
        ("performance_baseline.json", "run/worst_health_latency_ms"),
        ("deployment_verification.json", "smoke_totals/total"),
        ("cost_analysis.json", "usage/stored_bytes"),
        ("cost_analysis.json", "usage/transferred_bytes"),
    ],
)
def test_missing_inputs_are_not_measured_with_a_reason(tmp_path: Path, file: str, path: str) -> None:
    _, folder = run_generate(tmp_path, {})
    fact = dig(load(folder, file), path)
    assert fact["value"] is None
    assert fact["status"] == "not measured"
    assert fact["reason"]


def test_empty_run_has_status_not_measured(tmp_path: Path) -> None:
    result, folder = run_generate(tmp_path, {})
    assert result.metrics["status"] == "not measured"
    assert load(folder, "orchestration-summary.json")["tasks"] == []


def test_a_task_that_reports_null_is_not_measured(tmp_path: Path) -> None:
    tm = TaskMetrics(
        task="build.test",
        action="php.test",
        run_id=RUN_ID,
        metrics={
            "tests": 3,
            "passed": 3,
            "failed": 0,
            "errors": 0,
            "skipped": 0,
            "line_coverage": None,
            "lines_covered": None,
            "lines_valid": None,
        },
    )
    _, folder = run_generate(tmp_path, {"build.test": tm})
    cov = load(folder, "test_coverage.json")["totals"]["line_coverage"]
    assert cov["status"] == "not measured" and "null" in cov["reason"]


def test_run_duration_is_measured_so_far(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    _, folder = run_generate(tmp_path, results)
    elapsed = load(folder, "executive_summary.json")["headline"]["run_elapsed_so_far"]
    assert 0 <= elapsed["value"] < 60
    assert "so far, at report time" in elapsed["note"]
    assert elapsed["sources"][0]["kind"] == "report"


def test_cost_without_rates_reports_usage_only(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    _, folder = run_generate(tmp_path, results)
    cost = load(folder, "cost_analysis.json")
    assert cost["costs"] == "no rates configured"
    assert cost["usage"]["cpu_seconds"]["value"] > 0
    assert "currency" not in cost


def test_cost_with_rates_prices_measured_usage(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    rates = {"compute_per_hour": 3.6, "transfer_per_gb": 0.25, "currency": "EUR"}
    _, folder = run_generate(tmp_path, results, {"rates": rates})
    cost = load(folder, "cost_analysis.json")
    wall = cost["usage"]["wall_seconds"]["value"]
    assert cost["currency"] == "EUR"
    assert cost["costs"]["compute"]["value"] == pytest.approx(wall / 3600 * 3.6, abs=1e-6)
    assert cost["costs"]["transfer"]["value"] == pytest.approx(3.0 * 0.25)
    assert "with.rates.storage_per_gb" in cost["costs"]["storage"]["reason"]
    assert cost["costs"]["total"]["value"] == pytest.approx(wall / 3600 * 3.6 + 0.75, abs=1e-5)
    assert "excludes storage" in cost["costs"]["total"]["note"]
    kinds = {s["kind"] for s in cost["costs"]["transfer"]["sources"]}
    assert kinds == {"metric", "config"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"rates": {"compute_per_hr": 1}}, "unknown key(s) compute_per_hr"),
        ({"rates": {"compute_per_hour": -1}}, "must be a number >= 0"),
        ({"rates": {"compute_basis": "gpu", "compute_per_hour": 1}}, "compute_basis"),
        ({"reports": ["executive_summary", "nine_reports"]}, "unknown report(s) nine_reports"),
        ({"coverage_min": 120}, "between 0 and 100"),
        ({"app": "no/such/folder"}, "is not a folder"),
    ],
)
def test_bad_arguments_fail_with_what_to_fix(tmp_path: Path, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ActionError) as err:
        run_generate(tmp_path, {}, args)
    assert message in str(err.value)
    assert "reports.generate" in str(err.value)


def test_selected_reports_only(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    _, folder = run_generate(tmp_path, results, {"reports": ["risk_assessment"]})
    assert sorted(p.name for p in folder.iterdir()) == ["orchestration-summary.json", "risk_assessment.json"]


def test_application_scan_counts_php_files_and_lines(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "Controllers").mkdir(parents=True)
    (app / "Models").mkdir()
    (app / "vendor").mkdir()
    (app / "Controllers" / "Home.php").write_text("<?php\n\nclass Home {}\n")
    (app / "Models" / "User.php").write_text("<?php\nclass User {}\n")
    (app / "Models" / "notes.txt").write_text("ignored\n")
    (app / "vendor" / "Lib.php").write_text("<?php\n" * 100)
    _, folder = run_generate(tmp_path, {}, {"app": "app"})
    scan = load(folder, "architecture_analysis.json")["application_scan"]
    assert scan["php_files"]["value"] == 2
    assert scan["php_lines"]["value"] == 5
    assert scan["php_lines.Controllers"]["value"] == 3
    assert scan["php_files.Models"]["value"] == 1


def test_a_task_failed_in_this_run_makes_the_run_failed() -> None:
    from shulorch.actions.base import TaskMetrics
    from shulorch.actions.report.assemble import run_status
    from shulorch.actions.report.facts import Inputs

    results = {
        "deploy.smoke": TaskMetrics(task="deploy.smoke", action="deploy.smoke", run_id="r2", metrics={},
                                    status="failed"),
        "build.test": TaskMetrics(task="build.test", action="php.test", run_id="r1", metrics={"tests": 3}),
    }
    status, because = run_status(Inputs(run_id="r2", results=results), [])
    assert status == "failed"
    assert because == ["task deploy.smoke (deploy.smoke) failed in this run"]
    carried = {"deploy.smoke": TaskMetrics(task="deploy.smoke", action="deploy.smoke", run_id="r1",
                                           metrics={}, status="failed")}
    assert run_status(Inputs(run_id="r2", results=carried), [])[0] != "failed"
