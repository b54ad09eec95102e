"""Pure rules as tables: secret patterns, OpenAPI request planning, and the gate's verdict."""

from __future__ import annotations

from typing import Any

import pytest

from shulorch.actions.base import TaskMetrics
from shulorch.actions.quality.gate import evaluate
from shulorch.actions.quality.openapi import Operation, expected_codes, fill_path, sample, status_matches
from shulorch.actions.quality.security import call_finding, env_file_finding, scan_text


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        ("keys/id_rsa", "x\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", [(2, "private-key")]),
        ("a.pem", "-----BEGIN OPENSSH PRIVATE KEY-----\n", [(1, "private-key")]),
        ("a.pem", "-----BEGIN PUBLIC KEY-----\n", []),
        ("app/Config/Db.php", "<?php\n$cfg = [\n  'password' => 's3cr3t!',\n];\n", [(3, "hardcoded-secret")]),
        ("app/Config/Email.php", "public string $SMTPPass = 'hunter22';\n", [(1, "hardcoded-secret")]),
        ("app/Config/Api.php", "define('API_KEY', 'abcd1234');\n", [(1, "hardcoded-secret")]),
        ("config.json", '{"access_token": "ghp_abcdef"}', [(1, "hardcoded-secret")]),
        ("app/Config/Security.php", "public string $tokenName = 'csrf_test_name';\n", []),
        ("app/Config/Db.php", "'password' => '',\n", []),
        ("app/Config/Db.php", "'password' => env('DB_PASSWORD'),\n", []),
        ("app/Validation/R.php", "'password' => 'required|min_length[8]',\n", []),
        ("app/Validation/R.php", "'password' => 'required',\n", []),
        ("README.md", "password = 'only in docs'\n", []),
        (".env", "# local\nDB_PASSWORD=root\nAPP_NAME=x\n", [(2, "hardcoded-secret")]),
        (".env", "database.default.password = \n", []),
    ],
)
def test_secret_patterns(rel: str, text: str, expected: list[tuple[int, str]]) -> None:
    assert [(f.line, f.rule) for f in scan_text(rel, text)] == expected


@pytest.mark.parametrize(
    ("rel", "flagged"),
    [(".env", True), ("app/.env.production", True), (".env.example", False), ("env.php", False)],
)
def test_env_files(rel: str, flagged: bool) -> None:
    assert (env_file_finding(rel, (".env.example",)) is not None) is flagged


@pytest.mark.parametrize(
    ("call", "args", "severity", "rule"),
    [
        ("exec", "('ls')", "error", "dangerous-call.exec"),
        ("backtick", "", "error", "dangerous-call.backtick"),
        ("unserialize", "($_POST['d'])", "error", "unserialize-input"),
        ("unserialize", "($this->request->getPost('d'))", "error", "unserialize-input"),
        ("unserialize", "($cached)", "warning", "unserialize"),
    ],
)
def test_call_findings(call: str, args: str, severity: str, rule: str) -> None:
    found = call_finding("app/A.php", 3, call, args)
    assert (found.severity.value, found.rule, found.location) == (severity, rule, "app/A.php:3")


def _op(**kw: Any) -> Operation:
    base: dict[str, Any] = {
        "method": "get",
        "path": "/students/{id}",
        "line": 10,
        "responses": ("200", "404"),
        "json_codes": ("200",),
    }
    return Operation(**{**base, **kw})


@pytest.mark.parametrize(
    ("status", "codes", "expected"),
    [
        (200, ("200",), "200"),
        (201, ("2XX",), "2XX"),
        (404, ("200",), None),
        (418, ("200", "default"), "default"),
    ],
)
def test_status_matching(status: int, codes: tuple[str, ...], expected: str | None) -> None:
    assert status_matches(status, codes) == expected


def test_expected_codes_are_the_documented_successes() -> None:
    assert expected_codes(_op()) == ("200",)
    assert expected_codes(_op(responses=("404",))) == ("404",)


@pytest.mark.parametrize(
    ("op", "ids", "expected"),
    [
        (_op(), {"/students": 7}, "/students/7"),
        (_op(params={"id": 3}), {}, "/students/3"),
        (_op(), {}, "/students/1"),
        (
            _op(path="/classes/{cid}/students/{id}", params={"cid": 2}),
            {"/classes": 5},
            "/classes/2/students/5",
        ),
        (_op(path="/search", params={"q": "ann"}, query=("q",)), {}, "/search?q=ann"),
    ],
)
def test_fill_path(op: Operation, ids: dict[str, Any], expected: str) -> None:
    assert fill_path(op, ids) == expected


