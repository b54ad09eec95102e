"""Incremental behaviour with real files and real ``shulorch build`` runs (in-process): what reruns
after which change, failures, --keep-going, and ``plan`` with its reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.support import Project, statuses, tasks_of

# one -> two -> three is a chain over real files; side is independent of it.
CHAIN = """
    version: 1
    phases:
      prep:
        tasks:
          one:
            run: "echo one >> ran.log; cat a.txt > one.out"
            file_dep: [a.txt]
            targets: [one.out]
          two:
            run: "echo two >> ran.log; cat one.out > two.out"
            file_dep: [one.out]
            targets: [two.out]
            deps: [one]
          side:
            run: "echo side-$MODE >> ran.log; cat b.txt > side.out"
            file_dep: [b.txt]
            targets: [side.out]
            env: {MODE: plain}
      final:
        tasks:
          three:
            run: "echo three >> ran.log; cat two.out > three.out"
            file_dep: [two.out]
            targets: [three.out]
            deps: [prep.two]
"""


@pytest.fixture
def chain(project: Project) -> Project:
    project.write(CHAIN)
    project.file("a.txt", "a1\n")
    project.file("b.txt", "b1\n")
    result, record = project.build()
    assert result.code == 0, result.text
    assert project.ran() == ["one", "two", "side-plain", "three"]
    assert set(statuses(record).values()) == {"success"}
    return project


def test_nothing_changed_runs_nothing(chain: Project) -> None:
    result, record = chain.build()
    assert result.code == 0
    assert chain.ran() == []
    assert statuses(record) == dict.fromkeys(
        ["prep.one", "prep.two", "prep.side", "final.three"], "up-to-date"
    )


def test_modified_file_dep_reruns_the_task_and_its_dependents_only(chain: Project) -> None:
    chain.file("a.txt", "a2\n")
    result, record = chain.build()
    assert result.code == 0
    assert chain.ran() == ["one", "two", "three"]
    assert statuses(record)["prep.side"] == "up-to-date"
    assert chain.read("three.out") == "a2\n"
    reasons = {name: t["reason"] for name, t in tasks_of(record).items()}
    assert reasons["prep.one"] == "file changed: a.txt"
    assert "dependency ran: prep.one" in reasons["prep.two"]

    chain.file("b.txt", "b2\n")
    chain.build()
    assert chain.ran() == ["side-plain"]


def test_touched_file_with_same_content_is_still_up_to_date(chain: Project) -> None:
    chain.file("a.txt", "a1\n")  # rewritten: new mtime, same bytes (doit's MD5 checker)
    chain.build()
    assert chain.ran() == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            'run: "echo side-$MODE >> ran.log; cat b.txt > side.out"',
            'run: "echo side-$MODE >> ran.log; cat b.txt b.txt > side.out"',
        ),
        ("env: {MODE: plain}", "env: {MODE: fancy}"),
    ],
    ids=["command", "env"],
)
def test_edited_definition_reruns_that_task(chain: Project, old: str, new: str) -> None:
    text = chain.read("pipeline.yaml")
    assert old in text
    chain.pipeline.write_text(text.replace(old, new), encoding="utf-8")
    result = chain.cli("plan", "-f", str(chain.pipeline), "--json")
    plan = {d["task"]: d for d in json.loads(result.out)["tasks"]}
    assert plan["prep.side"]["run"] is True
    assert plan["prep.side"]["reason"] == "definition changed"
    assert [name for name, d in plan.items() if d["run"]] == ["prep.side"]
    chain.build()
    assert chain.ran() in (["side-plain"], ["side-fancy"])
    chain.build()
    assert chain.ran() == []


def test_edited_with_arguments_rerun_an_action_task(project: Project, fake_actions: str) -> None:
    text = f"""
        version: 1
        phases:
          p:
            tasks:
              note:
                action: {fake_actions}
                with: {{path: note.txt, text: first}}
                targets: [note.txt]
              other:
                action: {fake_actions}
                with: {{path: other.txt, text: same}}
                targets: [other.txt]
    """
    project.write(text)
    result, record = project.build()
    assert result.code == 0, result.text
    assert project.ran() == ["p.note", "p.other"]
    assert tasks_of(record)["p.note"]["metrics"] == {"chars": 5}
    project.build()
    assert project.ran() == []
    project.write(text.replace("text: first", "text: second"))
    result, record = project.build()
    assert project.ran() == ["p.note"]
    assert tasks_of(record)["p.note"]["reason"] == "definition changed"
    assert tasks_of(record)["p.note"]["metrics"] == {"chars": 6}
    # the up-to-date task keeps the metrics it measured last time, with that run's id
    assert tasks_of(record)["p.other"]["metrics"] == {"chars": 4}
    assert tasks_of(record)["p.other"]["metrics_run_id"]


def test_deleted_target_reruns_its_task(chain: Project) -> None:
    (chain.root / "three.out").unlink()
    result, record = chain.build()
    assert result.code == 0
    assert chain.ran() == ["three"]
    assert tasks_of(record)["final.three"]["reason"] == "target missing: three.out"
    assert (chain.root / "three.out").exists()


FAILING = """
    version: 1
    phases:
      p:
        tasks:
          bad:
            run: "echo bad >> ran.log; echo partial > bad.out; test ! -f fail.flag"
            file_dep: [in.txt]
            targets: [bad.out]
          after:
            run: "echo after >> ran.log; cat bad.out > after.out"
            file_dep: [bad.out]
            targets: [after.out]
            deps: [bad]
          alone:
            run: "echo alone >> ran.log; cat in.txt > alone.out"
            file_dep: [in.txt]
            targets: [alone.out]
