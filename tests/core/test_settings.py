"""Settings precedence (CLI > environment > --config > pipeline.yaml > default) with provenance, as a
pure table and through ``shulorch config show``, and the seed's ORCHESTRATION_* / ENABLE_* switches."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shulorch.settings import SettingError, resolve_settings
from tests.core.support import Project, statuses

PIPE = ({"jobs": "pipeline.yaml:3:1", "timeout": "pipeline.yaml:3:1"}, {"jobs": 2, "timeout": 60})
OVERLAY = ({"jobs": "config ci.yaml:1:1", "retries": "config ci.yaml:1:1"}, {"jobs": 3, "retries": 1})
ENV = {"ORCHESTRATION_JOBS": "4", "ORCHESTRATION_RETRY_COUNT": "5"}
CLI = {"jobs": 5, "keep_going": None}


@pytest.mark.parametrize(
    ("layers", "env", "cli", "expected"),
    [
        ((), {}, {}, {"jobs": (1, "default"), "retries": (0, "default"), "timeout": (1800.0, "default")}),
        ((PIPE,), {}, {}, {"jobs": (2, "pipeline.yaml:3:1"), "timeout": (60.0, "pipeline.yaml:3:1")}),
        ((PIPE, OVERLAY), {}, {}, {"jobs": (3, "config ci.yaml:1:1"), "retries": (1, "config ci.yaml:1:1")}),
        (
            (PIPE, OVERLAY),
            ENV,
            {},
            {
                "jobs": (4, "environment ORCHESTRATION_JOBS"),
                "retries": (5, "environment ORCHESTRATION_RETRY_COUNT"),
            },
        ),
        ((PIPE, OVERLAY), ENV, CLI, {"jobs": (5, "command line"), "timeout": (60.0, "pipeline.yaml:3:1")}),
        ((PIPE,), {"ORCHESTRATION_JOBS": ""}, {}, {"jobs": (2, "pipeline.yaml:3:1")}),  # empty = unset
        ((), {"ORCHESTRATION_TIMEOUT": "7"}, {}, {"timeout": (7.0, "environment ORCHESTRATION_TIMEOUT")}),
        ((), {"ORCHESTRATION_ENABLED": "off"}, {}, {"enabled": (False, "environment ORCHESTRATION_ENABLED")}),
        ((), {}, {"keep_going": True}, {"keep_going": (True, "command line")}),
    ],
)
def test_precedence_and_sources(
    layers: tuple[tuple[dict[str, str], dict[str, Any]], ...],
    env: dict[str, str],
    cli: dict[str, Any],
    expected: dict[str, tuple[Any, str]],
) -> None:
    settings, sources = resolve_settings(layers, env, cli)
    for name, (value, source) in expected.items():
        assert getattr(settings, name) == value, name
        assert sources[name] == source, name


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"ORCHESTRATION_TIMEOUT": "soon"}, "environment ORCHESTRATION_TIMEOUT: timeout must be a number"),
        ({"ORCHESTRATION_RETRY_COUNT": "-1"}, "retries must be at least 0"),
        ({"ORCHESTRATION_ENABLED": "perhaps"}, "enabled must be true or false"),
        ({"ORCHESTRATION_JOBS": "0"}, "jobs must be at least 1"),
    ],
)
def test_bad_environment_values_name_their_source(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(SettingError) as err:
        resolve_settings((), env, {})
    assert fragment in str(err.value)


PIPELINE = """
    version: 1
    settings:
      jobs: 2
      timeout: 60
    phases:
      prep:
        tasks:
          one: {run: "echo one >> ran.log", uptodate: never}
      deployment:
        enabled: ${ENABLE_DEPLOYMENT:-true}
        tasks:
          ship: {run: "echo ship >> ran.log", uptodate: never}
