"""Generate a snapshot's ``meta/`` lists and its ``rollback.sh``: POSIX sh that restores the
snapshot on a machine without Python, after checking every checksum and the inventory."""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from shulorch.actions.backup.model import Entry, Manifest
from shulorch.actions.backup.store import FILE_MODE, open_private

META = "meta"


def sq(text: str) -> str:
    """``text`` as one single-quoted sh word."""
    return "'" + text.replace("'", "'\\''") + "'"


def _checksum_line(sha: str, path: str) -> bytes:
    raw = os.fsencode(path)
    if b"\\" in raw:
        # GNU sha256sum's escaped form: a leading backslash, then \\ for each backslash.
        return b"\\" + sha.encode() + b"  " + raw.replace(b"\\", b"\\\\") + b"\n"
    return sha.encode() + b"  " + raw + b"\n"


def _write_private(path: Path, data: bytes) -> str:
    fd = open_private(path)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    return hashlib.sha256(data).hexdigest()


def _inventory(manifest: Manifest) -> bytes:
    names = [b"config", b"databases", b"tree"]
    names += [os.fsencode("tree/" + e.path) for e in manifest.entries]
    names += [os.fsencode("config/" + e.path) for e in manifest.config]
    names += [os.fsencode("databases/" + d.file) for d in manifest.databases]
    return b"".join(n + b"\n" for n in sorted(names))


def _symlinks(manifest: Manifest) -> list[tuple[str, Entry]]:
    out = [("tree/", e) for e in manifest.entries if e.kind == "symlink"]
    return out + [("config/", e) for e in manifest.config if e.kind == "symlink"]


def _mode_lists(entries: Iterable[Entry], kind: str) -> dict[int, bytes]:
    groups: dict[int, list[bytes]] = defaultdict(list)
    for e in entries:
        if e.kind == kind:
            groups[e.mode].append(os.fsencode(e.path))
    return {mode: b"".join(p + b"\0" for p in paths) for mode, paths in groups.items()}


def write_meta(folder: Path, manifest: Manifest) -> dict[str, str]:
    """Write ``meta/*`` (checksums, inventory, symlinks, mode lists); return name -> sha256."""
    meta = folder / META
    os.mkdir(meta, 0o700)
    os.chmod(meta, 0o700)
    shas: dict[str, str] = {}
    lines = [_checksum_line(e.sha256, "tree/" + e.path) for e in manifest.entries if e.kind == "file"]
    lines += [_checksum_line(e.sha256, "config/" + e.path) for e in manifest.config if e.kind == "file"]
    lines += [_checksum_line(d.sha256, "databases/" + d.file) for d in manifest.databases]
    shas["checksums.sha256"] = _write_private(meta / "checksums.sha256", b"".join(lines))
    shas["inventory.list"] = _write_private(meta / "inventory.list", _inventory(manifest))
    links = sorted(os.fsencode(prefix + e.path) for prefix, e in _symlinks(manifest))
    shas["symlinks.list"] = _write_private(meta / "symlinks.list", b"".join(p + b"\n" for p in links))
    both = (*manifest.entries, *manifest.config)
    for kind, prefix in (("file", "mode-"), ("dir", "dirmode-")):
        for mode, data in sorted(_mode_lists(both, kind).items()):
            name = f"{prefix}{mode:04o}.list"
            shas[name] = _write_private(meta / name, data)
    return shas


def render_rollback(manifest: Manifest, meta_shas: dict[str, str]) -> str:
    """The text of rollback.sh for ``manifest``."""
    out = [_HEAD.replace("@ID@", sq(manifest.id)).replace("@SOURCE@", sq(manifest.source))]
    out.append('say "checking the lists of this backup against the sums written into this script"')
    checks = "".join(f"{sha}  meta/{name}\\n" for name, sha in sorted(meta_shas.items()))
    out.append(
        f"printf '{checks}' | $SUM -c --quiet - || fail 'meta/ was altered: this backup cannot be trusted'"
    )
    out.append(_INVENTORY)
    for prefix, e in _symlinks(manifest):
        out.append(f"check_link {sq(prefix + e.path)} {sq(e.target)}")
    files = sum(1 for e in (*manifest.entries, *manifest.config) if e.kind == "file") + len(
        manifest.databases
    )
    out.append(f'say "verifying {files} checksums before touching anything"')
    out.append(
        "$SUM -c --quiet meta/checksums.sha256 || fail 'the file(s) named above do not match their checksum: "
        "this backup is corrupt or was tampered with; nothing was changed; pick another backup'"
    )
    for d in manifest.databases:
        if d.type == "sqlite":
            dump = "databases/" + d.file
            out.append(
                f'if command -v sqlite3 >/dev/null 2>&1; then [ "$(sqlite3 {sq(dump)} '
                f"'PRAGMA quick_check')\" = ok ] || fail {sq(dump + ' fails PRAGMA quick_check')}; fi"
            )
    out.append(_STAGE)
    root_mode = int(manifest.meta.get("root_mode", 0o755))
    out.append(f'chmod {root_mode:04o} "$STAGE"')
    for name in sorted(meta_shas):
        if name.startswith("mode-"):
            out.append(f'(cd "$STAGE" && xargs -0 chmod {name[5:9]} < "$HERE/meta/{name}")')
    for name in sorted(meta_shas):
        if name.startswith("dirmode-"):
            out.append(f'(cd "$STAGE" && xargs -0 chmod {name[8:12]} < "$HERE/meta/{name}")')
    for d in manifest.databases:
        out.extend(_db_lines(d.type, d.file, d.restore))
    if manifest.preserved:
        out.append('say "keeping excluded paths of the current tree (vendor/, caches...)"')
        out.append("KEEPING=1")
    for rel in manifest.preserved:
        out.append(f"keep {sq(rel)}")
    out.append(_SWAP)
    return "\n".join(out) + "\n"


