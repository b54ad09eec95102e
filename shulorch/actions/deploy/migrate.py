"""``deploy.migrate``: run the app's migrations (``php spark migrate``) in a release, against the
environment's shared database, and read success from the output."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.deploy.activation import serve_options, server_env
from shulorch.actions.deploy.layout import ReleaseStatus, load_state
from shulorch.actions.deploy.params import opt_float, opt_str, release_id, str_list
from shulorch.actions.deploy.release import env_layout
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

# CodeIgniter 4 prints "Migrations complete." (older releases "Done migrations.") after a good run,
# "Migration failed!" on error, and one "Running: (<namespace>) <version>_<Name>" line per migration.
SUCCESS = r"Migrations complete\.|Done migrations\."
FAILURE = r"Migration failed!|\[CodeIgniter\\[A-Za-z\\]+Exception\]|PHP Fatal error"
_RAN = re.compile(r"^\s*Running:\s*(.+?)\s*$", re.MULTILINE)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Run the migration command in the release about to go live (default: newest prepared)."""
    task = ctx.task
    layout = env_layout(ctx, args)
    state = load_state(layout)
    wanted = opt_str(args, "release", task)
    if wanted is None:
        record = state.latest(ReleaseStatus.PREPARED, ReleaseStatus.ACTIVE)
        if record is None:
            raise ActionError(f"{task}: no release in {layout.root} to migrate; run deploy.release first")
        wanted = record.id
    rid = release_id(wanted, task)
    rel_dir = layout.release_dir(rid)
    if not rel_dir.is_dir():
        raise ActionError(f"{task}: release {rid} not found in {layout.releases}")
    php = opt_str(args, "php", task, "php") or "php"
    command = str_list(args, "command", task, ("spark", "migrate"))
    success = re.compile(opt_str(args, "success", task, SUCCESS) or SUCCESS)
    failure = re.compile(opt_str(args, "failure", task, FAILURE) or FAILURE)
    timeout = opt_float(args, "timeout", task, 300.0, minimum=1.0)
    argv = [php, *command]
    result = ctx.run(argv, cwd=rel_dir, env=server_env(ctx, serve_options(args, task)), timeout=timeout)
    output = result.stdout + result.stderr
    log_path = ctx.report_dir / f"deploy-migrate-{state.environment}-{rid}.log"
    write_atomic(log_path, f"$ {' '.join(result.argv)}  (cwd {rel_dir})\n{output}")
    ran = _RAN.findall(output)
    metrics = {
        "environment": state.environment,
        "release": rid,
        "command": " ".join(result.argv),
        "exit_code": result.returncode,
        "migrations": len(ran),
        "migrated": ran,
        "duration": round(result.duration, 3),
    }
    problem = ""
    if result.timed_out:
        problem = f"timed out after {timeout:g}s"
    elif result.returncode != 0:
        problem = f"exited {result.returncode}"
    elif failure.search(output):
        problem = f"output reports a failure ({failure.search(output).group(0)!r})"  # type: ignore[union-attr]
    elif not success.search(output):
        problem = f"output lacks a success line matching {success.pattern!r}"
    if problem:
        raise ActionError(
            f"{task}: `{' '.join(result.argv)}` in {rel_dir} {problem}; the release was not "
            f"switched in. Output ({log_path}):\n{result.tail()}"
        )
    ctx.log.info(f"{state.environment}: {len(ran)} migration(s) applied for release {rid}")
    return ActionResult(
        summary=f"{state.environment}: migrations ok for {rid} ({len(ran)} applied)",
        metrics=metrics,
        artifacts=(str(log_path),),
    )
