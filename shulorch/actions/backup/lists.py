"""The files of a snapshot derived from its entries: ``entries.json``, ``SHA256SUMS`` (every file of
the tree), ``lists/<pack>.txt`` (the members to extract from each pack) and ``lists/*.list`` (folders,
modes and symlinks) that rollback.sh reads. Verify rebuilds them from the entries and compares."""

from __future__ import annotations

import errno
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from shulorch.actions.backup.model import ENTRIES, SUMS, Entry, entries_bytes
from shulorch.actions.backup.store import DIR_MODE, write_private

LISTS = "lists"


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")  # names as the file system has them (os.fsencode)


def _sum_line(sha: str, path: str) -> str:
    if "\\" in path:
        # GNU sha256sum's escaped form: a leading backslash, then \\ for each backslash.
        return "\\" + sha + "  " + path.replace("\\", "\\\\") + "\n"
    return sha + "  " + path + "\n"


def _nul_list(paths: Iterable[str]) -> bytes:
    # "./" first: a name starting with "-" is never read as an option by chmod or mkdir.
    return _encode("".join("./" + p + "\0" for p in paths))


def render_lists(entries: Sequence[Entry]) -> dict[str, bytes]:
    """Snapshot-relative file name -> content, for every list file of a snapshot of ``entries``."""
    files = [e for e in entries if e.kind == "file"]
    out = {
        ENTRIES: entries_bytes(entries),
        SUMS: _encode("".join(_sum_line(e.sha256, e.path) for e in files)),
    }
    members: dict[str, list[str]] = defaultdict(list)
    for e in files:
        members[e.pack].append(e.path + "\n")
    for pack, lines in members.items():
        out[f"{LISTS}/{pack}.txt"] = _encode("".join(lines))
    dirs = [e for e in entries if e.kind == "dir"]
    out[f"{LISTS}/dirs.list"] = _nul_list(e.path for e in dirs)
    for prefix, group in (("mode", files), ("dirmode", dirs)):
        by_mode: dict[int, list[str]] = defaultdict(list)
        for e in group:
            by_mode[e.mode].append(e.path)
        for mode, paths in by_mode.items():
            out[f"{LISTS}/{prefix}-{mode:04o}.list"] = _nul_list(paths)
    links = [e for e in entries if e.kind == "symlink"]
    # Two lines per link (path, then target): names with line breaks are refused when scanning.
    out[f"{LISTS}/symlinks.list"] = _encode("".join(e.path + "\n" + e.target + "\n" for e in links))
    return dict(sorted(out.items()))


def write_lists(folder: Path, rendered: Mapping[str, bytes]) -> dict[str, str]:
    """Write ``rendered`` under ``folder`` (0600, fsynced); returns name -> sha256."""
    os.mkdir(folder / LISTS, DIR_MODE)
    os.chmod(folder / LISTS, DIR_MODE)
    return {name: write_private(folder / name, data) for name, data in rendered.items()}


def link_lists(folder: Path, previous: Path, names: Iterable[str]) -> None:
    """Hard-link the list files of the previous snapshot (identical when the tree is unchanged)."""
    os.mkdir(folder / LISTS, DIR_MODE)
    os.chmod(folder / LISTS, DIR_MODE)
    for name in names:
        try:
            os.link(previous / name, folder / name)
        except OSError as err:
            if err.errno != errno.EMLINK:
                raise
            # ext4 caps an inode at 65,000 links: a copy keeps the snapshot whole.
            os.close(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            shutil.copyfile(previous / name, folder / name)
