"""``shulorch rollback`` and ``shulorch backups list|verify|prune``: thin wrappers over
shulorch.actions.backup (parse options, call, print, map errors to exit codes)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import click

from shulorch.errors import ActionError


def _backups_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """Given, or the `dest` of the pipeline's backup.snapshot task, or ./backups."""
    if value is not None:
        return value
    from shulorch.app import action_defaults, environment

    found = action_defaults(Path("pipeline.yaml"), "backup.snapshot", environment())
    return found[0] / str(found[1].get("dest", "backups")) if found else Path("backups")


_DIR = click.option(
    "--backups-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_backups_dir,
    help="Folder holding the backups (default: the pipeline's backup.snapshot `dest`, else ./backups).",
)


class _Logger:
    """Prints action log lines as the run log formats them."""

    def _line(self, level: str, message: str) -> None:
        click.echo(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] [{level}] {message}", err=level != "info")

    def info(self, message: str) -> None:
        self._line("info", message)

    def warning(self, message: str) -> None:
        self._line("warning", message)

    def error(self, message: str) -> None:
        self._line("error", message)


@click.command()
@click.argument("backup_id", required=False)
@_DIR
@click.option(
    "--target",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Tree to restore into (default: the folder the backup was taken from).",
)
def rollback(backup_id: str | None, backups_dir: Path, target: Path | None) -> None:
    """Restore backup BACKUP_ID (by default the newest one that verifies) after checking every checksum."""
    from shulorch.actions.backup.model import find_backup
    from shulorch.actions.backup.restore import restore_backup

    info = find_backup(backups_dir, backup_id) if backup_id else _newest_good(backups_dir)
    report = restore_backup(info, target or Path(info.head.source), os.environ, _Logger())
    click.echo(
        f"restored backup {report.backup_id} into {report.target}: {report.files} files, "
        f"databases: {', '.join(report.databases) or 'none'}, {report.duration:.2f} s"
    )
    if report.previous is not None:
        click.echo(f"the previous tree is kept in {report.previous}; delete it once satisfied")


def _newest_good(backups_dir: Path) -> Any:
    """The newest backup whose every checksum verifies; the damaged newer ones are named."""
    from shulorch.actions.backup.model import list_backups
    from shulorch.actions.backup.verify import verify_backup

    found = list_backups(backups_dir)
    for info in reversed(found):
        check = verify_backup(info)
        if check.ok:
            return info
        click.echo(f"skipping backup {info.id}: {'; '.join(check.problems[:3])}", err=True)
    if not found:
        raise ActionError(f"no complete backup in {backups_dir}; run the backup phase first")
    raise ActionError(f"no backup in {backups_dir} verifies; see `shulorch backups verify ID`")


@click.group()
def backups() -> None:
    """List, verify and prune backups."""


@backups.command("list")
@_DIR
def list_cmd(backups_dir: Path) -> None:
    """List complete backups, oldest first (interrupted snapshots are never shown)."""
    from shulorch.actions.backup.model import list_backups

    found = list_backups(backups_dir)
    if not found:
        click.echo(f"no backups in {backups_dir}")
        return
    click.echo(f"{'ID':<22} {'CREATED':<19} {'FILES':>7} {'MB':>9} {'NEW MB':>8}  DATABASES")
    for info in found:
        meta = info.head.meta
        created = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(info.head.created))
        dbs = ",".join(d.name for d in info.head.databases) or "-"
        click.echo(
            f"{info.id:<22} {created:<19} {meta.get('files', 0):>7} {meta.get('bytes', 0) / 1e6:>9.1f} "
            f"{meta.get('new_bytes', 0) / 1e6:>8.1f}  {dbs}"
        )


@backups.command()
@click.argument("backup_id")
@_DIR
def verify(backup_id: str, backups_dir: Path) -> None:
    """Recompute every checksum of BACKUP_ID and name what differs."""
    from shulorch.actions.backup.model import find_backup
    from shulorch.actions.backup.verify import verify_backup

    report = verify_backup(find_backup(backups_dir, backup_id))
    for problem in report.problems:
        click.echo(f"  {problem}", err=True)
    if not report.ok:
        raise ActionError(
            f"backup {backup_id} fails verification: {len(report.problems)} problem(s) listed above; "
            "do not restore it"
        )
    click.echo(
        f"backup {backup_id} ok: {report.files} files, {report.bytes / 1e6:.1f} MB checked in "
        f"{report.duration:.2f} s"
    )


@backups.command()
@click.option("--keep", type=int, required=True, help="How many of the newest backups to keep.")
@_DIR
def prune(keep: int, backups_dir: Path) -> None:
    """Delete all but the KEEP newest backups; the newest good one is always kept."""
    from shulorch.actions.backup.prune import prune_backups

    report = prune_backups(backups_dir, keep)
    for name in report.removed:
        click.echo(f"removed {name}")
    click.echo(
        f"kept {len(report.kept)} backup(s) (newest good: {report.newest_good or 'none'}); "
        f"{report.packs_removed} unreferenced pack(s), {report.bytes_freed / 1e6:.1f} MB freed"
    )
