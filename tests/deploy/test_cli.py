"""The `shulorch deploy` click group (status, stop) on a real deployed environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shulorch.actions.deploy import release, switch
from shulorch.actions.deploy.cli import deploy
from tests.helpers import make_context


def test_status_without_a_deploy_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(deploy, ["status", str(tmp_path)])
    assert result.exit_code != 0 and "no deploy.json here" in str(result.exception)


@pytest.mark.php
def test_status_and_stop(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    ctx = make_context(tmp_path, run_id="c1")
    release.run(ctx, {"source": "app", "root": "deploy/production"})
    switch.run(ctx, {"root": "deploy/production", "require_database": False})
    runner = CliRunner()
    shown = runner.invoke(deploy, ["status", str(env_root), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["active_release"] == "c1"
    assert {s["name"]: s["alive"] for s in data["servers"]} == {"blue": True, "router": True}
    text = runner.invoke(deploy, ["status", str(env_root)])
    assert "c1 serves http://127.0.0.1:" in text.output
    stopped = runner.invoke(deploy, ["stop", str(env_root)])
    assert stopped.exit_code == 0 and stopped.output.strip() == "stopped: blue, router"
    after = json.loads(runner.invoke(deploy, ["status", str(env_root), "--json"]).output)
    assert after["servers"] == []
