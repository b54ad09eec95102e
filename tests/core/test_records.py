"""Run records and read-only commands: run ids, the log file, run.json, ``runs``, ``list``,
``graph``, ``validate``, ``--help``, exit codes of usage errors, and one end-to-end subprocess run."""

from __future__ import annotations

import json
import re

import pytest

from tests.core.support import LOG_LINE_RE, RUN_ID_RE, Project, tasks_of

PIPELINE = """
    version: 1
    project: demo
    phases:
      prep:
        title: Prepare
        description: Get the inputs ready.
        tags: [setup]
        tasks:
          one: {run: "echo one >> ran.log; echo out > one.out", targets: [one.out]}
      checks:
        number: 5
        title: Checks
        tags: [quality, ci]
        needs: [prep]
        tasks:
          lint: {run: "echo lint >> ran.log; echo lint-output", uptodate: run_once}
          bad: {run: "echo bad >> ran.log; echo oops >&2; exit 7", uptodate: never}
"""

TASK_FIELDS = {"status", "reason", "start", "end", "duration", "exit_code", "attempts", "output_tail"}


def test_run_id_log_file_and_run_json(project: Project) -> None:
    project.write(PIPELINE)
    result, record = project.build("--keep-going")
    assert result.code == 1
    run_id = record["run_id"]
    assert re.match(RUN_ID_RE, run_id)
    assert f"run {run_id}: failed" in result.out

    log_path = project.root / "writable/logs/orchestration" / f"orchestration-{run_id}.log"
    lines = log_path.read_text(encoding="utf-8").splitlines()
    assert lines, "the log is empty"
    for line in lines:
        assert re.match(LOG_LINE_RE, line), line
    assert any("[error] checks.bad: failed" in line for line in lines)
    assert any("[info] checks.lint: $ echo lint" in line for line in lines)

    assert record["status"] == "failed"
    assert record["project"] == "demo"
    assert record["finished"] and record["duration"] >= 0
    tasks = tasks_of(record)
    assert set(tasks) == {"prep.one", "checks.lint", "checks.bad"}
    for task in tasks.values():
        assert set(task) >= TASK_FIELDS, TASK_FIELDS - set(task)
    bad = tasks["checks.bad"]
    assert (bad["status"], bad["exit_code"], bad["attempts"]) == ("failed", 7, 1)
    assert "oops" in bad["output_tail"]
    assert bad["start"] <= bad["end"]
    assert tasks["checks.lint"]["output_tail"] == "lint-output"
    assert tasks["prep.one"]["reason"] == "never run"


def test_log_dir_and_state_dir_are_configurable(project: Project) -> None:
    project.write(
        PIPELINE.replace("project: demo", "project: demo\n    settings: {log_dir: logs, state_dir: .state}")
    )
    result = project.cli("build", "-f", str(project.pipeline), "prep.one")
    assert result.code == 0, result.text
    (log,) = (project.root / "logs").iterdir()
    assert re.match(r"^orchestration-\d{14}-[0-9a-f]{8}\.log$", log.name)
    (run,) = (project.root / ".state" / "runs").iterdir()
    assert (run / "run.json").is_file()


def test_runs_lists_past_runs(project: Project) -> None:
    project.write(PIPELINE)
    _, first = project.build("prep.one")
    _, second = project.build("--keep-going")
    listed = json.loads(project.cli("runs", "-f", str(project.pipeline), "--json").out)
    assert {r["run_id"] for r in listed} == {first["run_id"], second["run_id"]}
    by_id = {r["run_id"]: r for r in listed}
    assert by_id[first["run_id"]]["counts"] == {"success": 1}
    assert by_id[second["run_id"]]["status"] == "failed"
    assert by_id[second["run_id"]]["counts"] == {"up-to-date": 1, "success": 1, "failed": 1}

    text = project.cli("runs", "-f", str(project.pipeline)).out
    assert first["run_id"] in text and second["run_id"] in text
    assert re.search(rf"^{second['run_id']}\s+failed", text, re.MULTILINE)


def test_runs_are_newest_first_within_one_second(project: Project) -> None:
    project.write(PIPELINE)
    runs = project.root / ".shulorch" / "runs"
    # Two runs started in the same second; the random part of the id sorts against their start.
    for run_id, started in (("20260101120000-ffffffff", ".100"), ("20260101120000-00000000", ".900")):
        (runs / run_id).mkdir(parents=True)
        (runs / run_id / "run.json").write_text(
            json.dumps(
                {
                    "run_id": run_id,
                    "status": "success",
                    "started": f"2026-01-01T12:00:00{started}",
                    "duration": 0.1,
                    "tasks": [],
                }
            )
        )
    listed = json.loads(project.cli("runs", "-f", str(project.pipeline), "--json").out)
    assert [r["run_id"] for r in listed] == ["20260101120000-00000000", "20260101120000-ffffffff"]