def test_sample_builds_valid_bodies_from_schemas() -> None:
    spec = {
        "components": {
            "schemas": {
                "Student": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "id": {"type": "integer", "readOnly": True},
                        "name": {"type": "string", "minLength": 8},
                        "email": {"type": "string", "format": "email"},
                        "grade": {"type": "integer", "minimum": 1, "maximum": 12},
                        "status": {"type": "string", "enum": ["active", "left"]},
                        "tags": {"type": "array", "items": {"type": "string", "example": "x"}},
                    },
                }
            }
        }
    }
    body = sample(spec, {"$ref": "#/components/schemas/Student"})
    assert body == {
        "name": "Samplexx",
        "email": "contract@example.com",
        "grade": 1,
        "status": "active",
        "tags": ["x"],
    }


def _tm(task: str, action: str, **metrics: Any) -> TaskMetrics:
    return TaskMetrics(task=task, action=action, run_id="r1", metrics=metrics)


GOOD_TESTS = _tm(
    "q.test",
    "php.test",
    tests=10,
    passed=10,
    failed=0,
    errors=0,
    skipped=0,
    line_coverage=90.0,
    lines_covered=90,
    lines_valid=100,
    coverage_status="measured",
)


@pytest.mark.parametrize(
    ("results", "passed", "breach_parts"),
    [
        ([GOOD_TESTS], True, []),
        (
            [
                _tm(
                    "q.test",
                    "php.test",
                    tests=10,
                    passed=9,
                    failed=1,
                    errors=0,
                    skipped=0,
                    lines_covered=90,
                    lines_valid=100,
                )
            ],
            False,
            ["pass rate 90.0% is below 100% (9 of 10 passed; 1 failed, 0 errors)"],
        ),
        (
            [
                _tm(
                    "q.test",
                    "php.test",
                    tests=4,
                    passed=4,
                    failed=0,
                    errors=0,
                    skipped=0,
                    lines_covered=70,
                    lines_valid=100,
                )
            ],
            False,
            ["line coverage 70.0% (70/100 lines) is below min_coverage 85%"],
        ),
        (
            [
                _tm(
                    "q.test",
                    "php.test",
                    tests=4,
                    passed=4,
                    failed=0,
                    errors=0,
                    skipped=0,
                    lines_valid=None,
                    coverage_status="not run: no coverage driver",
                )
            ],
            False,
            ["line coverage: not run: no coverage driver"],
        ),
        (
            [
                GOOD_TESTS,
                _tm(
                    "q.style",
                    "php.style",
                    tool="phpcs",
                    status="failed",
                    counts={"error": 2},
                    findings=[{"file": "app/A.php", "line": 3, "message": "brace"}],
                ),
            ],
            False,
            ["q.style: phpcs reported 2 error finding(s); first: app/A.php:3: brace"],
        ),
        (
            [
                GOOD_TESTS,
                _tm(
                    "q.stan", "php.phpstan", tool="phpstan", status="not run", reason="phpstan not installed"
                ),
            ],
            True,
            [],
        ),
        ([], False, ["php.test: no task reported results (not run)"]),
    ],
)
def test_gate_verdicts(results: list[TaskMetrics], passed: bool, breach_parts: list[str]) -> None:
    verdict = evaluate(results, min_coverage=85, require=("php.test",))
    assert verdict["passed"] is passed
    assert len(verdict["breaches"]) == len(breach_parts)
    for part, breach in zip(breach_parts, verdict["breaches"], strict=True):
        assert part in breach


def test_gate_lists_not_run_tools_and_never_counts_them_passed() -> None:
    stan = _tm("q.stan", "php.phpstan", tool="phpstan", status="not run", reason="phpstan not installed")
    verdict = evaluate([GOOD_TESTS, stan], min_coverage=85, require=("php.test",))
    assert verdict["not_run"] == ["phpstan (task q.stan): phpstan not installed"]
    assert verdict["tools"]["q.stan"]["status"] == "not run"
    strict = evaluate([GOOD_TESTS, stan], min_coverage=85, require=("php.test", "php.phpstan"))
    assert strict["passed"] is False and "did not run" in strict["breaches"][0]


def test_gate_sums_coverage_over_test_tasks() -> None:
    other = _tm(
        "q.test2",
        "php.test",
        tests=3,
        passed=2,
        failed=0,
        errors=0,
        skipped=1,
        lines_covered=10,
        lines_valid=100,
    )
    verdict = evaluate([GOOD_TESTS, other], min_coverage=50, require=())
    assert (verdict["tests"], verdict["test_passed"], verdict["skipped"]) == (13, 12, 1)
    assert verdict["pass_rate"] == 100.0
    assert verdict["line_coverage"] == 50.0
