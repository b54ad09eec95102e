"""Validation errors through ``shulorch.cli.main``: ``pipeline.yaml:LINE:COL: path: message``, exit 2,
nothing run. Also the shipped schemas against their metaschema, and ``shulorch schema``."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from shulorch.actions.registry import action_table
from tests.core.support import Project

REPO = Path(__file__).resolve().parents[2]

# Every bad pipeline has a first task that would leave a trace if anything ran.
HEAD = """\
version: 1
phases:
  a:
    tasks:
      mark: {run: "echo ran >> ran.log", uptodate: never}
"""

_first_action = sorted(action_table())[0]
# Swap the last two letters of a registered action: the suggestion must name the real one.
_typo_action = _first_action[:-2] + _first_action[-1] + _first_action[-2]

CASES = [
    pytest.param(
        HEAD + '      x: {run: "echo" \n      y: [}\n',
        r"pipeline\.yaml:7:7: did not find expected ',' or '}'",
        id="yaml-syntax",
    ),
    pytest.param(
        HEAD + "      x:\n        run: echo\n      x:\n        run: echo\n",
        r"pipeline\.yaml:8:7: phases\.a\.tasks\.x: duplicate key 'x' \(first defined at line 6\)",
        id="duplicate-key",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, timout: 5}\n",
        r"pipeline\.yaml:6:22: phases\.a\.tasks\.x\.timout: unknown key 'timout'; did you mean 'timeout'\?",
        id="unknown-key",
    ),
    pytest.param(
        HEAD.replace("phases:", "phase: {}\nphases:"),
        r"pipeline\.yaml:2:1: phase: unknown key 'phase'; did you mean 'phases'\?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, timeout: '5'}\n",
        r"pipeline\.yaml:6:22: phases\.a\.tasks\.x\.timeout: '5' is not of type 'number'",
        id="wrong-type",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, timeout: -5}\n",
        r"pipeline\.yaml:6:22: phases\.a\.tasks\.x\.timeout: -5 is less than or equal to the minimum of 0",
        id="below-minimum",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, retries: many}\n",
        r"pipeline\.yaml:6:22: phases\.a\.tasks\.x\.retries: 'many' is not of type 'integer'",
        id="wrong-type-integer",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, action: shell.run}\n",
        r"pipeline\.yaml:6:7: phases\.a\.tasks\.x: a task takes exactly one of `run` \(shell command\) or "
        r"`action`",
        id="run-and-action",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, deps: [mrak]}\n",
        r"pipeline\.yaml:6:29: phases\.a\.tasks\.x\.deps\.0: unknown task 'a\.mrak'; "
        r"did you mean 'a\.mark'\?",
        id="unknown-dep",
    ),
    pytest.param(
        HEAD + "  b:\n    needs: [aa]\n    tasks:\n      y: {run: echo}\n",
        r"pipeline\.yaml:7:13: phases\.b\.needs\.0: unknown phase 'aa'; did you mean 'a'\?",
        id="unknown-needs",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, deps: [y]}\n      y: {run: echo, deps: [z]}\n"
        "      z: {run: echo, deps: [x]}\n",
        r"pipeline\.yaml:2:1: phases: dependency cycle: a\.x -> a\.y -> a\.z -> a\.x",
        id="task-cycle",
    ),
    pytest.param(
        HEAD.replace("  a:\n", "  a:\n    needs: [b]\n")
        + "  b:\n    needs: [a]\n    tasks:\n      y: {run: echo}\n",
        r"pipeline\.yaml:2:1: phases: dependency cycle: phase a -> phase b -> phase a",
        id="phase-cycle",
    ),
    pytest.param(
        HEAD + f"      x: {{action: {_typo_action}}}\n",
        rf"pipeline\.yaml:6:11: phases\.a\.tasks\.x\.action: unknown action '{re.escape(_typo_action)}'; "
        rf"did you mean '{re.escape(_first_action)}'\?",
        id="unknown-action",
    ),
    pytest.param(
        HEAD + "      x: {run: 'echo {{ vars.nope }}'}\n",
        r"pipeline\.yaml:6:11: phases\.a\.tasks\.x\.run: undefined template variable in .*vars\.nope.*'nope'",
        id="undefined-jinja-variable",
    ),
    pytest.param(
        HEAD + "      x: {run: 'echo ${SHULORCH_TEST_NOPE}'}\n",
        r"pipeline\.yaml:6:11: phases\.a\.tasks\.x\.run: environment variable SHULORCH_TEST_NOPE is not set",
        id="undefined-env-variable",
    ),
    pytest.param(
        HEAD + "      x: !!python/object:os.system {run: echo}\n",
        r"pipeline\.yaml:6:10: phases\.a\.tasks\.x: the tag '!!python/object:os\.system' is not allowed",
        id="python-object-tag",
    ),
    pytest.param(
        HEAD + "      x: {run: !!python/name:os.system ''}\n",
        r"pipeline\.yaml:6:16: phases\.a\.tasks\.x\.run: the tag '!!python/name:os\.system' is not allowed",
        id="python-name-tag",
    ),
    pytest.param(
        HEAD.replace("  a:\n", "  a:\n    enabled: '${SHULORCH_TEST_SWITCH:-maybe}'\n"),
        r"pipeline\.yaml:4:5: phases\.a\.enabled: enabled resolved to 'maybe'",
        id="enabled-not-boolean",
    ),
    pytest.param(
        HEAD + "      x: {run: echo, foreach: 'specs/*.nothing'}\n",
        r"pipeline\.yaml:6:22: phases\.a\.tasks\.x\.foreach: the glob 'specs/\*\.nothing' matches no file",
        id="foreach-glob-matches-nothing",
    ),
    pytest.param(
        HEAD + "  b:\n    number: 1\n    tasks:\n      y: {run: echo}\n",
        r"pipeline\.yaml:6:3: phases\.b: phase number 1 is already used by 'a'",
        id="duplicate-phase-number",
    ),
    pytest.param(
        HEAD.replace("version: 1", "version: 2"),
        r"pipeline\.yaml:1:1: version: 1 was expected",
        id="wrong-version",
    ),
]


@pytest.mark.parametrize(("text", "pattern"), CASES)
@pytest.mark.parametrize("command", ["build", "validate"])
def test_validation_error(project: Project, text: str, pattern: str, command: str) -> None:
    project.pipeline.write_text(text, encoding="utf-8")
    result = project.cli(command, "-f", str(project.pipeline))
    assert result.code == 2, result.text
    assert re.search(r"^shulorch: error: " + pattern, result.err, re.MULTILINE), result.err
    assert result.out == ""
    assert project.ran() == []  # nothing ran
    assert not (project.root / ".shulorch" / "runs").exists()


def test_every_problem_is_reported_in_file_order(project: Project) -> None:
    project.write(
        """
        version: 1
        phases:
          a:
            tasks:
              x: {run: echo, timeout: -1}
              y: {run: echo, colour: red}
        """
    )
    result = project.cli("validate", "-f", str(project.pipeline))
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if "pipeline.yaml:" in line]
    assert len(lines) == 2
    assert "pipeline.yaml:5:" in lines[0] and "timeout" in lines[0]
    assert "pipeline.yaml:6:" in lines[1] and "colour" in lines[1]


def test_missing_pipeline_file_says_what_to_do(project: Project) -> None:
    result = project.cli("validate", "-f", "nowhere.yaml")
    assert result.code == 2
    assert "nowhere.yaml: file not found" in result.err


def test_invalid_config_overlay_names_its_file(project: Project) -> None:
    project.write(HEAD)
    project.write("settings: {jobz: 2}\n", "ci.yaml")
    result = project.cli("validate", "-f", str(project.pipeline), "--config", "ci.yaml")
    assert result.code == 2
    assert re.search(r"ci\.yaml:1:12: settings\.jobz: unknown key 'jobz'; did you mean 'jobs'\?", result.err)


# -- the schema ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["pipeline.schema.json", "config.schema.json"])
def test_shipped_schema_is_valid_against_its_metaschema(name: str) -> None:
    schema = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator_for(schema).check_schema(schema)  # and the draft it declares


def test_schema_command_prints_the_shipped_schema(project: Project) -> None:
    result = project.cli("schema")
    assert result.code == 0
    assert json.loads(result.out) == json.loads((REPO / "schema" / "pipeline.schema.json").read_text())
    result = project.cli("schema", "--config")
    assert json.loads(result.out)["title"] == "shulorch --config overlay"


EXAMPLE = """
    # yaml-language-server: $schema=https://shulorch.dev/schema/pipeline.schema.json
    version: 1
    project: shulelabs
    vars:
      app: examples/shulelabs
    env:
      APP_ENV: testing
    settings:
      enabled: ${ORCHESTRATION_ENABLED:-true}
      timeout: 600
      retries: 1
      retry_backoff: 0.5
      jobs: 2
      keep_going: false
      state_dir: .shulorch
      log_dir: writable/logs/orchestration
      report_dir: writable/reports
    phases:
      backup:
        number: 1
        title: Restart & backup
        description: Snapshot before anything changes.
        tags: [backup, safety]
        tasks:
          snapshot:
            title: Snapshot the app
            run: "echo snapshot {{ vars.app }}"
            file_dep: ["app/**/*.php"]
            targets: [backups/latest.txt]
            uptodate: run_once
      quality:
        title: Quality
        tags: [checks]
        enabled: ${ENABLE_QUALITY:-true}
        needs: [backup]
        env: {XDEBUG_MODE: coverage}
        tasks:
          lint:
            run: ["php -l {{ item }}"]
            foreach: [a.php, b.php]
            cwd: .
            timeout: 30
            retries: 0
            when: "{{ vars.app != '' }}"
          test:
            run: phpunit
            deps: [lint, backup.snapshot]
            env: {APP_ENV: testing}
            uptodate: never
"""


def test_example_pipeline_validates(project: Project) -> None:
    project.write(EXAMPLE)
    result = project.cli("validate", "-f", str(project.pipeline))
    assert result.code == 0, result.text
    assert result.out.strip() == "pipeline.yaml: valid (2 phases, 4 tasks)"


def test_repository_pipeline_has_modeline_and_validates(project: Project) -> None:
    pipeline = REPO / "pipeline.yaml"
    if not pipeline.exists():
        pytest.skip("the repository's pipeline.yaml is not written yet")
    assert pipeline.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    result = project.cli("validate", "-f", str(pipeline))
    assert result.code == 0, result.text


def test_documentation_example_is_not_stale() -> None:
    # The example above must keep every task key the schema knows, so a new key gets a test.
    schema = json.loads((REPO / "schema" / "pipeline.schema.json").read_text())
    defs = schema.get("$defs") or schema.get("definitions")
    task_keys = set(defs["task"]["properties"]) - {"action", "with", "description"}
    used = set(re.findall(r"^\s+(\w+):", textwrap.dedent(EXAMPLE), re.MULTILINE))
    assert task_keys <= used, task_keys - used
