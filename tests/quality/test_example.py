"""Phase 3 end to end on a copy of examples/shulelabs: it passes as shipped, and copies broken on
purpose fail with the right message (ActionError, exit code 1)."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.base import ActionContext, ActionResult, TaskMetrics
from shulorch.actions.quality import (
    analysis,
    composer,
    contract,
    gate,
    lint,
    migrations,
    phpunit,
    security,
    style,
)
from shulorch.errors import ActionError
from tests.helpers import make_context
from tests.quality.conftest import needs

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shulelabs"
pytestmark = [
    pytest.mark.php,
    pytest.mark.skipif(not (EXAMPLE / "phpunit.xml.dist").is_file(), reason="examples/shulelabs not present"),
    needs("php", "phpunit", "phpcs", "phpmd", "composer"),
]

Action = Callable[[ActionContext, Mapping[str, Any]], ActionResult]
PHASE: dict[str, tuple[str, Action, dict[str, Any]]] = {
    "lint": ("php.lint", lint.run, {}),
    "style": ("php.style", style.run, {}),
    "phpstan": ("php.phpstan", analysis.phpstan, {}),
    "mess": ("php.mess", analysis.phpmd, {}),
    "test": ("php.test", phpunit.run, {}),
    "migrations": ("php.migrations", migrations.run, {}),
    "security": ("security.scan", security.run, {}),
    "composer": ("composer.validate", composer.run, {}),
    "contract": ("api.contract", contract.run, {}),
}


def _skip_generated(folder: str, names: list[str]) -> list[str]:
    """Leave out build output; the generated modules are part of the app phase 3 checks."""
    return [n for n in names if n in ("build", "reports", "vendor", ".shulorch")]


@pytest.fixture
def app(tmp_path: Path) -> Path:
    target = tmp_path / "shulelabs"
    shutil.copytree(EXAMPLE, target, ignore=_skip_generated)
    return target


def run_phase(app: Path, **overrides: dict[str, Any]) -> dict[str, TaskMetrics]:
    results: dict[str, TaskMetrics] = {}
    for name, (action, func, args) in PHASE.items():
        ctx = make_context(app, task=f"build.{name}")
        result = func(ctx, {**args, **overrides.get(name, {})})
        results[ctx.task] = TaskMetrics(
            task=ctx.task, action=action, run_id=ctx.run_id, metrics=result.metrics
        )
    return results


def run_gate(app: Path, results: Mapping[str, TaskMetrics], **args: Any) -> ActionResult:
    return gate.run(make_context(app, task="build.gate", results=results), args)


def test_phase3_passes_on_the_example(app: Path) -> None:
    results = run_phase(app)
    test = results["build.test"].metrics
    assert test["tests"] > 0 and test["failed"] == 0 and test["errors"] == 0
    assert test["line_coverage"] >= 85 and test["lines_valid"] > 0
    assert results["build.phpstan"].metrics["status"] in ("passed", "not run")
    assert results["build.migrations"].metrics["tables"]
    ops = results["build.contract"].metrics["operations"]
    assert {o["operation"] for o in ops} >= {"GET /health"} and all(o["status"] for o in ops)
    verdict = run_gate(app, results).metrics
    assert verdict["passed"] is True and verdict["breaches"] == []
    assert verdict["tests"] == test["tests"]


def _fails(app: Path, name: str, match: str, args: Mapping[str, Any] | None = None) -> ActionError:
    _action, func, defaults = PHASE[name]
    with pytest.raises(ActionError, match=match) as caught:
        func(make_context(app, task=f"build.{name}"), {**defaults, **(args or {})})
    assert caught.value.exit_code == 1
    return caught.value


def _first(app: Path, pattern: str) -> Path:
    return sorted(app.glob(pattern))[0]


def test_syntax_error_fails_lint_with_file_and_line(app: Path) -> None:
    controller = _first(app, "app/Modules/Students/Controllers/*.php")
    text = controller.read_text()
    line = text[: text.index("return ")].count("\n") + 1
    controller.write_text(text.replace("return ", "return return ", 1))
    rel = controller.relative_to(app).as_posix()
    _fails(app, "lint", rf"{rel}:{line}: error: syntax error, unexpected token \"return\"")


def test_failing_test_fails_with_its_name(app: Path) -> None:
    test = _first(app, "tests/Unit/*.php")
    text = test.read_text()
    marker = "public function test"
    head, _, tail = text.partition(marker)
    name = tail.split("(", 1)[0]
    test.write_text(head + marker + tail.replace("{", "{\n        $this->fail('broken on purpose');", 1))
    error = _fails(app, "test", "1 failed and 0 erroring")
    assert f"::test{name}: failure: broken on purpose" in str(error), str(error)


def test_coverage_under_the_gate_fails_the_gate(app: Path) -> None:
    body = "\n".join(f"        $total += {i};" for i in range(300))
    (app / "app" / "Untested.php").write_text(
        "<?php\n\nnamespace App;\n\nclass Untested\n{\n    public function sum(): int\n    {\n"
        f"        $total = 0;\n{body}\n        return $total;\n    }}\n}}\n"
    )
    results = run_phase(app)
    coverage = results["build.test"].metrics["line_coverage"]
    assert coverage < 85
    with pytest.raises(
        ActionError, match=rf"line coverage {coverage}% \(\d+/\d+ lines\) is below min_coverage 85%"
    ):
        run_gate(app, results)


def test_committed_private_key_fails_the_scan(app: Path) -> None:
    key = app / "app" / "Config" / "deploy_key.pem"
    key.write_text(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
    )
    _fails(app, "security", r"app/Config/deploy_key.pem:1: error: private key committed")


def test_operation_the_app_does_not_serve_fails_the_contract(app: Path) -> None:
    spec = app / "docs" / "openapi.yaml"
    text = spec.read_text()
    extra = '  /api/nothing-here:\n    get:\n      responses:\n        "200":\n          description: None\n'
    spec.write_text(text.replace("paths:\n", "paths:\n" + extra, 1))
    line = text[: text.index("paths:\n")].count("\n") + 3
    _fails(
        app,
        "contract",
        rf"docs/openapi.yaml:{line}: error: GET /api/nothing-here .* answered 404, documented 200",
    )


def test_invalid_openapi_document_is_reported_with_its_line(app: Path) -> None:
    spec = app / "docs" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus_root_key: 1", 1))
    with pytest.raises(
        ActionError, match=r"docs/openapi.yaml:\d+: .*not valid OpenAPI 3|docs/openapi.yaml:\d+: "
    ):
        contract.run(make_context(app), {})


def test_migration_that_does_not_roll_back_fails(app: Path) -> None:
    migration = _first(app, "app/Modules/Students/Database/Migrations/*.php")
    migration.write_text(migration.read_text().replace("$this->forge->dropTable('students', true);", "", 1))
    _fails(app, "migrations", r"rollback left .*students")


def test_contract_server_is_stopped_afterwards(app: Path) -> None:
    ctx = make_context(app)
    contract.run(ctx, {})
    log = app / "writable/reports/20260101000000-0000abcd/quality/test.task.php-server.log"
    port = int(log.read_text().split("127.0.0.1:", 1)[1].split()[0].strip("()[]"))
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
