"""Fixtures of the core tests (helpers live in tests/core/support.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tests.core.support import project

__all__ = ["project"]


@pytest.fixture
def fake_actions(monkeypatch: pytest.MonkeyPatch) -> str:
    """Registers ``testing.write`` (tests/core/fake_actions.py) next to the stock actions."""
    from shulorch.actions import registry

    real = registry.action_table

    def table() -> Mapping[str, str]:
        return {**real(), "testing.write": "tests.core.fake_actions:write"}

    monkeypatch.setattr(registry, "action_table", table)
    return "testing.write"
