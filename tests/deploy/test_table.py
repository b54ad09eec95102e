"""The deploy ACTIONS table: every row imports to a callable."""

from __future__ import annotations

from shulorch.actions.deploy import ACTIONS
from shulorch.actions.registry import action_table, load_action


def test_every_deploy_action_loads() -> None:
    table = action_table()
    assert set(ACTIONS) <= set(table)
    for name in ACTIONS:
        assert callable(load_action(name, table)), name
    assert {"deploy.release", "deploy.switch", "deploy.rollback", "deploy.stop"} <= set(ACTIONS)
