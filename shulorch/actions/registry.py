"""The explicit table of stock actions.

Each phase package declares ``ACTIONS: dict[str, str]`` mapping an action name to
``"module:function"``; this module joins those tables. Functions are imported only when a task
runs, so validating or planning a pipeline never imports copier, defusedxml or the like.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from shulorch.actions.base import Action

# Adding a phase package means adding one name here; adding an action, one row in its package.
_PACKAGES = ("shell", "backup", "codegen", "quality", "git", "deploy", "report")


def action_table() -> Mapping[str, str]:
    """Every registered action name with its import target."""
    table: dict[str, str] = {}
    for package in _PACKAGES:
        module = importlib.import_module(f"shulorch.actions.{package}")
        for name, target in getattr(module, "ACTIONS", {}).items():
            if name in table:
                raise RuntimeError(f"action {name!r} registered twice ({table[name]} and {target})")
            table[name] = target
    return table


def load_action(name: str, table: Mapping[str, str] | None = None) -> Action:
    """Import and return the function behind action ``name`` (names are checked at validation)."""
    target = (table or action_table())[name]
    module_name, _, attr = target.partition(":")
    func: Action = getattr(importlib.import_module(module_name), attr)
    return func