def _db_lines(kind: str, file: str, restore: dict[str, object] | object) -> list[str]:
    settings = dict(restore) if isinstance(restore, dict) else {}
    dump = sq("databases/" + file)
    lines = [f'say "restoring {kind} database from databases/{file}"']
    if kind == "sqlite":
        path = str(settings.get("path", ""))
        mode = f"{int(str(settings.get('mode', FILE_MODE))):04o}" if "mode" in settings else "0600"
        if settings.get("in_tree"):
            lines.append(f'mkdir -p "$(dirname "$STAGE"/{sq(path)})"')
            lines.append(f'cp {dump} "$STAGE"/{sq(path)} && chmod {mode} "$STAGE"/{sq(path)}')
        else:
            lines.append(f"place_file {dump} {sq(path)} {mode}")
        return lines
    from shulorch.actions.backup.databases import restore_argv

    argv = restore_argv(kind, settings, Path("databases") / file)
    var = str(settings.get("password_env", ""))
    client = "PGPASSWORD" if kind == "postgres" else "MYSQL_PWD"
    if var:
        lines.append(f'if [ -n "${{{var}+x}}" ]; then {client}=${var}; export {client}; fi')
    lines.append(
        " ".join(sq(a) for a in argv) + f" || fail {sq(kind + ' restore of databases/' + file + ' failed')}"
    )
    return lines


_HEAD = r"""#!/bin/sh
# rollback.sh, written by shulorch for backup @ID@.
# Restores this snapshot's tree and databases without Python: POSIX sh plus sha256sum (or
# shasum), find, sort, comm, cmp, cp, xargs, mv. It checks every checksum and the inventory
# before it touches anything, restores into a staging folder, then swaps it in.
# Usage: sh rollback.sh [TARGET]    (default: the folder the snapshot was taken from)
set -eu
ID=@ID@
HERE=$(cd "$(dirname "$0")" && pwd -P)
TARGET=${1:-@SOURCE@}
STAGE=''
STEP=0
say() { STEP=$((STEP + 1)); printf 'rollback %s: step %s: %s\n' "$ID" "$STEP" "$*"; }
fail() { printf 'rollback %s: FAILED: %s\n' "$ID" "$*" >&2; exit 1; }
KEEPING=0
cleanup() {
    if [ -n "$STAGE" ] && [ -d "$STAGE" ]; then
        if [ "$KEEPING" = 1 ]; then
            printf 'rollback %s: %s holds paths moved from %s; move them back\n' \
                "$ID" "$STAGE" "$TARGET" >&2
        else
            rm -rf "$STAGE"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
check_link() {
    [ -L "$1" ] && [ "$(readlink "$1")" = "$2" ] || fail "$1: symlink missing or changed (expected -> $2)"
}
place_file() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.rollback-tmp.$$" && chmod "$3" "$2.rollback-tmp.$$" || fail "cannot write $2"
    rm -f "$2-wal" "$2-shm" "$2-journal"
    mv -f "$2.rollback-tmp.$$" "$2" || fail "cannot move $2 into place"
}
keep() {
    if [ -e "$TARGET/$1" ] || [ -L "$TARGET/$1" ]; then
        mkdir -p "$(dirname "$STAGE/$1")"
        mv "$TARGET/$1" "$STAGE/$1" || fail "cannot keep $TARGET/$1"
    fi
}
if command -v sha256sum >/dev/null 2>&1; then SUM=sha256sum
elif command -v shasum >/dev/null 2>&1; then SUM='shasum -a 256'
else fail 'neither sha256sum nor shasum found; install coreutils'
fi
cd "$HERE"
say "backup $HERE -> $TARGET"
"""

_INVENTORY = r"""say "checking that no entry was added, removed or turned into a link or a special file"
MISMATCH=$(find tree config databases -print | LC_ALL=C sort | LC_ALL=C comm -3 meta/inventory.list - \
    | head -n 5)
[ -z "$MISMATCH" ] || fail "entries differ from the inventory (left: listed, right: on disk): $MISMATCH"
SPECIAL=$(find tree config databases \( -type b -o -type c -o -type p -o -type s \) -print | head -n 1)
[ -z "$SPECIAL" ] || fail "$SPECIAL is a device or special file: refusing this backup"
find tree config -type l -print | LC_ALL=C sort | cmp -s - meta/symlinks.list \
    || fail "symlinks differ from meta/symlinks.list"
"""

_STAGE = r"""PARENT=$(dirname "$TARGET")
mkdir -p "$PARENT"
STAGE="$PARENT/.$(basename "$TARGET").rollback-$ID.$$"
say "restoring the tree into the staging folder $STAGE"
mkdir "$STAGE"
cp -RP tree/. "$STAGE"/
cp -RP config/. "$STAGE"/
say "applying file and folder modes"
"""

_SWAP = r"""OLD="$TARGET.before-rollback-$(date +%Y%m%d-%H%M%S)-$$"
say "swapping the restored tree in"
if [ -e "$TARGET" ] || [ -L "$TARGET" ]; then mv "$TARGET" "$OLD" || fail "cannot move $TARGET aside"; fi
if ! mv "$STAGE" "$TARGET"; then
    [ -e "$OLD" ] && mv "$OLD" "$TARGET"
    fail "cannot move the staging folder to $TARGET; the previous tree was put back"
fi
STAGE=''
if [ -e "$OLD" ]; then
    say "done: $TARGET restored from backup $ID; the previous tree is kept in $OLD (delete it once satisfied)"
else
    say "done: $TARGET restored from backup $ID"
fi"""
