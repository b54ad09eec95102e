"""Real deploys on 127.0.0.1: php -S slots behind the front router, switched, refused, rolled back."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.base import ActionResult
from shulorch.actions.deploy import checks, control, migrate, release, switch
from shulorch.actions.deploy.layout import EnvLayout, ReleaseStatus, load_state
from shulorch.actions.deploy.servers import read_server, recorded_servers, server_alive
from shulorch.errors import ActionError
from tests.helpers import make_context

pytestmark = pytest.mark.php

ROOT = "deploy/production"


def get(url: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as resp:
        return resp.status, json.loads(resp.read()), dict(resp.headers.items())


def deploy(tmp_path: Path, source: str, rid: str, **switch_args: Any) -> ActionResult:
    ctx = make_context(tmp_path, run_id=rid, task="production.switch")
    release.run(ctx, {"source": source, "root": ROOT})
    migrate.run(ctx, {"root": ROOT})
    return switch.run(ctx, {"root": ROOT, "health_timeout": 3, **switch_args})


def public_url(env_root: Path) -> str:
    port = load_state(EnvLayout(root=env_root.resolve())).public_port
    return f"http://127.0.0.1:{port}"


def test_second_deploy_answers_on_the_public_port(
    tmp_path: Path, app: Path, env_root: Path, php: str
) -> None:
    first = deploy(tmp_path, "app", "r1", checks=["/", {"path": "/api/students", "json": {"count": 1}}])
    url = first.metrics["url"]
    assert get(url + "/health")[1] == {"status": "ok", "release": "r1", "database": True}
    second = deploy(tmp_path, "app", "r2")
    status, body, headers = get(url + "/health")
    assert (status, body["release"], headers["X-Shulorch-Release"]) == (200, "r2", "r2")
    assert second.metrics["url"] == url, "the public port stays the same across deploys"
    assert (second.metrics["switched_from"], second.metrics["switched_to"]) == ("r1", "r2")
    assert {first.metrics["slot"], second.metrics["slot"]} == {"blue", "green"}
    assert first.metrics["smoke"]["passed"] == 2
    assert second.metrics["health"]["release"] == "r2" and second.metrics["health"]["latency_ms"] > 0
    assert os.readlink(env_root / "current") == os.path.join("releases", "r2")
    state = load_state(EnvLayout(root=env_root.resolve()))
    assert (state.active_release, state.previous_release) == ("r2", "r1")
    assert [r.status for r in state.releases] == [ReleaseStatus.RETIRED, ReleaseStatus.ACTIVE]
    # Blue-green keeps the old slot running: rollback needs no restart.
    old = read_server(EnvLayout(root=env_root.resolve()), first.metrics["slot"])
    assert old is not None and server_alive(old) and old.release == "r1"


def test_broken_release_never_goes_live(
    tmp_path: Path, app: Path, broken_app: Path, env_root: Path, php: str
) -> None:
    deploy(tmp_path, "app", "good")
    url = public_url(env_root)
    ctx = make_context(tmp_path, run_id="bad", task="production.switch")
    release.run(ctx, {"source": "broken-app", "root": ROOT})
    with pytest.raises(ActionError, match=r"release bad was not switched in .*good still serves") as err:
        switch.run(ctx, {"root": ROOT, "health_timeout": 1})
    assert "HTTP 500" in str(err.value)
    assert get(url + "/health")[1]["release"] == "good"
    state = load_state(EnvLayout(root=env_root.resolve()))
    assert state.active_release == "good"
    assert state.record("bad") is not None and state.record("bad").status == ReleaseStatus.FAILED  # type: ignore[union-attr]
    assert os.readlink(env_root / "current") == os.path.join("releases", "good")
    assert any("refused" in m for level, m in ctx.log.lines if level == "error")  # type: ignore[attr-defined]


def test_failing_smoke_check_prevents_the_switch(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    deploy(tmp_path, "app", "r1")
    with pytest.raises(ActionError, match=r"smoke 1/2 failed: GET /missing: HTTP 404, expected 200"):
        deploy(tmp_path, "app", "r2", checks=["/", "/missing"])
    assert get(public_url(env_root) + "/health")[1]["release"] == "r1"


def test_rollback_switches_back_and_again(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    deploy(tmp_path, "app", "r1")
    deploy(tmp_path, "app", "r2")
    url = public_url(env_root)
    ctx = make_context(tmp_path, task="production.rollback")
    result = switch.rollback(ctx, {"root": ROOT})
    assert (result.metrics["switched_from"], result.metrics["switched_to"]) == ("r2", "r1")
    assert result.metrics["reused_slot"] is True
    assert get(url + "/health")[1]["release"] == "r1"
    # The previous release is now r2: rolling back again returns to it.
    again = switch.rollback(ctx, {"root": ROOT})
    assert again.metrics["switched_to"] == "r2"
    assert get(url + "/health")[1]["release"] == "r2"
    with pytest.raises(ActionError, match=r"release nope is not in .*\(pruned or never deployed\)"):
        switch.rollback(ctx, {"root": ROOT, "to": "nope"})


def test_rollback_restarts_a_stopped_slot(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    deploy(tmp_path, "app", "r1")
    second = deploy(tmp_path, "app", "r2")
    layout = EnvLayout(root=env_root.resolve())
    control.stop_environment(layout, ("blue" if second.metrics["slot"] == "green" else "green",))
    result = switch.rollback(make_context(tmp_path), {"root": ROOT, "to": "r1"})
    assert result.metrics["reused_slot"] is False
    assert get(public_url(env_root) + "/health")[1]["release"] == "r1"


def test_keep_releases_prunes_old_ones(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    for rid in ("r1", "r2", "r3", "r4"):
        result = deploy(tmp_path, "app", rid, keep_releases=2)
    assert result.metrics["pruned"] == ["r2"]
    assert sorted(p.name for p in (env_root / "releases").iterdir()) == ["r3", "r4"]
    state = load_state(EnvLayout(root=env_root.resolve()))
    assert [r.status for r in state.releases] == [
        ReleaseStatus.PRUNED,
        ReleaseStatus.PRUNED,
        ReleaseStatus.RETIRED,
        ReleaseStatus.ACTIVE,
    ]
    assert get(public_url(env_root) + "/health")[1]["release"] == "r4"


def test_health_smoke_and_monitor_on_the_environment(
    tmp_path: Path, app: Path, env_root: Path, php: str
) -> None:
    deploy(tmp_path, "app", "r1")
    ctx = make_context(tmp_path)
    health = checks.health(ctx, {"root": ROOT})
    assert health.metrics["health"]["release"] == "r1" and health.metrics["health"]["database"] is True
    smoke = checks.smoke(
        ctx, {"root": ROOT, "checks": ["/", {"path": "/api/students", "json": {"count": 1}}]}
    )
    assert smoke.metrics["smoke"]["total"] == smoke.metrics["smoke"]["passed"] == 2
    assert smoke.metrics["response_ms"]["count"] == 2
    with pytest.raises(ActionError, match=r"1 of 2 smoke checks failed .*body does not contain 'Karibu'"):
        checks.smoke(ctx, {"root": ROOT, "checks": ["/", {"path": "/", "contains": "Karibu"}]})
    with pytest.raises(ActionError, match=r"release is 'r1', expected 'r9'"):
        checks.health(ctx, {"root": ROOT, "release": "r9", "timeout": 0.5})
    monitored = checks.monitor(ctx, {"root": ROOT, "duration": 0.5, "interval": 0.1})
    assert monitored.metrics["samples"] >= 3 and monitored.metrics["errors"] == 0
    with pytest.raises(ActionError, match="alert"):
        checks.monitor(ctx, {"root": ROOT, "duration": 0.2, "interval": 0.1, "max_p95_ms": 0.0001})


def test_migrate_reads_failure_from_output(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    (app / "spark").write_text('<?php\necho "Running all new migrations...\\nMigration failed!\\n";\n')
    ctx = make_context(tmp_path, task="production.migrate")
    release.run(ctx, {"source": "app", "root": ROOT, "release": "m1"})
    with pytest.raises(ActionError, match="output reports a failure"):
        migrate.run(ctx, {"root": ROOT})
    assert (ctx.report_dir / "deploy-migrate-production-m1.log").is_file()


def test_stop_ends_every_server(tmp_path: Path, app: Path, env_root: Path, php: str) -> None:
    deploy(tmp_path, "app", "r1")
    deploy(tmp_path, "app", "r2")
    layout = EnvLayout(root=env_root.resolve())
    servers = recorded_servers(layout)
    assert {s.name for s in servers} == {"blue", "green", "router"}
    result = control.stop(make_context(tmp_path), {"root": ROOT})
    assert sorted(result.metrics["stopped"]) == ["blue", "green", "router"]
    assert not any(server_alive(s) for s in servers)
    with pytest.raises(OSError):
        get(public_url(env_root) + "/health")


def test_interrupted_switch_is_reconciled_from_the_router(
    tmp_path: Path, app: Path, env_root: Path, php: str
) -> None:
    deploy(tmp_path, "app", "r1")
    second = deploy(tmp_path, "app", "r2")
    layout = EnvLayout(root=env_root.resolve())
    # Simulate a run killed after switching the router but before saving deploy.json.
    log = json.loads(layout.state_file.read_text())
    log.update(active_release="r1", active_slot="blue" if second.metrics["slot"] == "green" else "green")
    layout.state_file.write_text(json.dumps(log))
    ctx = make_context(tmp_path, run_id="r3", task="production.switch")
    release.run(ctx, {"source": "app", "root": ROOT})
    migrate.run(ctx, {"root": ROOT})
    third = switch.run(ctx, {"root": ROOT})
    assert third.metrics["switched_from"] == "r2", "the router's view wins over a stale deploy.json"
    assert third.metrics["slot"] != second.metrics["slot"], "the slot serving r2 was not replaced"
    assert "an earlier run was interrupted" in ctx.log.text()  # type: ignore[attr-defined]
