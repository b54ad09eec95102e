"""Tiny PHP projects written into tmp_path, so each quality action runs the real tool on known input."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from shulorch.actions.base import ActionContext
from tests.helpers import make_context

CALC = """<?php

declare(strict_types=1);

namespace App;

final class Calc
{
    public function add(int $a, int $b): int
    {
        return $a + $b;
    }

    public function div(int $a, int $b): float
    {
        if ($b === 0) {
            throw new \\InvalidArgumentException('division by zero');
        }
        return $a / $b;
    }
}
"""

CALC_TEST = """<?php

declare(strict_types=1);

namespace Tests;

use App\\Calc;
use PHPUnit\\Framework\\TestCase;

final class CalcTest extends TestCase
{
    public function testAdd(): void
    {
        $this->assertSame(5, (new Calc())->add(2, 3));
    }

    public function testDiv(): void
    {
        $this->assertSame(2.0, (new Calc())->div(4, 2));
    }

    public function testDivByZero(): void
    {
        $this->expectException(\\InvalidArgumentException::class);
        (new Calc())->div(1, 0);
    }
}
"""

PHPUNIT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<phpunit bootstrap="tests/bootstrap.php" colors="false">
  <testsuites>
    <testsuite name="unit"><directory>tests</directory></testsuite>
  </testsuites>
  <coverage processUncoveredFiles="true">
    <include><directory suffix=".php">app</directory></include>
  </coverage>
</phpunit>
"""

BOOTSTRAP = """<?php

declare(strict_types=1);

require __DIR__ . '/../app/Calc.php';
"""


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def php_project(tmp_path: Path) -> Path:
    """A clean, PSR-12, fully tested two-method project."""
    return write_tree(
        tmp_path / "proj",
        {
            "app/Calc.php": CALC,
            "tests/CalcTest.php": CALC_TEST,
            "tests/bootstrap.php": BOOTSTRAP,
            "phpunit.xml": PHPUNIT_XML,
        },
    )


@pytest.fixture
def ctx_for() -> Callable[..., ActionContext]:
    def build(project: Path, **kwargs: object) -> ActionContext:
        return make_context(project, **kwargs)  # type: ignore[arg-type]

    return build


def needs(*tools: str) -> pytest.MarkDecorator:
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing), reason=f"not installed: {', '.join(missing)}")