"""


def _show(project: Project, *args: str) -> dict[str, Any]:
    result = project.cli("config", "show", "-f", str(project.pipeline), "--json", *args)
    assert result.code == 0, result.text
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_config_show_layers(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write(PIPELINE)
    project.write("settings: {jobs: 3, retries: 2}\nvars: {who: overlay}\n", "ci.yaml")
    overlay = str(project.root / "ci.yaml")

    shown = _show(project)["settings"]
    assert shown["jobs"]["value"] == 2 and shown["jobs"]["source"].startswith("pipeline.yaml:3:")
    assert shown["retries"] == {"value": 0, "source": "default"}

    shown = _show(project, "--config", overlay)
    assert shown["settings"]["jobs"]["value"] == 3 and "ci.yaml:1:" in shown["settings"]["jobs"]["source"]
    assert shown["settings"]["retries"]["value"] == 2
    assert shown["settings"]["timeout"]["value"] == 60  # untouched layers still show through
    assert shown["vars"] == {"who": "overlay"}

    monkeypatch.setenv("ORCHESTRATION_JOBS", "4")
    shown = _show(project, "--config", overlay)["settings"]
    assert shown["jobs"] == {"value": 4, "source": "environment ORCHESTRATION_JOBS"}

    shown = _show(project, "--config", overlay, "-j", "5")["settings"]
    assert shown["jobs"] == {"value": 5, "source": "command line"}


def test_config_show_text_names_sources(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write(PIPELINE)
    monkeypatch.setenv("ORCHESTRATION_TIMEOUT", "9")
    result = project.cli("config", "show", "-f", str(project.pipeline))
    assert result.code == 0, result.text
    timeout_line = next(line for line in result.out.splitlines() if line.startswith("timeout"))
    assert "9.0" in timeout_line and "environment ORCHESTRATION_TIMEOUT" in timeout_line
    assert any(line.startswith("jobs") and "pipeline.yaml" in line for line in result.out.splitlines())


def test_orchestration_enabled_false_refuses(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write(PIPELINE)
    monkeypatch.setenv("ORCHESTRATION_ENABLED", "false")
    for command in ("build", "plan"):
        result = project.cli(command, "-f", str(project.pipeline))
        assert result.code == 2, result.text
        assert "orchestration is disabled" in result.err
        assert "ORCHESTRATION_ENABLED" in result.err
    assert project.ran() == []
    assert project.run_ids() == set()


def test_orchestration_timeout_and_retry_count_set_defaults(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write(
        """
        version: 1
        settings: {retry_backoff: 0.01}
        phases:
          p:
            tasks:
              slow: {run: "echo slow >> ran.log; sleep 5", uptodate: never, retries: 0}
              flaky: {run: "echo flaky >> ran.log; exit 3", uptodate: never}
        """
    )
    monkeypatch.setenv("ORCHESTRATION_TIMEOUT", "1")
    monkeypatch.setenv("ORCHESTRATION_RETRY_COUNT", "2")
    shown = _show(project)["settings"]
    assert shown["timeout"] == {"value": 1.0, "source": "environment ORCHESTRATION_TIMEOUT"}
    assert shown["retries"] == {"value": 2, "source": "environment ORCHESTRATION_RETRY_COUNT"}

    result, record = project.build("p.slow")
    tasks = {t["name"]: t for t in record["tasks"]}
    assert result.code == 1
    assert tasks["p.slow"]["status"] == "failed"
    assert "timed out after 1s" in tasks["p.slow"]["error"]
    assert tasks["p.slow"]["attempts"] == 1  # its own `retries: 0` beats the default
    assert tasks["p.slow"]["duration"] < 4.5  # killed after 1 s, not the full 5 s sleep
    result, record = project.build("p.flaky")
    assert {t["name"]: t["attempts"] for t in record["tasks"]} == {"p.flaky": 3}


def test_enable_phase_switch(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write(PIPELINE)
    monkeypatch.setenv("ENABLE_DEPLOYMENT", "false")
    listed = json.loads(project.cli("list", "-f", str(project.pipeline), "--json").out)
    deploy = next(p for p in listed["phases"] if p["name"] == "deployment")
    assert deploy["enabled"] is False
    assert "ENABLE_DEPLOYMENT" in deploy["disabled_reason"]

    result, record = project.build()
    assert result.code == 0, result.text
    assert project.ran() == ["one"]
    assert statuses(record) == {"deployment.ship": "skipped", "prep.one": "success"}
    assert "ENABLE_DEPLOYMENT" in {t["name"]: t for t in record["tasks"]}["deployment.ship"]["reason"]

    monkeypatch.setenv("ENABLE_DEPLOYMENT", "true")
    result, _ = project.build()
    assert sorted(project.ran()) == ["one", "ship"]  # jobs: 2, so in either order


def test_config_overlay_disables_a_phase_and_overrides_vars(project: Project) -> None:
    project.write(
        """
        version: 1
        vars: {greeting: hello}
        phases:
          prep:
            tasks:
              one: {run: "echo {{ vars.greeting }} >> ran.log", uptodate: never}
          deployment:
            tasks:
              ship: {run: "echo ship >> ran.log", uptodate: never}
        """
    )
    project.write("vars: {greeting: overlaid}\nphases: {deployment: {enabled: false}}\n", "ci.yaml")
    result, _ = project.build("--config", str(project.root / "ci.yaml"))
    assert result.code == 0, result.text
    assert project.ran() == ["overlaid"]


def test_environment_beats_overlay_for_phase_switch(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write(PIPELINE)
    project.write("phases: {deployment: {enabled: false}}\n", "ci.yaml")
    monkeypatch.setenv("ENABLE_DEPLOYMENT", "yes")
    shown = _show(project, "--config", str(project.root / "ci.yaml"))
    assert shown["phases"]["deployment"]["enabled"] is True


def test_settings_timeout_accepted_by_schema_loads(project: Project) -> None:
    project.write(
        """
        version: 1
        settings: {timeout: 0.5}
        phases:
          p:
            tasks:
              t: {run: "true"}
        """
    )
    result = project.cli("validate", "-f", str(project.pipeline))
    assert result.code == 0, result.text
