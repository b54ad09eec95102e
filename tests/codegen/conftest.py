"""Fixtures of the codegen tests: a copy of the ci4-module template and a small app with one spec."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import make_context

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "generators" / "ci4-module"
EXAMPLE = REPO / "examples" / "shulelabs"
FIXTURES = Path(__file__).parent / "fixtures"

SPEC = """\
module: Teachers
description: Teaching staff
migration_timestamp: 2024-02-01-090000
entities:
  - name: Teacher
    fields:
      first_name: {type: string, required: true, max_length: 80}
      email: {type: email, required: true, unique: true}
      status: {type: string, values: [active, retired]}
    relations:
      class_id: {table: classes, required: false}
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A private copy of generators/ci4-module that a test may change."""
    dest = tmp_path / "generators" / "ci4-module"
    shutil.copytree(TEMPLATE, dest)
    return dest


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """An app folder with specs/teachers.yaml and an Autoload.php with the shulorch markers."""
    root = tmp_path / "app"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "teachers.yaml").write_text(SPEC)
    config = root / "app" / "Config"
    config.mkdir(parents=True)
    (config / "Autoload.php").write_text(
        "<?php\n\nclass Autoload\n{\n    public $psr4 = [\n        APP_NAMESPACE => APPPATH,\n"
        "        // shulorch:modules:start\n"
        "        'App\\Modules\\Students' => APPPATH . 'Modules/Students',\n"
        "        // shulorch:modules:end\n    ];\n}\n"
    )
    return root


def generate_args(app: Path, template: Path, **extra: object) -> dict[str, object]:
    return {
        "spec": str(app / "specs" / "teachers.yaml"),
        "template": str(template),
        "dest": str(app / "app" / "Modules"),
        **extra,
    }


@pytest.fixture
def ctx_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(**kw: object):  # type: ignore[no-untyped-def]
        return make_context(tmp_path, **kw)  # type: ignore[arg-type]

    return make