def test_run_json_records_the_command_line(project: Project) -> None:
    project.write(PIPELINE)
    _, record = project.build("prep.one")
    assert record["argv"] == ["build", "-f", str(project.pipeline), "prep.one"]


def test_list_shows_numbered_phases(project: Project) -> None:
    project.write(PIPELINE)
    text = project.cli("list", "-f", str(project.pipeline)).out
    lines = text.splitlines()
    assert lines[0].startswith("1. prep - Prepare") and "tags: setup" in lines[0]
    assert "Get the inputs ready." in text
    assert any(line.startswith("5. checks - Checks") and "quality, ci" in line for line in lines)
    assert "checks.lint" in text

    data = json.loads(project.cli("list", "-f", str(project.pipeline), "--json").out)
    assert data["project"] == "demo"
    assert [(p["number"], p["name"]) for p in data["phases"]] == [(1, "prep"), (5, "checks")]
    checks = data["phases"][1]
    assert checks["tags"] == ["quality", "ci"]
    assert checks["needs"] == ["prep"]
    assert [t["name"] for t in checks["tasks"]] == ["checks.lint", "checks.bad"]


def test_phase_number_from_the_file_selects(project: Project) -> None:
    project.write(PIPELINE)
    result, record = project.build("--phase", "5", "--keep-going")
    assert record["selected"] == ["checks.lint", "checks.bad"]
    assert result.code == 1  # checks.bad fails
    result, record = project.build("-s", "prep")
    assert result.code == 0
    assert record["selected"] == ["prep.one"]


@pytest.mark.parametrize(
    ("fmt", "first", "edge"),
    [
        ("mermaid", "flowchart LR", 't0["prep.one"]'),
        ("dot", "digraph shulorch {", 't0 [label="prep.one"];'),
    ],
)
def test_graph_formats(project: Project, fmt: str, first: str, edge: str) -> None:
    project.write(PIPELINE)
    result = project.cli("graph", "-f", str(project.pipeline), "--format", fmt)
    assert result.code == 0
    assert result.out.splitlines()[0] == first
    assert edge in result.out


def test_validate_counts(project: Project) -> None:
    project.write(PIPELINE)
    result = project.cli("validate", "-f", str(project.pipeline))
    assert (result.code, result.out.strip()) == (0, "pipeline.yaml: valid (2 phases, 3 tasks)")
    assert project.ran() == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "--help"], ["plan", "--help"], ["list", "--help"], ["config", "show", "--help"]],
)
def test_help(project: Project, args: list[str]) -> None:
    result = project.cli(*args)
    assert result.code == 0
    assert result.out.startswith("Usage: ")


def test_top_level_help_lists_the_commands(project: Project) -> None:
    out = project.cli("--help").out
    for command in ("build", "plan", "list", "graph", "validate", "schema", "config", "runs"):
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE), command


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["build", "--bogus"], "No such option"),
        (["build", "--phase", "9"], "unknown phase '9'; phases: 1=prep, 5=checks"),
        (["build", "-t", "nightly"], "no phase has the tag 'nightly'"),
        (["build", "-k", "lint and"], "expected a word"),
        (["build", "nosuch.task"], "unknown task 'nosuch.task'"),
        (["build", "-j", "0"], "0 is not in the range"),
    ],
)
def test_usage_errors_exit_2_and_run_nothing(project: Project, args: list[str], fragment: str) -> None:
    project.write(PIPELINE)
    result = project.cli(*args[:1], "-f", str(project.pipeline), *args[1:])
    assert result.code == 2
    assert fragment in result.err
    assert project.ran() == []
    assert project.run_ids() == set()


def test_end_to_end_subprocess(project: Project) -> None:
    project.write(PIPELINE)
    result = project.run("build", "--keep-going", "--json")
    assert result.code == 1, result.text
    record = json.loads(result.out)  # --json prints run.json on stdout, progress goes to stderr
    assert re.match(RUN_ID_RE, record["run_id"])
    assert {t["name"]: t["status"] for t in record["tasks"]} == {
        "prep.one": "success",
        "checks.lint": "success",
        "checks.bad": "failed",
    }
    again = project.run("plan", "--json")
    assert again.code == 0
    decisions = {d["task"]: (d["run"], d["reason"]) for d in json.loads(again.out)["tasks"]}
    assert decisions["prep.one"] == (False, "up to date")
    assert decisions["checks.bad"][0] is True
    version = project.run("--version")
    assert version.code == 0 and "version" in version.out
