"""report.dashboard: both pages, self-contained, every value escaped, sources shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shulorch.actions.base import TaskMetrics
from shulorch.actions.registry import load_action
from shulorch.actions.report import ACTIONS, dashboard, generate
from shulorch.errors import ActionError
from tests.helpers import make_context
from tests.report.conftest import RUN_ID

HOSTILE = "<script>alert('x')</script>"


def build(tmp_path: Path, results: dict[str, TaskMetrics]) -> Path:
    ctx = make_context(tmp_path, task="reports.generate", results=results)
    generate.run(ctx, {"coverage_min": 90})
    dashboard.run(ctx, {"title": "ShuleLabs"})
    return ctx.report_dir


def test_renders_dashboard_and_full_report(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    folder = build(tmp_path, results)
    index = (folder / "index.html").read_text()
    full = (folder / "orchestration-report.html").read_text()
    assert f"Run {RUN_ID}" in index
    assert 'class="status status-failed"' in index
    # A headline number and the task/run that measured it.
    assert '<span class="value">37</span>' in index
    assert f"build.test [php.test] `tests`, run {RUN_ID}" in index
    for name in ("executive_summary.json", "risk_assessment.json", "orchestration-report.html"):
        assert f'href="{name}"' in index
    for anchor in ("test_coverage", "cost_analysis", "risk_assessment"):
        assert f'id="{anchor}"' in full
    assert "no rates configured" in full


def test_pages_are_self_contained(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    folder = build(tmp_path, results)
    for page in ("index.html", "orchestration-report.html"):
        html = (folder / page).read_text()
        assert not re.search(r"<(script|link|img|iframe)\b", html, re.I)
        assert not re.search(r'(src|href)="(https?:)?//', html)


def test_hostile_strings_are_escaped(tmp_path: Path) -> None:
    evil = TaskMetrics(
        task=f"build.{HOSTILE}",
        action="php.style",
        run_id=RUN_ID,
        metrics={
            "tool": HOSTILE,
            "status": "failed",
            "counts": {"error": 1, "warning": 0, "info": 0},
            "findings": [{"tool": HOSTILE, "message": HOSTILE, "severity": "error"}],
        },
    )
    sec = TaskMetrics(
        task="build.sec",
        action="security.scan",
        run_id=RUN_ID,
        metrics={
            "tool": "audit",
            "status": "failed",
            "counts": {"error": 1},
            "findings": [{"rule": HOSTILE, "message": f'"><img src=x onerror={HOSTILE}>'}],
        },
    )
    folder = build(tmp_path, {evil.task: evil, sec.task: sec})
    for page in ("index.html", "orchestration-report.html"):
        html = (folder / page).read_text()
        assert "<script>" not in html
        assert "<img" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_missing_reports_are_an_error_that_says_what_to_run(tmp_path: Path) -> None:
    ctx = make_context(tmp_path, task="reports.dashboard")
    with pytest.raises(
        ActionError, match=r"orchestration-summary.json not found; run a report.generate task"
    ):
        dashboard.run(ctx, {})


def test_a_report_not_generated_is_shown_as_such(tmp_path: Path, results: dict[str, TaskMetrics]) -> None:
    ctx = make_context(tmp_path, task="reports.generate", results=results)
    generate.run(ctx, {"reports": ["executive_summary"]})
    result = dashboard.run(ctx, {})
    assert "cost_analysis" in result.metrics["reports_missing"]
    assert (
        'Cost Analysis: <span class="nm">not generated in this run</span>'
        in (ctx.report_dir / "index.html").read_text()
    )


def test_actions_are_registered() -> None:
    assert set(ACTIONS) == {"report.generate", "report.dashboard", "notify.email", "notify.webhook"}
    for name in ACTIONS:
        assert callable(load_action(name, ACTIONS))


def test_many_sources_of_one_kind_are_counted_together() -> None:
    from shulorch.actions.report.dashboard import sources_text

    one = {"kind": "metric", "action": "php.lint", "key": "counts.error", "run_id": "r1", "carried": False}
    sources = [{**one, "task": f"build.lint[f{i}.php]"} for i in range(129)]
    sources.append(
        {
            "kind": "metric",
            "action": "php.style",
            "key": "counts.error",
            "run_id": "r1",
            "task": "build.style",
            "carried": False,
        }
    )
    lines = sources_text(sources)
    assert lines[0] == "129 tasks [php.lint] `counts.error` (e.g. build.lint[f0.php]), run r1"
    assert lines[1] == "build.style [php.style] `counts.error`, run r1"
    assert len(sources_text(sources[:3])) == 3  # few sources: each named
