"""The backup actions as pipeline tasks call them: ``with:`` values in, measured metrics out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from shulorch.actions.backup import databases as db
from shulorch.actions.backup.model import find_backup
from shulorch.actions.backup.prune import prune_backups
from shulorch.actions.backup.snapshot import DEFAULT_EXCLUDES, SnapshotOptions, take_snapshot
from shulorch.actions.backup.verify import verify_backup
from shulorch.actions.base import ActionContext, ActionResult
from shulorch.errors import ActionError
from shulorch.process import ProcessResult


def _strings(
    ctx: ActionContext, args: Mapping[str, Any], key: str, default: Sequence[str]
) -> tuple[str, ...]:
    value = args.get(key, default)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ActionError(f"{ctx.task}: with.{key} must be a list of strings")
    return tuple(value)


def snapshot(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """``backup.snapshot``: snapshot the tree, configuration and databases into ``dest``."""
    if "source" not in args:
        raise ActionError(f"{ctx.task}: with.source is required (the project tree to back up)")
    items = args.get("databases", [])
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise ActionError(f"{ctx.task}: with.databases must be a list of mappings with a `type`")
    # sqlite paths are relative to the task's folder, like every path of `with:`.
    resolved = [{**i, "path": str(ctx.path(str(i["path"])))} if i.get("path") else dict(i) for i in items]
    # `optional: true`: a SQLite file that does not exist yet (first deployment) is skipped, said so.
    absent = [i for i in resolved if i.get("optional") and i.get("path") and not Path(i["path"]).exists()]
    for item in absent:
        ctx.log.warning(f"{ctx.task}: database {item['path']} does not exist yet (optional): not backed up")
    resolved = [{k: v for k, v in i.items() if k != "optional"} for i in resolved if i not in absent]
    opts = SnapshotOptions(
        source=ctx.path(str(args["source"])),
        backups_dir=ctx.path(str(args.get("dest", "backups"))),
        exclude=_strings(ctx, args, "exclude", DEFAULT_EXCLUDES),
        include_git=bool(args.get("include_git", False)),
        config_globs=_strings(ctx, args, "config_globs", (".env", "app/Config/")),
        databases=db.parse_specs(resolved, ctx.task),
        run_id=ctx.run_id,
        task=ctx.task,
        reserve_bytes=int(args.get("reserve_mb", 16)) << 20,
        rehash=bool(args.get("rehash", False)),
    )

    def run(argv: Sequence[str], env: Mapping[str, str]) -> ProcessResult:
        return ctx.run(argv, env=env)

    mode = args.get("verify", True)
    if mode not in (True, False, "full"):
        raise ActionError(f"{ctx.task}: with.verify must be true, false or full, not {mode!r}")
    report = take_snapshot(opts, run, ctx.env, ctx.log)
    verified = None
    if mode:
        # true: the packs this snapshot wrote are read back, the reused ones checked by size (they
        # were read back when written); full: every pack is read through.
        info = find_backup(opts.backups_dir, report.backup_id)
        check = verify_backup(info, None if mode == "full" else report.new_packs)
        if not check.ok:
            raise ActionError(
                f"{ctx.task}: backup {report.backup_id} fails verification: {check.problems[0]}; "
                "run `shulorch backups verify` on the older backups, they may share the damage"
            )
        verified = True
    ctx.log.info(
        f"{ctx.task}: backup {report.backup_id}: {report.files} files, {report.bytes / 1e6:.1f} MB, "
        f"{report.new_bytes / 1e6:.1f} MB new, {report.reused_files} reused, {report.duration:.2f} s"
    )
    return ActionResult(
        summary=f"backup {report.backup_id}: {report.files} files, {report.new_bytes / 1e6:.1f} MB new",
        metrics={
            "backup_id": report.backup_id,
            "path": str(report.folder),
            "files": report.files,
            "bytes": report.bytes,
            "new_bytes": report.new_bytes,
            "reused_files": report.reused_files,
            "new_packs": list(report.new_packs),
            "unchanged": report.unchanged,
            "duration": round(report.duration, 3),
            "databases": list(report.databases),
            "databases_absent": [str(i["path"]) for i in absent],
            "skipped": len(report.skipped),
            "verify_ok": verified,
        },
        artifacts=(str(report.folder / "manifest.json"), str(report.folder / "rollback.sh")),
    )


def verify(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """``backup.verify``: recompute every checksum of one backup (the newest by default)."""
    backups_dir = ctx.path(str(args.get("dest", "backups")))
    wanted = args.get("id") or None
    info = find_backup(backups_dir, str(wanted) if wanted else None)
    report = verify_backup(info)
    for problem in report.problems:
        ctx.log.error(f"{ctx.task}: {info.id}: {problem}")
    if not report.ok:
        raise ActionError(
            f"{ctx.task}: backup {info.id} fails verification ({len(report.problems)} problem(s), first: "
            f"{report.problems[0]}); do not restore it, take a new backup"
        )
    return ActionResult(
        summary=f"backup {info.id} verified: {report.files} files, {report.bytes / 1e6:.1f} MB",
        metrics={
            "backup_id": info.id,
            "ok": True,
            "files": report.files,
            "bytes": report.bytes,
            "duration": round(report.duration, 3),
        },
    )


def prune(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """``backup.prune``: keep the newest ``keep`` backups (and always the newest good one)."""
    backups_dir = ctx.path(str(args.get("dest", "backups")))
    report = prune_backups(backups_dir, int(args.get("keep", 5)))
    return ActionResult(
        summary=f"pruned {len(report.removed)} backup(s), kept {len(report.kept)}",
        metrics={
            "kept": list(report.kept),
            "removed": list(report.removed),
            "newest_good": report.newest_good,
            "packs_removed": report.packs_removed,
            "bytes_freed": report.bytes_freed,
        },
    )
