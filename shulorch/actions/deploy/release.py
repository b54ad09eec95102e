"""``deploy.release``: copy the app into a new release folder of an environment root.

The release is built under a temporary name and renamed into ``releases/<id>``, so a crash never
leaves a half-copied release that looks complete. It is not served yet: ``deploy.switch`` does that.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.deploy.layout import (
    DeployState,
    EnvLayout,
    ReleaseRecord,
    ReleaseStatus,
    deploy_lock,
    load_state,
    save_state,
)
from shulorch.actions.deploy.params import opt_str, release_id, req_str, str_list
from shulorch.actions.deploy.tree import copy_tree, link_shared
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

DEFAULT_EXCLUDE = (".git", ".github", ".shulorch", "node_modules", ".phpunit.cache", ".phpunit.result.cache")


def env_layout(ctx: ActionContext, args: Mapping[str, Any]) -> EnvLayout:
    """The environment root named by ``with.root``."""
    return EnvLayout(root=ctx.path(req_str(args, "root", ctx.task)).resolve())


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Copy ``source`` into ``<root>/releases/<release>``, write RELEASE, link shared paths."""
    task = ctx.task
    source = ctx.path(req_str(args, "source", task)).resolve()
    layout = env_layout(ctx, args)
    environment = opt_str(args, "environment", task) or layout.root.name
    rid = release_id(opt_str(args, "release", task) or ctx.run_id, task)
    exclude = str_list(args, "exclude", task, DEFAULT_EXCLUDE)
    shared_dirs = str_list(args, "shared_dirs", task, ("writable",))
    shared_files = str_list(args, "shared_files", task, (".env",))
    if not source.is_dir():
        raise ActionError(f"{task}: with.source {source} is not a folder; point it at the app to deploy")
    start = time.monotonic()
    with deploy_lock(layout, task):
        state = load_state(layout, environment)
        if state.record(rid) is not None or layout.release_dir(rid).exists():
            raise ActionError(
                f"{task}: release {rid} already exists in {layout.releases}; releases are immutable, "
                "deploy under a new id (with.release) or a new run"
            )
        layout.releases.mkdir(parents=True, exist_ok=True)
        building = layout.releases / f".build-{rid}"
        shutil.rmtree(building, ignore_errors=True)  # left by a crashed run
        anchored = tuple(f"/{p.strip('/')}" for p in (*shared_dirs, *shared_files))
        try:
            stats = copy_tree(source, building, (*exclude, *anchored), skip=(layout.root,))
            linked = link_shared(layout, source, building, shared_dirs, shared_files)
            write_atomic(building / "RELEASE", rid + "\n")
            building.rename(layout.release_dir(rid))
        except OSError as err:
            shutil.rmtree(building, ignore_errors=True)
            raise ActionError(
                f"{task}: copying {source} into {layout.release_dir(rid)} failed: {err}"
            ) from err
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        record = ReleaseRecord(
            id=rid,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            run_id=ctx.run_id,
            source=str(source),
            files=stats.files,
            bytes=stats.bytes,
            status=ReleaseStatus.PREPARED,
            previous=state.active_release,
        )
        state = replace(state, environment=environment, releases=(*state.releases, record))
        save_state(layout, state)
    duration = round(time.monotonic() - start, 3)
    ctx.log.info(
        f"{environment}: release {rid} prepared in {layout.release_dir(rid)} ({stats.files} files, "
        f"{stats.bytes} bytes, {duration}s); active release stays {state.active_release or 'none'}"
    )
    return ActionResult(
        summary=f"{environment}: release {rid} prepared ({stats.files} files); rollback target "
        f"{state.active_release or 'none'}",
        metrics=_metrics(state, rid, layout, stats.files, stats.bytes, linked, duration),
    )


def _metrics(
    state: DeployState,
    rid: str,
    layout: EnvLayout,
    files: int,
    size: int,
    linked: tuple[str, ...],
    duration: float,
) -> dict[str, Any]:
    return {
        "environment": state.environment,
        "release": rid,
        "previous_release": state.active_release,
        "root": str(layout.root),
        "path": str(layout.release_dir(rid)),
        "files": files,
        "bytes": size,
        "shared": list(linked),
        "duration": duration,
    }