"""


def test_failed_task_is_never_up_to_date_and_its_dependents_do_not_run(project: Project) -> None:
    project.write(FAILING)
    project.file("in.txt", "v1\n")
    result, _ = project.build()
    assert result.code == 0, result.text
    project.ran()

    project.file("in.txt", "v2\n")
    project.file("fail.flag", "")
    result, record = project.build()
    assert result.code == 1
    assert project.ran() == ["bad"]  # the run stops: neither the dependent nor the rest
    assert tasks_of(record)["p.bad"]["status"] == "failed"
    assert tasks_of(record)["p.bad"]["exit_code"] == 1
    assert record["status"] == "failed"

    # The input goes back to the content recorded by the last success and the flag goes away:
    # file_dep and target look unchanged, yet the failed task must run again.
    project.file("in.txt", "v1\n")
    (project.root / "fail.flag").unlink()
    plan = json.loads(project.cli("plan", "-f", str(project.pipeline), "--json").out)
    assert {d["task"]: d["run"] for d in plan["tasks"]}["p.bad"] is True
    result, record = project.build()
    assert result.code == 0
    assert "bad" in project.ran()
    assert tasks_of(record)["p.bad"]["status"] == "success"


def test_keep_going_runs_independent_branches(project: Project) -> None:
    project.write(FAILING)
    project.file("in.txt", "v1\n")
    project.file("fail.flag", "")
    result, record = project.build("--keep-going")
    assert result.code == 1
    assert sorted(project.ran()) == ["alone", "bad"]
    assert statuses(record) == {"p.bad": "failed", "p.after": "skipped", "p.alone": "success"}
    assert "prerequisite failed" in tasks_of(record)["p.after"]["reason"]


def test_action_error_fails_the_task_with_its_message(project: Project, fake_actions: str) -> None:
    project.write(
        f"""
        version: 1
        phases:
          p:
            tasks:
              boom: {{action: {fake_actions}, with: {{fail: true}}, uptodate: never}}
        """
    )
    result, record = project.build()
    assert result.code == 1
    task = tasks_of(record)["p.boom"]
    assert task["status"] == "failed"
    assert "asked to fail" in task["error"]
    assert "asked to fail" in result.text


def _plan(project: Project, *args: str) -> dict[str, tuple[bool, str]]:
    result = project.cli("plan", "-f", str(project.pipeline), "--json", *args)
    assert result.code == 0, result.text
    return {d["task"]: (d["run"], d["reason"]) for d in json.loads(result.out)["tasks"]}


def test_plan_reasons(project: Project) -> None:
    project.write(CHAIN)
    project.file("a.txt", "a1\n")
    project.file("b.txt", "b1\n")
    assert _plan(project) == {
        "prep.one": (True, "never run"),
        "prep.two": (True, "never run"),
        "prep.side": (True, "never run"),
        "final.three": (True, "never run"),
    }
    assert project.run_ids() == set()  # planning records nothing
    assert project.ran() == []
    project.build()
    assert set(_plan(project).values()) == {(False, "up to date")}

    project.file("a.txt", "a2\n")
    (project.root / "side.out").unlink()
    assert _plan(project) == {
        "prep.one": (True, "file changed: a.txt"),
        "prep.two": (True, "dependency ran: prep.one"),
        "prep.side": (True, "target missing: side.out"),
        "final.three": (True, "dependency ran: prep.two"),
    }
    assert set(_plan(project, "--force").values()) == {(True, "forced")}
    project.write(CHAIN.replace("cat two.out > three.out", "cp two.out three.out"))
    assert _plan(project, "--phase", "final") == {"final.three": (True, "definition changed")}


def test_plan_text_and_build_dry_run(project: Project) -> None:
    project.write(CHAIN)
    project.file("a.txt", "a1\n")
    project.file("b.txt", "b1\n")
    project.build()
    assert len(project.ran()) == 4
    project.file("b.txt", "b2\n")
    for args in (("plan",), ("build", "--dry-run")):
        result = project.cli(*args, "-f", str(project.pipeline))
        assert result.code == 0
        lines = result.out.splitlines()
        assert any(
            line.split()[:2] == ["run", "prep.side"] and "file changed: b.txt" in line for line in lines
        )
        assert any(line.split()[:2] == ["skip", "prep.one"] and "up to date" in line for line in lines)
        assert "1 of 4 task(s) would run." in result.out
    assert project.ran() == []


def test_explicit_task_runs_with_its_prerequisites(chain: Project) -> None:
    for name in ("a.txt", "b.txt"):
        chain.file(name, "changed\n")
    result, record = chain.build("prep.two")
    assert result.code == 0
    assert chain.ran() == ["one", "two"]  # side and three are not asked for
    assert record["selected"] == ["prep.one", "prep.two"]


def test_when_false_and_foreach(project: Project) -> None:
    project.file("specs/a.yaml", "")
    project.file("specs/b.yaml", "")
    project.write(
        """
        version: 1
        vars: {flag: false}
        phases:
          p:
            tasks:
              each:
                run: "echo {{ item }} >> ran.log"
                foreach: "specs/*.yaml"
                uptodate: run_once
              listed:
                run: "echo item-{{ item }} >> ran.log"
                foreach: [x, y]
                uptodate: run_once
              maybe:
                run: "echo maybe >> ran.log"
                when: "{{ vars.flag }}"
        """
    )
    result, record = project.build()
    assert result.code == 0, result.text
    assert project.ran() == ["specs/a.yaml", "specs/b.yaml", "item-x", "item-y"]
    assert statuses(record)["p.maybe"] == "skipped"
    assert set(statuses(record)) == {"p.each[a]", "p.each[b]", "p.listed[x]", "p.listed[y]", "p.maybe"}
    project.build()
    assert project.ran() == []  # run_once


def test_uptodate_command_cwd_and_env_layers(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FROM_SHELL", "shell")
    project.file("sub/keep.txt", "")
    project.write(
        """
        version: 1
        env: {LEVEL: top, TOP_ONLY: t}
        phases:
          p:
            env: {LEVEL: phase}
            tasks:
              gated:
                run: "echo gated >> ../ran.log; touch done.flag"
                uptodate: "test -f done.flag"
                cwd: sub
              show:
                run: "echo $LEVEL-$TOP_ONLY-$FROM_SHELL-$SHULORCH_TASK >> ran.log"
                env: {LEVEL: task}
                uptodate: run_once
        """
    )
    assert _plan(project)["p.gated"] == (True, "never run")
    result, _ = project.build()
    assert result.code == 0, result.text
    assert project.ran() == ["gated", "task-t-shell-p.show"]
    assert (project.root / "sub" / "done.flag").exists()  # ran in its cwd
    assert _plan(project)["p.gated"] == (False, "up to date")
    (project.root / "sub" / "done.flag").unlink()
    assert _plan(project)["p.gated"] == (True, "uptodate command failed: test -f done.flag")


def test_dependents_catch_up_after_a_narrower_run(project: Project) -> None:
    project.write(
        """
        version: 1
        phases:
          p:
            tasks:
              one:
                run: "echo one >> ran.log; cat a.txt > one.out"
                file_dep: [a.txt]
                targets: [one.out]
              two:
                run: "echo two >> ran.log; touch two.out"
                targets: [two.out]
                deps: [one]
        """
    )
    project.file("a.txt", "1\n")
    project.build()
    assert project.ran() == ["one", "two"]
    project.file("a.txt", "2\n")
    project.build("p.one")  # only the task itself (and its prerequisites) is asked for
    assert project.ran() == ["one"]
    assert _plan(project)["p.two"][0] is True
    project.build()
    assert project.ran() == ["two"]


def test_selecting_only_a_finally_phase_runs_it(tmp_path: Path) -> None:
    """--phase on a `finally` phase alone: its tasks run (regression: an empty main stage)."""
    import json as _json
    import os
    import subprocess
    import sys

    (tmp_path / "pipeline.yaml").write_text(
        "version: 1\nphases:\n  build:\n    tasks:\n      a: {run: 'echo a > a.txt'}\n"
        "  report:\n    finally: true\n    tasks:\n      r: {run: 'echo r > r.txt'}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCHESTRATION_", "ENABLE_"))}
    done = subprocess.run(
        [sys.executable, "-m", "shulorch", "build", "--phase", "report"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "r.txt").read_text() == "r\n" and not (tmp_path / "a.txt").exists()
    run = next((tmp_path / ".shulorch" / "runs").iterdir()) / "run.json"
    tasks = {t["name"]: t["status"] for t in _json.loads(run.read_text())["tasks"]}
    assert tasks == {"report.r": "success"}


def test_task_skipped_for_a_failed_prerequisite_keeps_its_record(tmp_path: Path) -> None:
    """--keep-going: doit drops the record of a task it skips; the engine puts it back."""
    import os
    import subprocess
    import sys

    (tmp_path / "pipeline.yaml").write_text(
        "version: 1\nphases:\n  p:\n    tasks:\n"
        "      a: {run: 'test -f ok && echo a > a.txt', targets: [a.txt]}\n"
        "      b: {run: 'cat a.txt > b.txt', file_dep: [a.txt], targets: [b.txt], deps: [a]}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCHESTRATION_", "ENABLE_"))}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "shulorch", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    (tmp_path / "ok").write_text("")
    assert cli("build").returncode == 0
    (tmp_path / "ok").unlink()
    (tmp_path / "a.txt").unlink()
    assert cli("build", "--keep-going").returncode == 1
    plan = cli("plan").stdout
    assert "p.b" in plan and "never run" not in plan.split("p.b", 1)[1].splitlines()[0]
