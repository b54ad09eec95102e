"""The real PHP tools on tiny projects in tmp_path: clean input passes, broken input fails with
file:line, and what the task measured is in its metrics and artefact."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from shulorch.actions.base import ActionContext
from shulorch.actions.quality import analysis, composer, lint, phpunit, security, style
from shulorch.actions.quality.common import QualityFailure
from shulorch.errors import ActionError
from tests.quality.conftest import CALC_TEST, needs, write_tree

pytestmark = pytest.mark.php
Ctx = Callable[..., ActionContext]


@needs("php")
def test_lint_passes_clean_files_in_parallel(php_project: Path, ctx_for: Ctx) -> None:
    result = lint.run(ctx_for(php_project), {"paths": ["app", "tests"], "jobs": 2})
    assert result.metrics["status"] == "passed"
    assert result.metrics["files_checked"] == 3
    artefact = json.loads(Path(result.metrics["artefact"]).read_text())
    assert artefact["findings"] == [] and artefact["files_checked"] == 3


@needs("php")
def test_lint_names_the_broken_file_and_line(php_project: Path, ctx_for: Ctx) -> None:
    write_tree(php_project, {"app/Broken.php": "<?php\n\nfunction f()\n{\n    return 1\n}\n"})
    with pytest.raises(QualityFailure) as caught:
        lint.run(ctx_for(php_project), {"paths": ["app"]})
    assert caught.value.exit_code == 1
    assert 'app/Broken.php:6: error: syntax error, unexpected token "}"' in str(caught.value)
    assert caught.value.metrics["counts"]["error"] == 1 and caught.value.metrics["files_checked"] == 2


@needs("php")
def test_lint_single_file_for_foreach_tasks(php_project: Path, ctx_for: Ctx) -> None:
    write_tree(php_project, {"app/Broken.php": "<?php\nclass {\n"})
    ok = lint.run(ctx_for(php_project), {"file": "app/Calc.php"})
    assert ok.metrics["files_checked"] == 1 and ok.metrics["status"] == "passed"
    with pytest.raises(ActionError, match=r"app/Broken\.php:2"):
        lint.run(ctx_for(php_project), {"file": "app/Broken.php"})
    with pytest.raises(ActionError, match="unknown with: argument"):
        lint.run(ctx_for(php_project), {"fiel": "app/Calc.php"})


@needs("phpcs", "phpcbf")
def test_style_reports_psr12_violations_then_fix_repairs_them(php_project: Path, ctx_for: Ctx) -> None:
    write_tree(php_project, {"app/Ugly.php": "<?php\nfunction ugly() {\n  return 1;\n}\n"})
    with pytest.raises(QualityFailure) as caught:
        style.run(ctx_for(php_project), {"paths": ["app"]})
    assert "app/Ugly.php:2: error: Opening brace should be on a new line" in str(caught.value)
    report = php_project / "writable/reports/20260101000000-0000abcd/quality/test.task.phpcs.xml"
    assert "<checkstyle" in report.read_text()
    fixed = style.run(ctx_for(php_project), {"paths": ["app"], "fix": True})
    assert fixed.metrics["status"] == "passed" and fixed.metrics["fixed"] >= 2
    assert "function ugly()\n{\n    return 1;" in (php_project / "app/Ugly.php").read_text()


@needs("phpcs")
def test_style_fail_on_never_leaves_the_verdict_to_the_gate(php_project: Path, ctx_for: Ctx) -> None:
    write_tree(php_project, {"app/Ugly.php": "<?php\nfunction ugly() {\n  return 1;\n}\n"})
    result = style.run(ctx_for(php_project), {"paths": ["app"], "fail_on": "never"})
    assert result.metrics["status"] == "failed"
    assert result.metrics["counts"]["error"] >= 2
    assert {f["file"] for f in result.metrics["findings"]} == {"app/Ugly.php"}


@needs("phpmd")
@pytest.mark.parametrize("fmt", ["sarif", "xml"])
def test_mess_detector_reads_both_formats(php_project: Path, ctx_for: Ctx, fmt: str) -> None:
    write_tree(
        php_project, {"app/Risky.php": "<?php\nfunction risky($a, $b)\n{\n    $u = 1;\n    eval($a);\n}\n"}
    )
    result = analysis.phpmd(ctx_for(php_project), {"format": fmt, "fail_on": "never"})
    rules = {
        (f["file"], f["line"], f["rule"].split("/")[-1], f["severity"]) for f in result.metrics["findings"]
    }
    assert ("app/Risky.php", 5, "EvalExpression", "error") in rules
    assert ("app/Risky.php", 4, "UnusedLocalVariable", "warning") in rules
    with pytest.raises(QualityFailure, match=r"app/Risky.php:5: error: .*eval"):
        analysis.phpmd(ctx_for(php_project), {"format": fmt})


def test_phpstan_missing_is_not_run_never_passed(php_project: Path, ctx_for: Ctx) -> None:
    ctx = ctx_for(php_project, env={**os.environ, "PATH": str(php_project / "nothing-here")})
    result = analysis.phpstan(ctx, {})
    assert result.metrics["status"] == "not run"
    assert result.summary == "not run: phpstan not installed"


@needs("php")
def test_phpstan_runs_the_project_copy_and_parses_json(php_project: Path, ctx_for: Ctx) -> None:
    # A stand-in vendor/bin/phpstan that prints phpstan's documented JSON: the action must use the
    # project's own copy before PATH, and read its report.
    report = {
        "totals": {"errors": 0, "file_errors": 1},
        "errors": [],
        "files": {
            str(php_project / "app/Calc.php"): {
                "errors": 1,
                "messages": [{"message": "Method App\\Calc::add() is unused.", "line": 9, "ignorable": True}],
            }
        },
    }
    fake = php_project / "vendor/bin/phpstan"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\ncat <<'JSON'\n{json.dumps(report)}\nJSON\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(QualityFailure, match=r"app/Calc.php:9: error: Method App\\Calc::add\(\) is unused"):
        analysis.phpstan(ctx_for(php_project), {"level": 5})


@needs("php", "phpunit")
def test_phpunit_counts_and_measures_coverage(php_project: Path, ctx_for: Ctx) -> None:
    m = phpunit.run(ctx_for(php_project), {}).metrics
    assert (m["tests"], m["passed"], m["failed"], m["errors"], m["skipped"]) == (3, 3, 0, 0, 0)
    assert (m["line_coverage"], m["lines_covered"], m["lines_valid"]) == (100.0, 4, 4)
    assert Path(m["junit"]).is_file() and Path(m["coverage_file"]).is_file()
    assert m["duration"] >= 0 and m["status"] == "passed"


@needs("php", "phpunit")
def test_phpunit_failure_names_the_test_and_message(php_project: Path, ctx_for: Ctx) -> None:
    broken = CALC_TEST.replace("assertSame(5,", "assertSame(6,")
    write_tree(php_project, {"tests/CalcTest.php": broken})
    with pytest.raises(QualityFailure) as caught:
        phpunit.run(ctx_for(php_project), {})
    message = str(caught.value)
    assert "1 failed and 0 erroring of 3 tests" in message
    assert (
        "Tests\\CalcTest::testAdd: failure:" in message
        and "Failed asserting that 5 is identical to 6" in message
    )
    assert caught.value.metrics["passed"] == 2


@needs("php", "phpunit")
def test_phpunit_min_coverage(php_project: Path, ctx_for: Ctx) -> None:
    partial = CALC_TEST.split("    public function testDiv()")[0] + "}\n"
    write_tree(php_project, {"tests/CalcTest.php": partial})
    with pytest.raises(QualityFailure, match=r"line coverage 25.0% \(1/4 lines\) is below min_coverage 85%"):
        phpunit.run(ctx_for(php_project), {"min_coverage": 85})


def _git(cwd: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=cwd, check=True, capture_output=True)


@needs("php", "git")
def test_security_scan_finds_secrets_and_calls_with_lines(php_project: Path, ctx_for: Ctx) -> None:
    write_tree(
        php_project,
        {
            "app/Config/Keys.php": "<?php\n\n$key = <<<KEY\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nKEY;\n",
            "app/Config/Db.php": "<?php\n\nreturn ['password' => 'p4ssw0rd!', 'user' => 'app'];\n",
            "app/Run.php": "<?php\n\n$pdo->exec('x');\nshell_exec($cmd);\n$o = unserialize($_GET['o']);\n",
            ".env": "DB_PASSWORD=local\n",
            ".env.example": "DB_PASSWORD=\n",
            "vendor/lib/Evil.php": "<?php\neval($x);\n",
            ".gitignore": "vendor/\n",
        },
    )
    _git(php_project, "init", "-q")
    with pytest.raises(QualityFailure) as caught:
        security.run(ctx_for(php_project), {})
    found = {(f["file"], f["line"], f["rule"]) for f in caught.value.metrics["findings"]}
    assert found == {
        ("app/Config/Keys.php", 4, "private-key"),
        ("app/Config/Db.php", 3, "hardcoded-secret"),
        ("app/Run.php", 4, "dangerous-call.shell_exec"),
        ("app/Run.php", 5, "unserialize-input"),
        (".env", 0, "env-file"),
        (".env", 1, "hardcoded-secret"),
    }
    assert "app/Config/Keys.php:4: error: private key committed" in str(caught.value)
    # Once .env is ignored by git it is no longer "in the tree" that gets committed.
    write_tree(php_project, {".gitignore": "vendor/\n.env\n"})
    again = security.run(ctx_for(php_project), {"fail_on": "never"})
    assert ".env" not in {f["file"] for f in again.metrics["findings"]}


@needs("composer")
def test_composer_validate_strict(tmp_path: Path, ctx_for: Ctx) -> None:
    good = {
        "name": "acme/app",
        "description": "d",
        "license": "MIT",
        "type": "project",
        "require": {"php": ">=8.2"},
    }
    write_tree(tmp_path, {"composer.json": json.dumps(good)})
    assert composer.run(ctx_for(tmp_path), {}).metrics["status"] == "passed"
    write_tree(tmp_path, {"composer.json": json.dumps({k: v for k, v in good.items() if k != "license"})})
    with pytest.raises(QualityFailure, match="No license specified"):
        composer.run(ctx_for(tmp_path), {})
    write_tree(tmp_path, {"composer.json": '{"name": '})
    with pytest.raises(QualityFailure, match="does not contain valid JSON"):
        composer.run(ctx_for(tmp_path), {})


def test_composer_missing_is_not_run(tmp_path: Path, ctx_for: Ctx) -> None:
    write_tree(tmp_path, {"composer.json": "{}"})
    ctx = ctx_for(tmp_path, env={**os.environ, "PATH": str(tmp_path / "none")})
    assert composer.run(ctx, {}).metrics["status"] == "not run"
