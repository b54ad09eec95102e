"""The generated modules against the real PHP tools: php -l, phpcs PSR-12, phpmd, phpunit + coverage."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from defusedxml import ElementTree

from shulorch.actions.codegen import autoload, generate
from tests.codegen.conftest import EXAMPLE, TEMPLATE
from tests.helpers import make_context

pytestmark = [pytest.mark.php, pytest.mark.slow]

MODULES = ("Attendance", "Fees", "Grades", "Guardians", "Library", "Subjects", "Teachers", "Timetable")

PHPUNIT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<phpunit bootstrap="system/Test/bootstrap.php" colors="false" cacheResult="false"
         failOnRisky="true" failOnWarning="true" beStrictAboutOutputDuringTests="true">
    <testsuites>
        <testsuite name="modules"><directory suffix="Test.php">app/Modules</directory></testsuite>
    </testsuites>
    <coverage processUncoveredFiles="true">
        <include>{include}</include>
        <exclude><directory suffix="Test.php">app/Modules</directory></exclude>
    </coverage>
    <php><env name="CI_ENVIRONMENT" value="testing" force="true"/></php>
</phpunit>
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example app with the eight modules regenerated from its specs."""
    root = tmp_path_factory.mktemp("php")
    copy = root / "shulelabs"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("Modules", "build", "writable"))
    (copy / "app" / "Modules").mkdir()
    for name in ("Students", "Classes"):
        shutil.copytree(EXAMPLE / "app" / "Modules" / name, copy / "app" / "Modules" / name)
    (copy / "writable").mkdir()
    ctx = make_context(root, cwd=copy)
    for spec in sorted((copy / "specs").glob("*.yaml")):
        generate.run(ctx, {"spec": str(spec), "template": str(TEMPLATE), "dest": "app/Modules"})
    autoload.run(ctx, {})
    return copy


def test_committed_example_modules_are_what_the_template_generates(app: Path) -> None:
    for name in MODULES:
        fresh, committed = app / "app" / "Modules" / name, EXAMPLE / "app" / "Modules" / name
        files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
        for rel in files:
            if rel.name != ".copier-answers.yml":
                assert (fresh / rel).read_bytes() == (committed / rel).read_bytes(), f"{name}/{rel}"


def test_php_lint_phpcs_and_phpmd_pass(app: Path) -> None:
    php, phpcs, phpmd = _tool("php"), _tool("phpcs"), _tool("phpmd")
    sources = [p for m in MODULES for p in (app / "app" / "Modules" / m).rglob("*.php")]
    assert len(sources) == 106  # 122 files minus 8 answers files and 8 OpenAPI fragments
    for path in sources:
        lint = subprocess.run([php, "-l", str(path)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr
    dirs = [str(app / "app" / "Modules" / m) for m in MODULES]
    cs = subprocess.run(
        [phpcs, "--standard=PSR12", "--report=summary", *dirs], capture_output=True, text=True
    )
    assert cs.returncode == 0, cs.stdout
    md = subprocess.run(
        [phpmd, ",".join(dirs), "text", str(app / "phpmd.xml")], capture_output=True, text=True
    )
    assert md.returncode == 0, md.stdout + md.stderr


def test_phpunit_passes_with_coverage_over_85_percent(app: Path) -> None:
    phpunit = _tool("phpunit")
    include = "".join(f'<directory suffix=".php">app/Modules/{m}</directory>' for m in MODULES)
    (app / "phpunit-modules.xml").write_text(PHPUNIT_XML.format(include=include))
    clover = app / "clover-modules.xml"
    run = subprocess.run(
        [phpunit, "-c", "phpunit-modules.xml", "--coverage-clover", str(clover)],
        cwd=app,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    tests = re.search(r"OK \((\d+) tests", run.stdout)
    assert tests is not None and int(tests.group(1)) >= 150, run.stdout[-500:]
    metrics = ElementTree.parse(clover).getroot().find("project/metrics")
    assert metrics is not None
    covered, total = int(metrics.get("coveredstatements")), int(metrics.get("statements"))
    assert total > 500
    assert covered / total >= 0.85, f"line coverage {covered}/{total}"
