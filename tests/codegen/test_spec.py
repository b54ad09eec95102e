"""Module specs: schema, compiler-style errors, defaults, and the eight example specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from shulorch.actions.codegen.model import plural, snake
from shulorch.actions.codegen.spec import load_spec, schema_path
from shulorch.errors import PipelineError
from tests.codegen.conftest import EXAMPLE, SPEC


def test_schema_is_valid_against_its_metaschema() -> None:
    Draft202012Validator.check_schema(json.loads(schema_path().read_text()))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Teacher", "teachers"), ("Library", "libraries"), ("Class", "classes"), ("Day", "days")],
)
def test_plural_of_snake(word: str, expected: str) -> None:
    assert plural(snake(word)) == expected


def test_defaults_are_filled(tmp_path: Path) -> None:
    path = tmp_path / "teachers.yaml"
    path.write_text(SPEC)
    spec = load_spec(path)
    entity = spec.entities[0]
    assert (entity.table, entity.resource, spec.api_prefix) == ("teachers", "teachers", "api")
    assert entity.endpoints == ("index", "show", "create", "update", "delete")
    rules = {f.name: f.rules for f in entity.fields}
    assert rules["first_name"] == "required|max_length[80]"
    assert rules["status"] == "permit_empty|max_length[120]|in_list[active,retired]"
    assert rules["class_id"] == "permit_empty|is_natural_no_zero"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SPEC.replace("type: email", "type: mail"),
            "teachers.yaml:8:21: entities.0.fields.email.type: 'mail' is not one of",
        ),
        (
            SPEC.replace("module: Teachers", "module: teachers"),
            "teachers.yaml:1:9: module: 'teachers' does not match",
        ),
        (
            SPEC + "    endpoints: [index, list]\n",
            "teachers.yaml:12:24: entities.0.endpoints.1: 'list' is not one of",
        ),
        (
            SPEC.replace("max_length: 80}", "max_length: 80, colour: red}"),
            "Additional properties are not allowed ('colour'",
        ),
        (SPEC.replace("first_name: {", "first_name: {{"), "teachers.yaml:8:7: invalid YAML"),
    ],
)
def test_errors_point_to_file_line_column(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "teachers.yaml"
    path.write_text(text)
    with pytest.raises(PipelineError) as err:
        load_spec(path, "teachers.yaml")
    assert expected in str(err.value)


def test_duplicate_entity_names_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    entity = "  - name: Book\n    fields: {title: {type: string}}\n"
    path.write_text("module: Library\nentities:\n" + entity + entity)
    with pytest.raises(PipelineError, match=r"dup.yaml:5:11: entities.1.name: 'Book' is already used"):
        load_spec(path, "dup.yaml")


def test_the_eight_example_specs_load_and_expose_about_45_endpoints() -> None:
    specs = sorted((EXAMPLE / "specs").glob("*.yaml"))
    loaded = [load_spec(p) for p in specs]
    assert len(loaded) == 8
    assert {s.module for s in loaded}.isdisjoint({"Students", "Classes"})
    assert 40 <= sum(s.endpoint_count for s in loaded) <= 50
    relations = {f.relation_table for s in loaded for e in s.entities for f in e.fields if f.relation_table}
    assert {"students", "classes"} <= relations
