"""Resolution of settings with their provenance.

Precedence, highest first: command line > environment (ORCHESTRATION_*) > ``--config`` overlay >
pipeline.yaml > built-in default. Pure: every input is passed in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from shulorch.interpolate import parse_bool
from shulorch.model import Settings

# Environment switches of the seed orchestrator, mapped onto settings.
ENV_SETTINGS: dict[str, str] = {
    "ORCHESTRATION_ENABLED": "enabled",
    "ORCHESTRATION_TIMEOUT": "timeout",
    "ORCHESTRATION_RETRY_COUNT": "retries",
    "ORCHESTRATION_JOBS": "jobs",
}

_TYPES: dict[str, type] = {f.name: type(f.default) for f in dataclasses.fields(Settings)}
# The same bounds as the schema, which checks the files; these check the environment.
_MINIMUM = {"jobs": 1}
_MAXIMUM = {"jobs": 64, "retries": 20}


class SettingError(ValueError):
    """A setting value has the wrong type; the message names the source."""


def coerce(name: str, value: Any, source: str) -> Any:
    """Convert ``value`` (often a string from the environment) to the setting's type."""
    kind = _TYPES[name]
    if kind is bool:
        parsed = parse_bool(value)
        if parsed is None:
            raise SettingError(f"{source}: {name} must be true or false, not {value!r}")
        return parsed
    try:
        number = kind(value)
    except (TypeError, ValueError) as err:
        what = {"float": "number", "int": "whole number"}.get(kind.__name__, kind.__name__)
        raise SettingError(f"{source}: {name} must be a {what}, not {value!r}") from err
    if name == "timeout" and number <= 0:
        raise SettingError(f"{source}: {name} must be more than 0 seconds, not {value!r}")
    if kind in (int, float) and number < _MINIMUM.get(name, 0):
        raise SettingError(f"{source}: {name} must be at least {_MINIMUM.get(name, 0)}, not {value!r}")
    if name in _MAXIMUM and number > _MAXIMUM[name]:
        raise SettingError(f"{source}: {name} must be at most {_MAXIMUM[name]}, not {value!r}")
    return number


def resolve_settings(
    layers: tuple[tuple[Mapping[str, str], Mapping[str, Any]], ...],
    env: Mapping[str, str],
    cli: Mapping[str, Any],
) -> tuple[Settings, dict[str, str]]:
    """Apply ``layers`` (lowest first, each ``(source of each key, values)``), then the environment,
    then the CLI. Returns the settings and, for each one, where its value came from."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {name: "default" for name in _TYPES}
    for where, layer in layers:
        for name, value in layer.items():
            values[name] = coerce(name, value, where.get(name, "settings"))
            sources[name] = where.get(name, "settings")
    for var, name in ENV_SETTINGS.items():
        if env.get(var, "") != "":
            values[name] = coerce(name, env[var], f"environment {var}")
            sources[name] = f"environment {var}"
    for name, value in cli.items():
        if value is not None:
            values[name] = coerce(name, value, "command line")
            sources[name] = "command line"
    return Settings(**values), sources
