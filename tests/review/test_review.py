"""Bugs found while reviewing shulorch as a first-time user (each test is a strict xfail until fixed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORCHESTRATION_", "ENABLE_"))}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def shulorch(cwd: Path, *args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shulorch", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write_pipeline(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pipeline.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_foreach_items_with_colliding_labels_all_run_or_are_rejected(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          a:
            tasks:
              x:
                foreach: ["a(1)", "a[1]"]
                run: "echo {{ item }} >> items.txt"
        """,
    )
    result = shulorch(tmp_path, "build")
    if result.returncode == 2:  # rejecting the pipeline with a clear error is acceptable too
        assert "pipeline.yaml:" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "items.txt").read_text().split()
    assert sorted(lines) == ["a(1)", "a[1]"]


def test_sigint_during_retry_backoff_stops_at_once_and_starts_no_new_attempt(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        settings: {retry_backoff: 30}
        phases:
          net:
            tasks:
              flaky:
                retries: 3
                run: "echo attempt >> attempts.txt; exit 1"
        """,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "shulorch", "build"],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 5
        while not (tmp_path / "attempts.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # now in the 30 s backoff before attempt 2
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("shulorch did not stop within 5 s of SIGINT (it waits out the retry backoff)")
        assert proc.returncode == 130
        assert (tmp_path / "attempts.txt").read_text().split() == ["attempt"]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_config_show_json_masks_secret_values_in_vars(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        vars:
          pw: ${MY_SECRET}
        phases:
          p:
            tasks:
              t: {run: "echo hi"}
        """,
    )
    result = shulorch(tmp_path, "config", "show", "--json", MY_SECRET="simple-secret-value")
    assert result.returncode == 0, result.stderr
    assert "simple-secret-value" not in result.stdout
    assert "simple-secret-value" not in result.stderr


