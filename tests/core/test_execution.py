"""Task execution: timeouts kill the whole process group, retries with backoff, -j N in parallel, and
secret values masked everywhere."""

from __future__ import annotations

import json
import re

import pytest

from tests.core.support import Project, alive, tasks_of, wait_for


def test_timeout_kills_the_whole_process_group(project: Project) -> None:
    project.write(
        """
        version: 1
        phases:
          p:
            tasks:
              hang:
                run: "sleep 100 & echo $! > bg.pid; echo $$ > sh.pid; sleep 100"
                timeout: 1
                uptodate: never
        """
    )
    result, record = project.build()
    assert result.code == 1
    task = tasks_of(record)["p.hang"]
    assert task["status"] == "failed"
    assert "timed out after 1s" in task["error"]
    assert task["duration"] < 10
    background = int(project.read("bg.pid"))
    shell = int(project.read("sh.pid"))
    wait_for(
        lambda: not alive(background) and not alive(shell), timeout=5, what="the task's processes to die"
    )


def test_retries_rerun_with_backoff_and_log_each_attempt(project: Project) -> None:
    project.write(
        """
        version: 1
        settings: {retry_backoff: 0.1}
        phases:
          p:
            tasks:
              flaky:
                run: 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; test $n -ge 3'
                retries: 3
                uptodate: never
        """
    )
    result, record = project.build()
    assert result.code == 0, result.text
    assert project.read("count").strip() == "3"
    task = tasks_of(record)["p.flaky"]
    assert (task["status"], task["attempts"]) == ("success", 3)
    assert task["duration"] >= 0.1 + 0.2  # backoff doubles: 0.1 s, then 0.2 s
    log = (project.root / "writable/logs/orchestration" / f"orchestration-{record['run_id']}.log").read_text()
    attempts = re.findall(
        r"\[warning\] p\.flaky: attempt (\d)/4 in ([\d.]+)s after: .*exited with code 1", log
    )
    assert attempts == [("2", "0.1"), ("3", "0.2")]
    assert "after 3 attempts" in result.out


def test_retries_exhausted_fail_with_every_attempt_counted(project: Project) -> None:
    project.write(
        """
        version: 1
        settings: {retry_backoff: 0.01}
        phases:
          p:
            tasks:
              broken: {run: "echo x >> ran.log; exit 4", retries: 2, uptodate: never}
        """
    )
    result, record = project.build()
    assert result.code == 1
    assert project.ran() == ["x", "x", "x"]
    assert tasks_of(record)["p.broken"]["attempts"] == 3
    assert tasks_of(record)["p.broken"]["exit_code"] == 4


# Each task creates its marker, then waits for the other's: they can only both succeed together.
PARALLEL = """
    version: 1
    phases:
      p:
        tasks:
          left:
            run: >-
              touch left.mark; i=0;
              while [ ! -f right.mark ]; do i=$((i+1)); [ $i -gt {n} ] && exit 9; sleep 0.05; done
            uptodate: never
          right:
            run: >-
              touch right.mark; i=0;
              while [ ! -f left.mark ]; do i=$((i+1)); [ $i -gt {n} ] && exit 9; sleep 0.05; done
            uptodate: never
"""


def test_jobs_run_independent_tasks_in_parallel(project: Project) -> None:
    project.write(PARALLEL.replace("{n}", "200"))  # up to 10 s each
    result, record = project.build("-j", "2")
    assert result.code == 0, result.text
    assert {t["status"] for t in record["tasks"]} == {"success"}
    assert record["settings"]["jobs"] == 2
    left, right = tasks_of(record)["p.left"], tasks_of(record)["p.right"]
    assert left["start"] < right["end"] and right["start"] < left["end"]  # they overlapped


def test_one_job_runs_tasks_one_after_the_other(project: Project) -> None:
    # The control of the test above: with -j 1 the first task waits for a marker that never comes.
    project.write(PARALLEL.replace("{n}", "10"))  # gives up after 0.5 s
    result, record = project.build("-j", "1")
    assert result.code == 1
    assert tasks_of(record)["p.left"]["exit_code"] == 9


SECRET = "supersecretvalue"


@pytest.mark.parametrize("as_json", [False, True], ids=["console", "json"])
def test_secret_values_never_appear(project: Project, monkeypatch: pytest.MonkeyPatch, as_json: bool) -> None:
    monkeypatch.setenv("MY_API_TOKEN", SECRET)
    project.write(
        """
        version: 1
        phases:
          p:
            tasks:
              leak:
                run: "echo token=$MY_API_TOKEN; echo ${MY_API_TOKEN} >&2; echo {{ env.MY_API_TOKEN }}; exit 3"
                uptodate: never
        """
    )
    result, record = project.build(*(["--json"] if as_json else []))
    assert result.code == 1
    run_json = (project.root / ".shulorch/runs" / record["run_id"] / "run.json").read_text()
    log = (project.root / "writable/logs/orchestration" / f"orchestration-{record['run_id']}.log").read_text()
    for where, text in {"console": result.text, "run.json": run_json, "log": log}.items():
        assert SECRET not in text, where
    task = tasks_of(record)["p.leak"]
    assert "token=****" in task["output_tail"]  # the output is kept, masked
    assert task["exit_code"] == 3
    assert "token=****" in result.text


def test_secrets_from_the_pipeline_top_level_env_are_masked(project: Project) -> None:
    project.write(
        """
        version: 1
        env: {TOP_TOKEN: toptokenvalue}
        phases:
          p:
            tasks:
              t: {run: "echo $TOP_TOKEN; exit 1", uptodate: never}
        """
    )
    result, record = project.build()
    assert result.code == 1
    assert "toptokenvalue" not in result.text
    assert tasks_of(record)["p.t"]["output_tail"] == "****"


@pytest.mark.parametrize("level", ["phase", "task"])
def test_secrets_from_phase_and_task_env_are_masked(project: Project, level: str) -> None:
    phase_env = "    env: {DB_PASSWORD: hunter2222}\n" if level == "phase" else ""
    task_env = ", env: {DB_PASSWORD: hunter2222}" if level == "task" else ""
    project.pipeline.write_text(
        "version: 1\nphases:\n  p:\n" + phase_env + "    tasks:\n"
        f'      t: {{run: "echo $DB_PASSWORD; exit 1", uptodate: never{task_env}}}\n',
        encoding="utf-8",
    )
    result, record = project.build()
    assert result.code == 1
    run_json = json.dumps(record)
    log = (project.root / "writable/logs/orchestration" / f"orchestration-{record['run_id']}.log").read_text()
    for where, text in {"console": result.text, "run.json": run_json, "log": log}.items():
        assert "hunter2222" not in text, where
