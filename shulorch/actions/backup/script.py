"""Generate a snapshot's ``rollback.sh``: POSIX sh (plus GNU tar and sha256sum) that restores the
snapshot on a machine without Python. It checks the folder and every checksum before it touches
anything, extracts the packs into a staging folder, re-checks every file there, then swaps it in.

The script is rendered from the manifest head alone, so verify can rebuild it and compare.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from shulorch.actions.backup.lists import LISTS
from shulorch.actions.backup.model import MANIFEST, SUMS, Head
from shulorch.actions.backup.store import FILE_MODE

SCRIPT = "rollback.sh"
DATABASES = "databases"
# Only the listed names, read literally; never another owner; never replace anything already there.
TAR_EXTRACT = "--no-recursion --verbatim-files-from --no-unquote --no-same-owner --keep-old-files"


def sq(text: str) -> str:
    """``text`` as one single-quoted sh word."""
    return "'" + text.replace("'", "'\\''") + "'"


def expected_files(head: Head) -> list[str]:
    """Every file of the snapshot folder, relative to it (verify and rollback.sh check the set)."""
    names = [MANIFEST, SCRIPT, *head.checksums, *(f"packs/{p.id}.tar" for p in head.packs)]
    return sorted(names + [f"{DATABASES}/{d.file}" for d in head.databases])


def render_rollback(head: Head) -> str:
    """The text of rollback.sh for the snapshot described by ``head``."""
    head_text = _HEAD.replace("@ID@", sq(head.id)).replace("@SOURCE@", sq(head.source))
    out = [head_text.replace("@TAR@", TAR_EXTRACT)]
    out.append(f"PACKS={sq(' '.join(p.id for p in head.packs))}")  # ids are [0-9-] words
    out.append("pack_sum() {\n    case $1 in")
    out.extend(f"        {p.id}) echo {p.sha256} ;;" for p in head.packs)
    out.append("    esac\n}")
    files = expected_files(head)
    folders = sorted({".", "./packs", f"./{LISTS}"} | {f"./{f.rsplit('/', 1)[0]}" for f in files if "/" in f})
    out.append('say "checking that the backup folder holds exactly its files"')
    out.append(f"for f in {' '.join(sq(f) for f in files)}; do")
    out.append('    [ -f "$f" ] && [ ! -L "$f" ] || fail "$f: missing or not a plain file"\ndone')
    allowed = " ".join(f"-e {sq(n)}" for n in [*folders, *(f"./{f}" for f in files)])
    out.append(f"EXTRA=$(find . -print | LC_ALL=C grep -vxF {allowed} | head -n 5 || true)")
    out.append('[ -z "$EXTRA" ] || fail "not part of this backup: $EXTRA"')
    out.append("SPECIAL=$(find . ! -type f ! -type d -print | head -n 1)")
    out.append('[ -z "$SPECIAL" ] || fail "$SPECIAL: a link, device, FIFO or socket in the backup folder"')
    out.append(f'say "verifying {len(head.packs)} pack(s), two at a time, before touching anything"')
    out.append(
        "in_pairs check_pack || fail 'the pack(s) named above differ from the checksums written into this "
        f"script: this backup is corrupt or was tampered with; nothing was changed (`shulorch backups verify "
        f"{head.id}` names the files inside a pack); pick another backup'"
    )
    sums = [(sha, name) for name, sha in sorted(head.checksums.items())]
    sums += [(d.sha256, f"{DATABASES}/{d.file}") for d in head.databases]
    out.append('say "verifying the lists and the dumps"')
    out.append("{ " + "; ".join(f"echo {sq(sha + '  ' + name)}" for sha, name in sums) + "; } \\")
    out.append(
        "    | $SUM -c --quiet - || fail 'the file(s) named above differ from the checksums written into "
        "this script: this backup is corrupt or was tampered with; nothing was changed; pick another backup'"
    )
    lists = " ".join(sq(f"{LISTS}/{p.id}.txt") for p in head.packs)
    out.append('say "checking every listed name is relative and free of .."')
    out.append(f"BAD=$( {{ cat {lists} /dev/null; tr '\\000' '\\n' < {LISTS}/dirs.list; }} \\")
    out.append("    | grep -E '^/|(^|/)\\.\\.(/|$)' | head -n 1 || true)")
    out.append('[ -z "$BAD" ] || fail "refusing entry $BAD: absolute path or .. in it"')
    out.append(_STAGE)
    out.append(
        f'say "extracting {head.meta.get("files", 0)} files from {len(head.packs)} pack(s), two at a time"'
    )
    out.append(
        "in_pairs extract_pack || fail 'extracting failed (tar named the problem above); nothing was changed'"
    )
    out.append(
        f'say "verifying the {head.meta.get("files", 0)} restored files against {SUMS}, in two halves"'
    )
    out.append("check_half 0 & A=$!")
    out.append("check_half 1 & B=$!")
    out.append("OK=0; wait $A || OK=1; wait $B || OK=1")
    out.append(
        f'[ "$OK" = 0 ] || fail "the file(s) named above differ from {SUMS} after extraction; '
        'nothing was changed"'
    )
    out.append(_LINKS)
    out.append('say "applying file and folder modes"')
    out.append(f'chmod {int(head.meta.get("root_mode", 0o755)):04o} "$STAGE"')
    for prefix in ("mode-", "dirmode-"):
        for name in sorted(n for n in head.checksums if n.startswith(f"{LISTS}/{prefix}")):
            mode = name.rsplit("-", 1)[1].split(".")[0]
            out.append(
                f'(cd "$STAGE" && xargs -0 chmod {mode} < "$HERE/{name}") || fail "chmod {mode} failed"'
            )
    for d in head.databases:
        out.extend(_db_lines(d.type, d.file, d.restore))
    if head.preserved:
        out.append('say "keeping excluded paths of the current tree (vendor/, caches...)"')
        out.append("KEEPING=1")
    out.extend(f"keep {sq(rel)}" for rel in head.preserved)
    out.append(_SWAP)
    return "\n".join(out) + "\n"


def _db_lines(kind: str, file: str, restore: Mapping[str, object]) -> list[str]:
    settings = dict(restore)
    dump = sq(f"{DATABASES}/{file}")
    lines = [f'say "restoring {kind} database from {DATABASES}/{file}"']
    if kind == "sqlite":
        path = str(settings.get("path", ""))
        mode = f"{int(str(settings.get('mode', FILE_MODE))):04o}"
        if settings.get("in_tree"):
            lines.append(f'mkdir -p "$(dirname "$STAGE"/{sq(path)})"')
            lines.append(f'cp {dump} "$STAGE"/{sq(path)} && chmod {mode} "$STAGE"/{sq(path)}')
        else:
            lines.append(f"place_file {dump} {sq(path)} {mode}")
        return lines
    from shulorch.actions.backup.databases import restore_argv

    argv = restore_argv(kind, settings, Path(DATABASES) / file)
    var = str(settings.get("password_env", ""))
    client = "PGPASSWORD" if kind == "postgres" else "MYSQL_PWD"
    if var:
        lines.append(f'if [ -n "${{{var}+x}}" ]; then {client}=${var}; export {client}; fi')
    lines.append(
        " ".join(sq(a) for a in argv) + f" || fail {sq(f'{kind} restore of {DATABASES}/{file} failed')}"
    )
    return lines


_HEAD = r"""#!/bin/sh
# rollback.sh, written by shulorch for backup @ID@.
# Restores this snapshot's tree and databases without Python: POSIX sh plus GNU tar, sha256sum
# (or shasum), find, grep, xargs, mv. It checks the folder and every checksum before it touches
# anything, extracts into a staging folder, checks every file again, then swaps it in.
# Usage: sh rollback.sh [TARGET]    (default: the folder the snapshot was taken from)
set -eu
ID=@ID@
HERE=$(cd "$(dirname "$0")" && pwd -P)
TARGET=${1:-@SOURCE@}
STAGE=''
STEP=0
KEEPING=0
say() { STEP=$((STEP + 1)); printf 'rollback %s: step %s: %s\n' "$ID" "$STEP" "$*"; }
fail() { printf 'rollback %s: FAILED: %s\n' "$ID" "$*" >&2; exit 1; }
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
link_ok() {  # $1: link path, $2: its target; false when the target leaves the tree
    case $2 in /*|'') return 1 ;; esac
    depth=0
    rest=$1
    while :; do case $rest in */*) depth=$((depth + 1)); rest=${rest#*/} ;; *) break ;; esac; done
    rest=$2
    while [ -n "$rest" ]; do
        part=${rest%%/*}
        case $rest in */*) rest=${rest#*/} ;; *) rest='' ;; esac
        case $part in
            ..) depth=$((depth - 1)); [ "$depth" -ge 0 ] || return 1 ;;
            .|'') ;;
            *) depth=$((depth + 1)) ;;
        esac
    done
}
under_link() {  # $1: path; true when a folder above it in the staging folder is a symlink
    p=$1
    while :; do
        case $p in */*) p=${p%/*} ;; *) return 1 ;; esac
        [ -L "$STAGE/$p" ] && return 0
    done
}
in_pairs() {  # run function $1 for each pack id of $PACKS, two at a time; false if any failed
    fn=$1
    set -- $PACKS
    ok=0
    while [ $# -gt 0 ]; do
        "$fn" "$1" & a=$!
        b=''
        if [ $# -gt 1 ]; then "$fn" "$2" & b=$!; shift; fi
        shift
        wait "$a" || ok=1
        if [ -n "$b" ]; then wait "$b" || ok=1; fi
    done
    return "$ok"
}
check_pack() { printf '%s  packs/%s.tar\n' "$(pack_sum "$1")" "$1" | $SUM -c --quiet -; }
extract_pack() { tar -xf "packs/$1.tar" -C "$STAGE" @TAR@ -T "lists/$1.txt"; }
check_half() {  # $1: 0 or 1, the even or odd lines of SHA256SUMS (an empty half is fine)
    awk -v h="$1" 'NR % 2 == h' "$HERE/SHA256SUMS" | (
        cd "$STAGE" || exit 1
        IFS= read -r first || exit 0
        { printf '%s\n' "$first"; cat; } | $SUM -c --quiet -
    )
}
place_file() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.rollback-tmp.$$" && chmod "$3" "$2.rollback-tmp.$$" || fail "cannot write $2"
    rm -f "$2-wal" "$2-shm" "$2-journal"
    mv -f "$2.rollback-tmp.$$" "$2" || fail "cannot move $2 into place"
}
keep() {
    if [ -e "$TARGET/$1" ] || [ -L "$TARGET/$1" ]; then
        if [ -e "$STAGE/$1" ] || [ -L "$STAGE/$1" ]; then return 0; fi
        mkdir -p "$(dirname "$STAGE/$1")"
        mv "$TARGET/$1" "$STAGE/$1" || fail "cannot keep $TARGET/$1"
    fi
}
if command -v sha256sum >/dev/null 2>&1; then SUM=sha256sum
elif command -v shasum >/dev/null 2>&1; then SUM='shasum -a 256'
else fail 'neither sha256sum nor shasum found; install coreutils'
fi
command -v tar >/dev/null 2>&1 || fail 'tar not found; install GNU tar'
cd "$HERE"
say "backup $HERE -> $TARGET"
"""

_STAGE = r"""PARENT=$(dirname "$TARGET")
mkdir -p "$PARENT"
STAGE="$PARENT/.$(basename "$TARGET").rollback-$ID.$$"
say "creating the staging folder $STAGE and its folders"
mkdir "$STAGE"
if [ -s lists/dirs.list ]; then
    (cd "$STAGE" && xargs -0 mkdir -p < "$HERE/lists/dirs.list") || fail "cannot create the folders"
fi"""

_LINKS = r"""say "creating symlinks (each checked to stay inside the tree)"
while IFS= read -r path && IFS= read -r target; do
    link_ok "$path" "$target" || fail "refusing symlink $path -> $target: it leaves the target"
    if under_link "$path" || [ -e "$STAGE/$path" ] || [ -L "$STAGE/$path" ]; then
        fail "refusing symlink $path: it lies under another symlink or replaces an entry"
    fi
    ln -s -- "$target" "$STAGE/$path" || fail "cannot create symlink $path"
done < lists/symlinks.list"""

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
