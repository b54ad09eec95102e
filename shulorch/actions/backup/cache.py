"""The ``cache.clear`` action: empty the cache folders (writable/cache by default), keeping the
folder itself and its guard files, and report what it freed."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.errors import ActionError

# CodeIgniter ships these in writable/ folders to stop directory listing and direct access.
DEFAULT_KEEP = ("index.html", ".htaccess", ".gitkeep")  # what CodeIgniter and git place there


def _size_of(path: Path) -> tuple[int, int]:
    """(files, bytes) under ``path``, never following symlinks."""
    st = path.lstat()
    if not stat.S_ISDIR(st.st_mode):
        return 1, st.st_size
    files = size = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return files, size


def clear(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Delete the contents of every ``paths`` folder; metrics: files, bytes, folders."""
    paths = args.get("paths", ["writable/cache"])
    if isinstance(paths, str):
        paths = [paths]
    keep = set(args.get("keep", DEFAULT_KEEP))
    files = size = cleared = 0
    for raw in paths:
        folder = ctx.path(str(raw))
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise ActionError(f"{ctx.task}: cache path {raw} is not a folder; fix with.paths")
        if not folder.is_dir():
            ctx.log.warning(f"{ctx.task}: cache folder {folder} does not exist; nothing to clear")
            continue
        for child in sorted(folder.iterdir()):
            if child.name in keep:
                continue
            n, b = _size_of(child)
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
            files, size = files + n, size + b
        cleared += 1
        ctx.log.info(f"{ctx.task}: cleared {folder}")
    return ActionResult(
        summary=f"cleared {cleared} cache folder(s): {files} files, {size / 1e6:.2f} MB freed",
        metrics={"files": files, "bytes": size, "folders": cleared},
    )
