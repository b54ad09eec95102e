"""``deploy.switch`` (blue-green: put a prepared release on the public port) and ``deploy.rollback``."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.deploy.activation import Activation, activate, prune, serve_options
from shulorch.actions.deploy.checks import parse_checks
from shulorch.actions.deploy.layout import DeployState, ReleaseStatus, deploy_lock, load_state
from shulorch.actions.deploy.params import opt_int, opt_str, release_id
from shulorch.actions.deploy.probe import latency_summary
from shulorch.actions.deploy.release import env_layout
from shulorch.errors import ActionError


def _metrics(state: DeployState, act: Activation, duration: float) -> dict[str, Any]:
    return {
        "environment": state.environment,
        "release": act.release,
        "previous_release": act.previous_release,
        "switched_from": act.previous_release,
        "switched_to": act.release,
        "slot": act.slot,
        "previous_slot": act.previous_slot,
        "url": act.url,
        "slot_url": act.slot_url,
        "reused_slot": act.reused_slot,
        "slot_health": act.slot_health.metrics(),
        "health": act.health.metrics(),
        "smoke": act.smoke,
        "response_ms": latency_summary(act.latencies),
        "duration": duration,
    }


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Serve a prepared release on the idle slot, check it, switch the public port, prune old releases."""
    task = ctx.task
    layout = env_layout(ctx, args)
    opts = serve_options(args, task, parse_checks(args.get("checks"), task, "checks"))
    keep = opt_int(args, "keep_releases", task, 5, minimum=1)
    start = time.monotonic()
    with deploy_lock(layout, task):
        state = load_state(layout)
        wanted = opt_str(args, "release", task)
        if wanted is None:
            record = state.latest(ReleaseStatus.PREPARED)
            if record is None:
                raise ActionError(f"{task}: no prepared release in {layout.root}; run deploy.release first")
            wanted = record.id
        rid = release_id(wanted, task)
        if rid == state.active_release:
            raise ActionError(
                f"{task}: release {rid} already serves {layout.root.name}; deploy a new release"
            )
        state, act = activate(ctx, layout, state, rid, opts)
        state, pruned = prune(layout, state, keep)
    metrics = _metrics(state, act, round(time.monotonic() - start, 3))
    metrics["pruned"] = list(pruned)
    metrics["releases_kept"] = sorted(p.name for p in layout.releases.iterdir() if not p.name.startswith("."))
    return ActionResult(
        summary=f"{state.environment}: {act.url} now serves {rid} (slot {act.slot}, was "
        f"{act.previous_release or 'nothing'}); health {act.health.latency_ms} ms",
        metrics=metrics,
    )


def rollback(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Switch the public port back to the previous release (or ``with.to``), checking it first."""
    task = ctx.task
    layout = env_layout(ctx, args)
    opts = serve_options(args, task, parse_checks(args.get("checks"), task, "checks"))
    start = time.monotonic()
    with deploy_lock(layout, task):
        state = load_state(layout)
        target = opt_str(args, "to", task) or state.previous_release
        if target is None:
            raise ActionError(
                f"{task}: {layout.root} has no previous release to roll back to; name one with with.to"
            )
        target = release_id(target, task, "to")
        record = state.record(target)
        if record is None or record.status == ReleaseStatus.PRUNED:
            raise ActionError(
                f"{task}: release {target} is not in {layout.releases} (pruned or never deployed); "
                "pick one listed in deploy.json"
            )
        if target == state.active_release:
            raise ActionError(
                f"{task}: release {target} already serves {layout.root.name}; nothing to roll back"
            )
        # A failed rollback target keeps its status: it was good once, and may be needed again.
        state, act = activate(ctx, layout, state, target, opts, reuse_idle=True, mark_failed=False)
    ctx.log.warning(f"{state.environment}: rolled back from {act.previous_release} to {target}")
    return ActionResult(
        summary=f"{state.environment}: rolled back {act.url} from {act.previous_release or 'nothing'} "
        f"to {target} (slot {act.slot}{', already running' if act.reused_slot else ''})",
        metrics=_metrics(state, act, round(time.monotonic() - start, 3)),
    )
