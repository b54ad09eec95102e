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
        raise SettingError(f"{source}: {name} must be a {kind.__name__}, not {value!r}") from err
    if kind in (int, float) and number < (1 if name in ("jobs", "timeout") else 0):
        raise SettingError(f"{source}: {name} must be at least {1 if name in ('jobs', 'timeout') else 0}")
    return number


def resolve_settings(
    layers: tuple[tuple[str, Mapping[str, Any]], ...],
    env: Mapping[str, str],
    cli: Mapping[str, Any],
) -> tuple[Settings, dict[str, str]]:
    """Apply ``layers`` (lowest first, each ``(source, values)``), then the environment, then the CLI.

    Returns the settings and, for each one, where its value came from.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {name: "default" for name in _TYPES}
    for source, layer in layers:
        for name, value in layer.items():
            values[name] = coerce(name, value, source)
            sources[name] = source
    for var, name in ENV_SETTINGS.items():
        if env.get(var, "") != "":
            values[name] = coerce(name, env[var], f"environment {var}")
            sources[name] = f"environment {var}"
    for name, value in cli.items():
        if value is not None:
            values[name] = coerce(name, value, "command line")
            sources[name] = "command line"
    return Settings(**values), sources
