"""The example's own PHP test suite passes with enough coverage of app/ (real phpunit + pcov)."""

from __future__ import annotations

import shutil
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

from tests.example.conftest import php

pytestmark = pytest.mark.php


def _phpunit() -> str:
    found = shutil.which("phpunit")
    if found is None:
        pytest.skip("phpunit is not installed")
    return found


def test_phpunit_passes_with_junit_and_coverage(app: Path) -> None:
    result = php(
        app,
        "php",
        "-d",
        "pcov.enabled=1",
        _phpunit(),
        "--coverage-clover",
        "build/clover.xml",
        "--log-junit",
        "build/junit.xml",
    )
    assert result.ok, result.tail(40)

    junit = ET.parse(app / "build" / "junit.xml").getroot()
    # phpunit nests suites (unit > class > data set), so count the test cases themselves.
    cases = list(junit.iter("testcase"))
    failed = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    assert len(cases) > 20
    assert failed == []

    metrics = ET.parse(app / "build" / "clover.xml").getroot().find("project/metrics")
    assert metrics is not None
    covered, total = int(metrics.get("coveredstatements", "0")), int(metrics.get("statements", "0"))
    assert total > 100, "coverage should count the app's own code"
    assert covered / total >= 0.90


def test_a_failing_php_test_fails_phpunit(app: Path) -> None:
    test = app / "tests" / "Unit" / "StudentModelTest.php"
    source = test.read_text()
    assert "'Amina Otieno', $student->fullName()" in source
    test.write_text(
        source.replace("'Amina Otieno', $student->fullName()", "'Someone Else', $student->fullName()")
    )

    result = php(app, _phpunit(), "--log-junit", "build/junit.xml")

    assert result.returncode == 1
    cases = ET.parse(app / "build" / "junit.xml").getroot().iter("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failures] == ["testInsertReturnsIdAndEntity"]
