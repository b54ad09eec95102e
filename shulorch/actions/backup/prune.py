"""Prune old backups: keep the newest N and, always, the newest one that verifies; then delete the
packs no remaining snapshot links to."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from shulorch.actions.backup.model import TRASH_PREFIX, BackupInfo, list_backups
from shulorch.actions.backup.store import collect_packs
from shulorch.actions.backup.verify import verify_backup
from shulorch.errors import ActionError, UsageError
from shulorch.fsutil import fsync_dir


@dataclass(frozen=True, slots=True, kw_only=True)
class PruneReport:
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    newest_good: str | None
    packs_removed: int
    bytes_freed: int


def _good(info: BackupInfo) -> bool:
    try:
        return verify_backup(info).ok
    except ActionError:
        return False  # a manifest that cannot be read back


def prune_backups(backups_dir: Path, keep: int) -> PruneReport:
    """Remove all but the ``keep`` newest backups, never the newest good one."""
    if keep < 1:
        raise UsageError(f"--keep {keep}: keep at least 1 backup")
    backups = list(reversed(list_backups(backups_dir)))  # newest first
    newest_good = next((b.id for b in backups if _good(b)), None)
    kept = [b.id for b in backups[:keep]]
    if newest_good is not None and newest_good not in kept:
        kept.append(newest_good)
    removed = []
    for info in backups:
        if info.id in kept:
            continue
        # Renamed first: the backup leaves `backups list` at once, even if deleting is cut short.
        trash = backups_dir / (TRASH_PREFIX + info.id)
        os.rename(info.folder, trash)
        fsync_dir(backups_dir)
        shutil.rmtree(trash)
        removed.append(info.id)
    packs, freed = collect_packs(backups_dir)
    return PruneReport(
        kept=tuple(kept),
        removed=tuple(removed),
        newest_good=newest_good,
        packs_removed=packs,
        bytes_freed=freed,
    )
