"""Reading a task's ``with:`` values: each helper checks one type and names the task and key on error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shulorch.errors import ActionError

_RELEASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _bad(task: str, key: str, expected: str, value: object) -> ActionError:
    return ActionError(
        f"{task}: with.{key}: expected {expected}, got {value!r}; fix the task in pipeline.yaml"
    )


def req_str(args: Mapping[str, Any], key: str, task: str) -> str:
    """A required non-empty string."""
    value = args.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(task, key, "a non-empty string (required)", value)
    return value


def opt_str(args: Mapping[str, Any], key: str, task: str, default: str | None = None) -> str | None:
    value = args.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _bad(task, key, "a string", value)
    return str(value)


def opt_int(args: Mapping[str, Any], key: str, task: str, default: int, minimum: int = 0) -> int:
    value = args.get(key, default)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _bad(task, key, f"an integer >= {minimum}", value)
    return value


def opt_float(args: Mapping[str, Any], key: str, task: str, default: float, minimum: float = 0.0) -> float:
    value = args.get(key, default)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _bad(task, key, "a number", value) from None
    if not isinstance(value, int | float) or isinstance(value, bool) or value < minimum:
        raise _bad(task, key, f"a number >= {minimum}", value)
    return float(value)


def opt_bool(args: Mapping[str, Any], key: str, task: str, default: bool) -> bool:
    value = args.get(key, default)
    if isinstance(value, str) and value.lower() in {"true", "false", "1", "0", "yes", "no"}:
        return value.lower() in {"true", "1", "yes"}
    if not isinstance(value, bool):
        raise _bad(task, key, "true or false", value)
    return value


def str_list(args: Mapping[str, Any], key: str, task: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A list of strings; a single string counts as a one-item list."""
    value = args.get(key)
    if value is None:
        return default
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _bad(task, key, "a list of strings", value)
    return tuple(value)


def str_map(args: Mapping[str, Any], key: str, task: str) -> dict[str, str]:
    """A mapping of names to scalar values, stringified (environment variables, headers)."""
    value = args.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _bad(task, key, "a mapping of names to values", value)
    out: dict[str, str] = {}
    for name, item in value.items():
        if isinstance(item, bool):
            out[name] = "true" if item else "false"
        elif isinstance(item, str | int | float):
            out[name] = str(item)
        else:
            raise _bad(task, f"{key}.{name}", "a string or number", item)
    return out


def release_id(value: str, task: str, key: str = "release") -> str:
    """A release id usable as a folder name: letters, digits, dot, dash, underscore."""
    if not _RELEASE_ID.match(value):
        raise _bad(task, key, "a release id of letters, digits, '.', '-' or '_' (max 128)", value)
    return value