def test_missing_config_overlay_is_a_clear_usage_error(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          p:
            tasks:
              t: {run: "echo hi > ran.txt"}
        """,
    )
    result = shulorch(tmp_path, "build", "--config", "missing.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "missing.yaml" in result.stderr
    assert not (tmp_path / "ran.txt").exists()


def test_overlay_with_unknown_phase_is_an_error(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          publish:
            enabled: false
            tasks:
              t: {run: "echo hi > ran.txt"}
        """,
    )
    (tmp_path / "ci.yaml").write_text("phases:\n  pubilsh:\n    enabled: true\n", encoding="utf-8")
    result = shulorch(tmp_path, "build", "--config", "ci.yaml")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "ci.yaml:2:3" in result.stderr
    assert not (tmp_path / "ran.txt").exists()


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_node_ids_are_unique(tmp_path: Path, fmt: str) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          a:
            tasks:
              x-y: {run: "echo 1"}
              x_y: {run: "echo 2"}
        """,
    )
    result = shulorch(tmp_path, "graph", "--format", fmt)
    assert result.returncode == 0, result.stderr
    node_lines = [line for line in result.stdout.splitlines() if "a.x-y" in line or "a.x_y" in line]
    ids = [line.strip().split("[", 1)[0].strip() for line in node_lines]
    assert len(ids) == 2
    assert len(set(ids)) == 2, ids


def test_graph_dot_escapes_quotes_in_titles(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          a:
            title: 'Say "hi"'
            tasks:
              t: {run: "echo 1"}
        """,
    )
    result = shulorch(tmp_path, "graph", "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert 'label="1. Say "hi""' not in result.stdout
    assert r"\"hi\"" in result.stdout


def test_new_module_that_conflicts_leaves_no_spec_behind(tmp_path: Path) -> None:
    routes = tmp_path / "app" / "app" / "Modules" / "Students" / "Config" / "Routes.php"
    routes.parent.mkdir(parents=True)
    routes.write_text("<?php // written by hand\n", encoding="utf-8")
    result = shulorch(
        tmp_path,
        "new",
        "module",
        "Students",
        "--app",
        "app",
        "--template",
        str(REPO / "generators" / "ci4-module"),
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert routes.read_text() == "<?php // written by hand\n"
    assert not (tmp_path / "app" / "specs" / "students.yaml").exists()


def test_secret_in_missing_file_dep_error_is_masked(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          p:
            tasks:
              t:
                file_dep: ["${API_TOKEN}.txt"]
                run: "echo hi"
        """,
    )
    secret = "tok-very-secret-42"
    result = shulorch(tmp_path, "build", "--json", API_TOKEN=secret)
    assert result.returncode == 1
    assert secret not in result.stdout
    assert secret not in result.stderr
    for record in (tmp_path / ".shulorch" / "runs").glob("*/run.json"):
        assert secret not in record.read_text()
    plan = shulorch(tmp_path, "plan", "--json", API_TOKEN=secret)
    assert secret not in plan.stdout


def test_runs_negative_count_is_a_usage_error(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          p:
            tasks:
              t: {run: "echo hi", uptodate: never}
        """,
    )
    assert shulorch(tmp_path, "build").returncode == 0
    result = shulorch(tmp_path, "runs", "-n", "-1")
    assert result.returncode == 2


def test_deploy_status_does_not_claim_serving_when_servers_are_stopped(tmp_path: Path) -> None:
    root = tmp_path / "deploy" / "production"
    (root / "releases" / "20260101000000-0000abcd").mkdir(parents=True)
    (root / "run").mkdir()
    (root / "shared").mkdir()
    (root / "current").symlink_to("releases/20260101000000-0000abcd")
    (root / "deploy.json").write_text(
        json.dumps(
            {
                "environment": "production",
                "public_port": 1,  # nothing listens there
                "active_release": "20260101000000-0000abcd",
                "active_slot": "blue",
                "previous_release": None,
                "releases": [
                    {
                        "id": "20260101000000-0000abcd",
                        "created": "2026-01-01T00:00:00+00:00",
                        "run_id": "20260101000000-0000abcd",
                        "source": str(tmp_path),
                        "files": 1,
                        "bytes": 1,
                        "status": "active",
                        "previous": None,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = shulorch(tmp_path, "deploy", "status", "deploy/production")
    assert result.returncode == 0, result.stderr
    out = result.stdout.lower()
    assert "stopped" in out or "not running" in out, result.stdout


def test_rollback_without_id_restores_newest_good_backup(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("hello\n", encoding="utf-8")
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          backup:
            tasks:
              snap:
                action: backup.snapshot
                with: {source: src, dest: backups}
                uptodate: never
        """,
    )
    assert shulorch(tmp_path, "build").returncode == 0
    time.sleep(1.1)  # backup ids have one-second resolution
    assert shulorch(tmp_path, "build").returncode == 0
    newest = sorted(p for p in (tmp_path / "backups").iterdir() if not p.name.startswith("."))[-1]
    sums = newest / "SHA256SUMS"
    sums.chmod(0o600)
    with sums.open("a", encoding="utf-8") as fh:
        fh.write("damage\n")
    assert "the newest good one by default" in shulorch(tmp_path, "--help").stdout
    result = shulorch(tmp_path, "rollback", "--backups-dir", "backups", "--target", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == "hello\n"


def test_docs_env_boolean_matches_behaviour(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        env: {FLAG: true}
        phases:
          p:
            tasks:
              t: {run: "echo $FLAG > flag.txt"}
        """,
    )
    assert shulorch(tmp_path, "build").returncode == 0
    seen = (tmp_path / "flag.txt").read_text().strip()
    docs = (REPO / "docs" / "pipeline.md").read_text(encoding="utf-8")
    documented = "True" if "`true` becomes `True`" in docs else "true"
    assert seen == documented


def test_docs_foreach_list_label_matches_behaviour(tmp_path: Path) -> None:
    write_pipeline(
        tmp_path,
        """
        version: 1
        phases:
          p:
            tasks:
              test: {foreach: ["1.2"], run: "echo {{ item }}"}
        """,
    )
    result = shulorch(tmp_path, "list")
    assert result.returncode == 0, result.stderr
    docs = (REPO / "docs" / "pipeline.md").read_text(encoding="utf-8")
    assert '`foreach: ["1.2"]` gives `test[1.2]`' in docs
    assert "p.test[1.2] " in result.stdout + " "
