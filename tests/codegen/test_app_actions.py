"""codegen.autoload, codegen.openapi and codegen.stats on a generated app."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shulorch.actions.codegen import autoload, generate, openapi, stats
from shulorch.errors import ActionError
from tests.codegen.conftest import generate_args
from tests.helpers import make_context

HAND_WRITTEN = """\
openapi: 3.0.3
info: {title: ShuleLabs, version: 1.0.0}
# hand-written paths stay as they are
paths:
  /api/students:
    get:
      operationId: listStudents
      responses: {"200": {description: ok}}
"""


@pytest.fixture
def generated(tmp_path: Path, app: Path, template: Path) -> Path:
    generate.run(make_context(tmp_path), generate_args(app, template))
    return app


def test_autoload_adds_generated_modules_and_keeps_hand_written_ones(tmp_path: Path, generated: Path) -> None:
    ctx = make_context(tmp_path, cwd=generated)
    first = autoload.run(ctx, {})
    text = (generated / "app/Config/Autoload.php").read_text()
    assert "'App\\Modules\\Students' => APPPATH . 'Modules/Students'," in text
    assert "'App\\Modules\\Teachers' => APPPATH . 'Modules/Teachers'," in text
    assert text.index("Students") < text.index("Teachers") < text.index("shulorch:modules:end")
    assert first.metrics == {"modules_registered": 2, "namespaces_added": 1}
    again = autoload.run(ctx, {})
    assert again.metrics["namespaces_added"] == 0
    assert (generated / "app/Config/Autoload.php").read_text() == text


def test_autoload_without_markers_says_what_to_add(tmp_path: Path, generated: Path) -> None:
    (generated / "app/Config/Autoload.php").write_text("<?php\n$psr4 = [];\n")
    with pytest.raises(ActionError, match="add both marker comments"):
        autoload.run(make_context(tmp_path, cwd=generated), {})


def test_openapi_merges_fragments_and_keeps_hand_written_paths(tmp_path: Path, generated: Path) -> None:
    docs = generated / "docs"
    docs.mkdir()
    (docs / "openapi.yaml").write_text(HAND_WRITTEN)
    ctx = make_context(tmp_path, cwd=generated)

    result = openapi.run(ctx, {})

    text = (docs / "openapi.yaml").read_text()
    doc = yaml.safe_load(text)
    assert "# hand-written paths stay as they are" in text
    assert doc["paths"]["/api/students"]["get"]["operationId"] == "listStudents"
    assert doc["paths"]["/api/teachers/{id}"]["x-shulorch-module"] == "Teachers"
    assert set(doc["paths"]["/api/teachers/{id}"]) >= {"get", "put", "patch", "delete"}
    assert "Teacher" in doc["components"]["schemas"]
    assert result.metrics == {"fragments": 1, "paths": 2, "operations": 6}
    assert openapi.run(ctx, {}).artifacts == ()  # a second merge changes nothing


def test_openapi_refuses_to_replace_a_hand_written_path(tmp_path: Path, generated: Path) -> None:
    docs = generated / "docs"
    docs.mkdir()
    (docs / "openapi.yaml").write_text(HAND_WRITTEN.replace("/api/students", "/api/teachers"))
    with pytest.raises(ActionError, match=r"/api/teachers of module Teachers is already defined by hand"):
        openapi.run(make_context(tmp_path, cwd=generated), {})


def test_stats_are_counted_from_the_files(tmp_path: Path, generated: Path) -> None:
    result = stats.run(make_context(tmp_path, cwd=generated), {})
    module = generated / "app/Modules/Teachers"
    files = [p for p in module.rglob("*") if p.is_file()]
    m = result.metrics
    assert (m["modules"], m["endpoints"], m["controllers"], m["services"], m["repositories"]) == (
        1,
        5,
        1,
        1,
        1,
    )
    # id (for is_unique's {id}) 2 + first_name 2 + email 4 + status 3 + class_id 2
    assert m["validation_rules"] == 13
    assert m["files"] == len(files) == 13
    assert m["lines"] == sum(len(p.read_bytes().splitlines()) for p in files)
