"""`shulorch templates list` and `shulorch new module`, in-process through click."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from shulorch.cli import cli
from tests.codegen.conftest import FIXTURES, TEMPLATE


def test_templates_list_shows_engine_and_description(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TEMPLATE, tmp_path / "generators" / "ci4-module")
    shutil.copytree(FIXTURES / "cc-module", tmp_path / "generators" / "cc-module")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["templates", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["cc-module", "cookiecutter"]
    assert lines[1].split()[:2] == ["ci4-module", "copier"]
    assert "CodeIgniter 4 REST module" in lines[1]


def test_new_module_writes_a_starter_spec_and_generates(
    tmp_path: Path, app: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["new", "module", "transport-routes", "--app", "app", "--template", "generators/ci4-module"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (app / "specs" / "transportroutes.yaml").is_file()
    module = app / "app" / "Modules" / "TransportRoutes"
    assert (module / "Controllers" / "TransportRoutesController.php").is_file()
    assert "'App\\Modules\\TransportRoutes'" in (app / "app/Config/Autoload.php").read_text()

    again = CliRunner().invoke(cli, args)
    assert again.exit_code != 0
    assert "already exists" in str(again.exception)
