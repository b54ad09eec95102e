"""Real ``python -m shulorch build`` processes stopped half-way: kill -9 (crash safety), the project
lock, and SIGTERM (clean interrupt, exit 130)."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

from tests.core.support import Project, alive, kill_group_from, statuses, tasks_of, wait_for

# `work` writes a partial target first; while slow.flag exists it then sleeps (with a grandchild
# whose pid it records) before finishing the target.
SLOW = """
    version: 1
    phases:
      p:
        tasks:
          work:
            run: >-
              echo work >> ran.log; echo partial > out.txt;
              if [ -f slow.flag ]; then echo $$ > task.pid; sleep 30 & echo $! > child.pid; wait; fi;
              cat in.txt > out.txt
            file_dep: [in.txt]
            targets: [out.txt]
"""


@pytest.fixture
def slow(project: Project) -> Project:
    project.write(SLOW)
    project.file("in.txt", "v1\n")
    result = project.run("build")
    assert result.code == 0, result.text
    assert project.ran() == ["work"]
    project.file("slow.flag", "")
    return project


def _latest(project: Project) -> dict[str, Any]:
    """The newest run by its start time (run ids of one second do not sort by time)."""
    return project.record(max(project.run_ids(), key=lambda r: str(project.record(r)["started"])))


def test_kill_9_half_way_is_not_up_to_date_next_time(slow: Project) -> None:
    slow.file("in.txt", "v2\n")
    proc = slow.spawn("build")
    wait_for(lambda: (slow.root / "child.pid").exists(), what="the task to start sleeping")
    slow.signal(proc, signal.SIGKILL)
    kill_group_from(slow.root / "task.pid")  # the orphaned task (its own session) would sleep on
    assert slow.read("out.txt") == "partial\n"

    # Back to the content of the last success: file_dep and target exist and look unchanged.
    slow.file("in.txt", "v1\n")
    (slow.root / "slow.flag").unlink()
    plan = json.loads(slow.cli("plan", "-f", str(slow.pipeline), "--json").out)
    assert plan["tasks"][0]["run"] is True, plan
    slow.ran()
    result = slow.run("build")
    assert result.code == 0, result.text
    assert slow.ran() == ["work"]
    assert slow.read("out.txt") == "v1\n"


def test_second_build_is_refused_then_takes_over_a_dead_lock(slow: Project) -> None:
    slow.file("in.txt", "v2\n")
    proc = slow.spawn("build")
    wait_for(lambda: (slow.root / "child.pid").exists(), what="the task to start sleeping")

    second = slow.run("build", timeout=10)
    assert second.code == 2
    assert f"pid {proc.pid}" in second.err
    assert "another shulorch run holds" in second.err
    assert "since" in second.err

    slow.signal(proc, signal.SIGKILL)
    kill_group_from(slow.root / "task.pid")
    (slow.root / "slow.flag").unlink()
    third = slow.run("build")
    assert third.code == 0, third.text
    record = _latest(slow)
    log = (slow.root / "writable/logs/orchestration" / f"orchestration-{record['run_id']}.log").read_text()
    assert f"took over the lock left by pid {proc.pid}" in log


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_interrupts_cleanly(slow: Project, sig: signal.Signals) -> None:
    slow.file("in.txt", "v2\n")
    proc = slow.spawn("build")
    wait_for(lambda: (slow.root / "child.pid").exists(), what="the task to start sleeping")
    child = int(slow.read("child.pid"))
    assert alive(child)

    stopped = slow.signal(proc, sig)
    assert stopped.code == 130, stopped.text
    assert "interrupted" in stopped.text
    wait_for(lambda: not alive(child), timeout=5, what="the sleeping child to be gone")
    record = _latest(slow)
    assert record["status"] == "interrupted"
    assert statuses(record)["p.work"] == "interrupted"

    # The lock is released and the interrupted task runs again.
    (slow.root / "slow.flag").unlink()
    slow.ran()
    result = slow.run("build")
    assert result.code == 0, result.text
    assert slow.ran() == ["work"]
    assert tasks_of(_latest(slow))["p.work"]["status"] == "success"


def test_next_build_kills_the_children_a_killed_run_left(tmp_path: Path) -> None:
    """kill -9 of shulorch leaves its task's process group running (own session); the next build
    kills it before running the task again, so two writers never share a target."""
    import os
    import subprocess
    import sys
    import time

    (tmp_path / "pipeline.yaml").write_text(
        "version: 1\nphases:\n  a:\n    tasks:\n      slow:\n"
        "        run: 'echo $$ > child.pid; echo partial > out.txt; sleep 30; echo late >> out.txt'\n"
        "        targets: [out.txt]\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCHESTRATION_", "ENABLE_"))}
    first = subprocess.Popen(
        [sys.executable, "-m", "shulorch", "build"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not (tmp_path / "child.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    child = int((tmp_path / "child.pid").read_text())
    first.kill()
    first.wait()
    os.kill(child, 0)  # the orphan still runs
    (tmp_path / "pipeline.yaml").write_text(
        (tmp_path / "pipeline.yaml").read_text().replace("sleep 30", "sleep 0")
    )
    done = subprocess.run(
        [sys.executable, "-m", "shulorch", "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(0.2)
    try:
        os.kill(child, 0)
        alive = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except ProcessLookupError:
        alive = False
    assert not alive
    assert (tmp_path / "out.txt").read_text() == "partial\nlate\n"
