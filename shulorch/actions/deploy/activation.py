"""Blue-green activation: serve a release on the idle slot, check it, then point the router at it.

Order matters: the public port changes only after the idle slot passed health (and smoke) checks,
and the switch is verified through the public port; any failure restores the previous slot.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext
from shulorch.actions.deploy import router
from shulorch.actions.deploy.layout import (
    SLOTS,
    DeployState,
    EnvLayout,
    ReleaseStatus,
    save_state,
    switch_symlink,
)
from shulorch.actions.deploy.params import opt_bool, opt_float, opt_int, opt_str, str_map
from shulorch.actions.deploy.probe import HealthResult, SmokeCheck, check_health, run_check, smoke_metrics
from shulorch.actions.deploy.servers import (
    ServerInfo,
    free_port,
    read_server,
    server_alive,
    start_server,
    stop_server,
)
from shulorch.actions.deploy.tree import remove_release
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """How a release is served and judged (the ``with:`` values shared by switch and rollback)."""

    php: str = "php"
    docroot: str = "public"
    php_router: str | None = None  # router script for php -S, relative to the release
    workers: int = 2
    env: Mapping[str, str] = field(default_factory=dict)
    port: int | None = None  # public port; None keeps the recorded one or picks a free one
    health_path: str = "/health"
    health_timeout: float = 20.0
    require_database: bool = True
    checks: tuple[SmokeCheck, ...] = ()


def serve_options(args: Mapping[str, Any], task: str, checks: tuple[SmokeCheck, ...] = ()) -> ServeOptions:
    port = opt_int(args, "port", task, 0)
    return ServeOptions(
        php=opt_str(args, "php", task, "php") or "php",
        docroot=opt_str(args, "docroot", task, "public") or "public",
        php_router=opt_str(args, "php_router", task),
        workers=opt_int(args, "workers", task, 2, minimum=1),
        env=str_map(args, "env", task),
        port=port or None,
        health_path=opt_str(args, "health_path", task, "/health") or "/health",
        health_timeout=opt_float(args, "health_timeout", task, 20.0, minimum=0.5),
        require_database=opt_bool(args, "require_database", task, True),
        checks=checks,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Activation:
    """What a successful activation measured."""

    release: str
    previous_release: str | None
    slot: str
    previous_slot: str | None
    url: str
    slot_url: str
    slot_health: HealthResult
    health: HealthResult  # through the public port, after the switch
    smoke: dict[str, Any] | None
    reused_slot: bool
    latencies: tuple[float, ...]


def server_env(ctx: ActionContext, opts: ServeOptions) -> dict[str, str]:
    env = {**ctx.env, **opts.env}
    # The release must answer with the id written into its files, never one inherited from the shell.
    env.pop("APP_RELEASE", None)
    if opts.workers > 1:
        env["PHP_CLI_SERVER_WORKERS"] = str(opts.workers)
    return env


def _start_slot(
    ctx: ActionContext, layout: EnvLayout, slot: str, release: str, opts: ServeOptions
) -> ServerInfo:
    rel_dir = layout.release_dir(release)
    docroot = rel_dir / opts.docroot
    if not docroot.is_dir():
        raise ActionError(f"{ctx.task}: {docroot} is not a folder; set with.docroot to the app's web root")
    stop_server(layout, slot)
    port = free_port()
    argv = [opts.php, "-S", f"127.0.0.1:{port}", "-t", str(docroot)]
    if opts.php_router:
        argv.append(str(rel_dir / opts.php_router))
    return start_server(
        ctx, layout, name=slot, argv=argv, cwd=rel_dir, env=server_env(ctx, opts), port=port, release=release
    )


def ensure_router(
    ctx: ActionContext, layout: EnvLayout, state: DeployState, opts: ServeOptions
) -> ServerInfo:
    """The front router on the public port, started if it is not running."""
    info = read_server(layout, "router")
    wanted = opts.port or state.public_port
    if info is not None and server_alive(info) and (wanted is None or info.port == wanted):
        return info
    stop_server(layout, "router")
    port = wanted or free_port()
    argv = [
        sys.executable,
        str(Path(router.__file__)),
        "--port",
        str(port),
        "--active",
        str(layout.active_file),
    ]
    return start_server(
        ctx, layout, name="router", argv=argv, cwd=layout.root, env=dict(ctx.env), port=port, release=None
    )


def _refuse(
    ctx: ActionContext,
    layout: EnvLayout,
    state: DeployState,
    release: str,
    slot: str,
    why: str,
    *,
    mark: bool,
) -> ActionError:
    """Stop the refused slot, record the failure, and say which release still serves traffic."""
    stop_server(layout, slot)
    if mark and state.record(release) is not None:
        save_state(layout, state.with_status(release, ReleaseStatus.FAILED))
    still = state.active_release or "no release"
    where = f"127.0.0.1:{state.public_port}" if state.public_port else "the public port"
    ctx.log.error(f"{state.environment}: release {release} refused: {why}; {still} still serves {where}")
    return ActionError(
        f"{ctx.task}: release {release} was not switched in ({why}); {still} still serves {where} "
        f"(rolled back). Fix the release and deploy again; slot log: {layout.run_dir / (slot + '.log')}"
    )


def _reconcile(ctx: ActionContext, layout: EnvLayout, state: DeployState) -> DeployState:
    """Trust ``active.json`` (what the router serves) over ``deploy.json`` when they disagree.

    They disagree only when a run died between switching the router and saving the log.
    """
    active = router.read_active(layout.active_file)
    if active is None or (active.get("release"), active.get("slot")) == (
        state.active_release,
        state.active_slot,
    ):
        return state
    release, slot = str(active.get("release")), str(active.get("slot"))
    if slot not in SLOTS or state.record(release) is None:
        return state
    ctx.log.warning(
        f"{state.environment}: router serves {release} ({slot}) but deploy.json said "
        f"{state.active_release} ({state.active_slot}); an earlier run was interrupted, "
        "using the router's view"
    )
    old = state.active_release
    return replace(
        state.with_status(release, ReleaseStatus.ACTIVE),
        active_release=release,
        active_slot=slot,
        previous_release=old if old != release else state.previous_release,
    )


def activate(
    ctx: ActionContext,
    layout: EnvLayout,
    state: DeployState,
    release: str,
    opts: ServeOptions,
    *,
    reuse_idle: bool = False,
    mark_failed: bool = True,
) -> tuple[DeployState, Activation]:
    """Serve ``release`` on the idle slot, check it, switch the router, verify; the caller holds the lock."""
    if not layout.release_dir(release).is_dir():
        raise ActionError(
            f"{ctx.task}: release {release} not found in {layout.releases}; run deploy.release first"
        )
    state = _reconcile(ctx, layout, state)
    previous_slot = state.active_slot
    slot = SLOTS[1] if previous_slot == SLOTS[0] else SLOTS[0]
    idle = read_server(layout, slot)
    reused = bool(reuse_idle and idle is not None and idle.release == release and server_alive(idle))
    info = idle if reused and idle is not None else _start_slot(ctx, layout, slot, release, opts)
    slot_health = check_health(
        info.url,
        expected_release=release,
        require_database=opts.require_database,
        path=opts.health_path,
        timeout=opts.health_timeout,
    )
    latencies = list(slot_health.latencies)
    if not slot_health.ok:
        raise _refuse(
            ctx,
            layout,
            state,
            release,
            slot,
            f"health on {slot_health.url}: {slot_health.problem}",
            mark=mark_failed,
        )
    smoke = None
    if opts.checks:
        outcomes = [run_check(info.url, check) for check in opts.checks]
        smoke = smoke_metrics(outcomes)
        latencies += [o.latency_ms for o in outcomes]
        if smoke["failed"]:
            reasons = "; ".join(f"{f['method']} {f['path']}: {f['reason']}" for f in smoke["failures"])
            raise _refuse(
                ctx,
                layout,
                state,
                release,
                slot,
                f"smoke {smoke['failed']}/{smoke['total']} failed: {reasons}",
                mark=mark_failed,
            )
    front = ensure_router(ctx, layout, state, opts)
    state = replace(state, public_port=front.port)
    before = layout.active_file.read_bytes() if layout.active_file.exists() else None
    write_atomic(layout.active_file, json.dumps({"slot": slot, "port": info.port, "release": release}) + "\n")
    health = check_health(
        front.url,
        expected_release=release,
        require_database=opts.require_database,
        path=opts.health_path,
        timeout=min(opts.health_timeout, 10.0),
    )
    latencies += health.latencies
    if not health.ok:
        if before is None:
            layout.active_file.unlink(missing_ok=True)
        else:
            write_atomic(layout.active_file, before)
        raise _refuse(
            ctx, layout, state, release, slot, f"public port answered {health.problem}", mark=mark_failed
        )
    switch_symlink(layout.current, os.path.join("releases", release))
    old = state.active_release
    if old is not None and old != release:
        state = state.with_status(old, ReleaseStatus.RETIRED)
    state = replace(
        state.with_status(release, ReleaseStatus.ACTIVE),
        active_release=release,
        active_slot=slot,
        previous_release=old if old != release else state.previous_release,
    )
    save_state(layout, state)
    ctx.log.info(
        f"{state.environment}: traffic on {front.url} switched from {old or 'nothing'} "
        f"({previous_slot or '-'}) to {release} ({slot})"
    )
    return state, Activation(
        release=release,
        previous_release=old,
        slot=slot,
        previous_slot=previous_slot,
        url=front.url,
        slot_url=info.url,
        slot_health=slot_health,
        health=health,
        smoke=smoke,
        reused_slot=reused,
        latencies=tuple(latencies),
    )


def prune(layout: EnvLayout, state: DeployState, keep: int) -> tuple[DeployState, tuple[str, ...]]:
    """Delete release folders beyond the newest ``keep``; never the active release, the rollback
    target or a release a running slot still serves."""
    protected = {state.active_release, state.previous_release}
    for slot in SLOTS:
        info = read_server(layout, slot)
        if info is not None and server_alive(info):
            protected.add(info.release)
    present = [r for r in state.releases if r.status != ReleaseStatus.PRUNED]
    pruned = []
    for record in reversed(present[: max(0, len(present) - keep)]):
        if record.id in protected:
            continue
        remove_release(layout, record.id)
        state = state.with_status(record.id, ReleaseStatus.PRUNED)
        pruned.append(record.id)
    if pruned:
        save_state(layout, state)
    return state, tuple(pruned)
