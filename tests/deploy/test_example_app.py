"""Deploy a copy of the bundled CodeIgniter example app (examples/shulelabs) like the pipeline does."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from shulorch.actions.deploy import checks, migrate, release, switch
from tests.helpers import make_context

pytestmark = pytest.mark.php

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shulelabs"
ROOT = "deploy/production"
SERVE = {"root": ROOT, "php_router": "public/index.php", "health_timeout": 5}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    if not (EXAMPLE / "spark").is_file():
        pytest.skip("examples/shulelabs is not in this checkout: example deploy not run")
    return Path(shutil.copytree(EXAMPLE, tmp_path / "app", ignore=shutil.ignore_patterns("*.sqlite")))


def test_example_app_deploys_migrates_switches_and_rolls_back(
    tmp_path: Path, example: Path, env_root: Path, php: str
) -> None:
    smoke = ["/health", {"path": "/api/students", "status": 200}, {"path": "/no-such-page", "status": 404}]
    ctx = make_context(tmp_path, run_id="ex1", task="production.deploy")
    release.run(ctx, {"source": "app", "root": ROOT, "exclude": [".git", "tests", "*.sqlite"]})
    migrated = migrate.run(ctx, {"root": ROOT})
    assert migrated.metrics["migrations"] >= 1, migrated.metrics
    first = switch.run(ctx, {**SERVE, "checks": smoke})
    health = first.metrics["health"]
    assert (health["status"], health["release"], health["database"]) == ("ok", "ex1", True)
    assert first.metrics["smoke"]["passed"] == 3

    ctx2 = make_context(tmp_path, run_id="ex2", task="production.deploy")
    release.run(ctx2, {"source": "app", "root": ROOT})
    again = migrate.run(ctx2, {"root": ROOT})
    assert again.metrics["migrations"] == 0, "the shared database already holds every migration"
    switch.run(ctx2, SERVE)
    url = first.metrics["url"]
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/health", timeout=5) as resp:
        assert json.loads(resp.read())["release"] == "ex2"
    checks.smoke(ctx2, {"root": ROOT, "checks": smoke})

    back = switch.rollback(ctx2, SERVE)
    assert back.metrics["switched_to"] == "ex1"
    with opener.open(url + "/health", timeout=5) as resp:
        assert json.loads(resp.read())["release"] == "ex1"
