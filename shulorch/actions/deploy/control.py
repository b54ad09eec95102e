"""``deploy.stop`` and the status of an environment: which servers run and which release answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.deploy.layout import EnvLayout, load_state
from shulorch.actions.deploy.params import str_list
from shulorch.actions.deploy.release import env_layout
from shulorch.actions.deploy.servers import recorded_servers, server_alive, stop_server


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerStatus:
    name: str
    pid: int
    port: int
    release: str | None
    alive: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class EnvStatus:
    environment: str
    root: str
    active_release: str | None
    active_slot: str | None
    previous_release: str | None
    public_port: int | None
    releases: tuple[tuple[str, str], ...]  # (id, status), oldest first
    servers: tuple[ServerStatus, ...]


def env_status(layout: EnvLayout) -> EnvStatus:
    """What ``deploy.json`` and ``run/`` say about one environment root, with liveness checked now."""
    state = load_state(layout)
    return EnvStatus(
        environment=state.environment,
        root=str(layout.root),
        active_release=state.active_release,
        active_slot=state.active_slot,
        previous_release=state.previous_release,
        public_port=state.public_port,
        releases=tuple((r.id, r.status.value) for r in state.releases),
        servers=tuple(
            ServerStatus(name=s.name, pid=s.pid, port=s.port, release=s.release, alive=server_alive(s))
            for s in recorded_servers(layout)
        ),
    )


def stop_environment(layout: EnvLayout, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Stop the named servers (all recorded ones when none named); returns those that were running.

    The router goes last so the public port answers while the slots shut down.
    """
    recorded = [s.name for s in recorded_servers(layout)]
    wanted = [n for n in recorded if not names or n in names]
    wanted.sort(key=lambda n: n == "router")
    return tuple(n for n in wanted if stop_server(layout, n))


def stop(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Stop the servers of an environment (``with.servers``: blue, green, router; default all)."""
    layout = env_layout(ctx, args)
    names = str_list(args, "servers", ctx.task)
    stopped = stop_environment(layout, names)
    ctx.log.info(f"{layout.root.name}: stopped {', '.join(stopped) or 'nothing (no server was running)'}")
    return ActionResult(
        summary=f"{layout.root.name}: stopped {len(stopped)} server(s)",
        metrics={"environment": layout.root.name, "stopped": list(stopped), "count": len(stopped)},
    )
