"""The answers file of a generated module (copier's format): template revision, source and answers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from shulorch.errors import ActionError

_HEADER = {
    "copier": "# Answers of the last generation; copier and shulorch read them to update this module.\n",
    "cookiecutter": "# Answers of the last generation (written by shulorch); used to update this module.\n",
}


def read(path: Path, where: str) -> dict[str, Any]:
    """The answers of the last generation, or ``{}`` when the module was never generated."""
    if not path.is_file():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ActionError(f"{where}: {path} is not valid YAML ({err}); restore it from git") from err
    if not isinstance(loaded, dict):
        raise ActionError(f"{where}: {path} must be a mapping of answers; restore it from git")
    return loaded


def data_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The template answers without copier's private ``_`` keys."""
    return {k: v for k, v in answers.items() if not str(k).startswith("_")}


def compose(data: Mapping[str, Any], *, commit: str, src_path: str) -> dict[str, Any]:
    return {"_commit": commit, "_src_path": src_path, **data}


def dump(answers: Mapping[str, Any], engine: str) -> str:
    # The same shape copier's `to_nice_yaml` gives, so a later `copier` run reads it unchanged.
    body = yaml.safe_dump(
        dict(answers), indent=4, allow_unicode=True, default_flow_style=False, sort_keys=True
    )
    return _HEADER.get(engine, "") + body
