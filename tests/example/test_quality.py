"""The example meets the bar phase 3 enforces: php -l, PSR-12, phpmd, composer validate, OpenAPI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tests.example.conftest import EXAMPLE, php

pytestmark = pytest.mark.php


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")


def test_every_php_file_lints(app: Path) -> None:
    files = [*sorted(p for p in app.rglob("*.php") if "vendor" not in p.parts), app / "spark"]
    assert len(files) > 30
    broken = [(f, r.tail()) for f in files if not (r := php(app, "php", "-l", str(f))).ok]
    assert broken == []


def test_phpcs_psr12_reports_nothing(app: Path) -> None:
    _need("phpcs")
    result = php(app, "phpcs", "--standard=PSR12", "--report=summary", "app", "tests", "public")
    assert result.returncode == 0, result.tail(30)


def test_phpmd_reports_no_violation_with_the_shipped_ruleset(app: Path) -> None:
    _need("phpmd")
    result = php(app, "phpmd", "app", "text", "phpmd.xml")
    assert result.returncode == 0, result.tail(30)


def test_composer_json_is_strictly_valid(app: Path) -> None:
    _need("composer")
    result = php(
        app, "composer", "validate", "--strict", "--no-interaction", env={"COMPOSER_HOME": str(app / ".c")}
    )
    assert result.returncode == 0, result.tail()


def test_openapi_is_valid_and_every_operation_has_a_route(app: Path) -> None:
    spec, _ = read_from_filename(str(EXAMPLE / "docs" / "openapi.yaml"))
    validate(spec)

    routes = php(app, "php", "spark", "routes")
    assert routes.ok, routes.tail()
    served = set()
    for line in routes.stdout.splitlines()[1:]:
        method, path, _handler = (cell.strip() for cell in line.strip("|").split("|"))
        served.add((method, re.sub(r"\(:\w+\)", "{}", path)))
    documented = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    # 13 hand-written operations (two modules and /health) plus those codegen merged in.
    assert len(documented) >= 13 and ("GET", "/health") in documented
    assert documented - served == set()
