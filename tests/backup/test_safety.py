"""A tampered backup, unsafe entries, kill -9 and a full disk never cost data."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shulorch.actions.backup.model import find_backup, list_backups
from shulorch.actions.backup.restore import restore_backup
from shulorch.actions.backup.verify import verify_backup
from shulorch.errors import ActionError
from tests.backup.conftest import Snap, packs_of, tree_state
from tests.helpers import ListLogger

REPO = Path(__file__).resolve().parents[2]


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _run_sh(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(folder / "rollback.sh"), *args], capture_output=True, text=True, check=False
    )


def test_tampered_file_is_named_and_refused(project: Path, tmp_path: Path, snap: Snap) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    (pack,) = packs_of(info.folder)
    data = pack.read_bytes()
    at = data.index(b"<?php\nclass Home {}\n")
    with open(pack, "r+b") as handle:  # the bytes of Home.php inside the pack, same length
        handle.seek(at)
        handle.write(b"<?php\nsystem($_GET);")
    problems = verify_backup(info).problems
    assert any(p.startswith("app/Controllers/Home.php: checksum differs in packs/") for p in problems)
    assert f"packs/{pack.name}: checksum differs from the manifest (altered or damaged)" in problems
    before = tree_state(project)
    with pytest.raises(ActionError, match=r"app/Controllers/Home\.php"):
        restore_backup(info, project, os.environ, ListLogger())
    proc = _run_sh(info.folder)
    assert proc.returncode != 0
    assert f"packs/{pack.name}: FAILED" in proc.stdout + proc.stderr
    assert tree_state(project) == before  # nothing touched
    assert not [p for p in tmp_path.iterdir() if "rollback" in p.name]


def test_light_verify_reads_only_the_named_packs(project: Path, tmp_path: Path, snap: Snap) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    (pack,) = packs_of(info.folder)
    with open(pack, "r+b") as handle:  # one byte of the first member's data, size unchanged
        handle.seek(512)
        byte = handle.read(1)
        handle.seek(512)
        handle.write(bytes([byte[0] ^ 1]))
    assert verify_backup(info, packs=()).ok  # what a snapshot checks of packs it did not write: sizes
    assert not verify_backup(info, packs=[pack.stem]).ok and not verify_backup(info).ok
    sums = info.folder / "SHA256SUMS"
    sums.write_bytes(sums.read_bytes() + b"\n")
    assert (
        "SHA256SUMS: differs from what the manifest says (altered or damaged)"
        in verify_backup(info, packs=()).problems
    )


def test_added_file_and_fifo_are_refused(project: Path, tmp_path: Path, snap: Snap) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    (info.folder / "shell.php").write_text("<?php\n")
    os.mkfifo(info.folder / "lists" / "pipe")
    problems = verify_backup(info).problems
    assert "shell.php: extra file, not in the manifest" in problems
    assert any(p.startswith("lists/pipe: a device, FIFO or socket") for p in problems)
    proc = _run_sh(info.folder)
    assert proc.returncode != 0 and "shell.php" in proc.stderr and "lists/pipe" in proc.stderr


@pytest.mark.parametrize(
    ("file", "added", "message"),
    [
        ("lists/{pack}.txt", b"../evil.php\n", "refusing entry ../evil.php: absolute path or .. in it"),
        (
            "lists/symlinks.list",
            b"evil\n../../etc\n",
            "refusing symlink evil -> ../../etc: it leaves the target",
        ),
    ],
)
def test_rollback_sh_checks_names_even_with_forged_sums(
    project: Path, tmp_path: Path, snap: Snap, file: str, added: bytes, message: str
) -> None:
    # An attacker who rewrites a list *and* its sum inside rollback.sh still meets the name checks.
    folder = Path(snap().metrics["path"])
    path = folder / file.format(pack=packs_of(folder)[0].stem)
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(path.read_bytes() + added)
    script = folder / "rollback.sh"
    script.write_text(script.read_text().replace(old, hashlib.sha256(path.read_bytes()).hexdigest()))
    proc = _run_sh(folder, str(tmp_path / "target"))
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr
    assert not (tmp_path / "target").exists() and not (tmp_path / "etc").exists()
    assert not [p for p in tmp_path.iterdir() if "rollback" in p.name]
    assert (
        "rollback.sh: differs from the script written for this backup (altered)"
        in verify_backup(find_backup(tmp_path / "backups", None)).problems
    )


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (["file", "/tmp/evil.php"], "absolute path"),
        (["file", "../evil.php"], "'..' in its path"),
        (["file", "app/../../evil.php"], "'..' in its path"),
        (["symlink", "out", "../../etc"], "symlink leaves the target"),
        (["symlink", "abs", "/etc/passwd"], "symlink leaves the target"),
        (["device", "null", "0666"], r"device entry \(device or special file\)"),
        (["file", "public/config-link.php/x.php"], "lies under the symlink"),
    ],
)
def test_traversal_entries_are_refused(
    project: Path, tmp_path: Path, snap: Snap, entry: list[str], reason: str
) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    entries_path = info.folder / "entries.json"
    data = json.loads(entries_path.read_text())
    data.append(entry + (["0644", 0, "0" * 64, "p", 0, []] if entry[0] == "file" else []))
    entries_path.write_text(json.dumps(data))
    target = tmp_path / "restore-here"
    with pytest.raises(ActionError, match=f"refusing entry {entry[1]!r}: {reason}"):
        restore_backup(find_backup(tmp_path / "backups", None), target, os.environ, ListLogger())
    assert not target.exists()


def test_kill_9_mid_snapshot_is_never_listed_and_cleaned_next_run(tmp_path: Path, snap: Snap) -> None:
    root = tmp_path / "app"
    chunk = os.urandom(64 * 1024)
    for i in range(1500):
        folder = root / f"d{i % 30}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.bin").write_bytes(i.to_bytes(4, "big") + chunk)
    code = (
        "import sys; from pathlib import Path\n"
        "from shulorch.actions.backup.snapshot import SnapshotOptions, take_snapshot\n"
        "from shulorch.process import run_process\n"
        "from tests.helpers import ListLogger\n"
        "run = lambda argv, env: run_process(list(argv), cwd=Path(sys.argv[1]), env=env)\n"
        "take_snapshot(SnapshotOptions(source=Path(sys.argv[1]), backups_dir=Path(sys.argv[2])),"
        " run, {}, ListLogger())\n"
    )
    backups = tmp_path / "backups"
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(root), str(backups)], env=_child_env(), cwd=REPO
    )
    deadline = time.monotonic() + 30
    killed = False
    while time.monotonic() < deadline and child.poll() is None:
        packs = list(backups.glob(".tmp-*/packs/*.tar")) if backups.exists() else []
        if any(p.stat().st_size > 4 << 20 for p in packs):  # mid-way through the first pack
            os.kill(child.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    child.wait()
    assert killed, "the snapshot finished before it could be killed"
    assert [p.name for p in backups.glob(".tmp-*")], "the interrupted snapshot left no temp folder"
    assert list_backups(backups) == ()
    result = snap()
    assert not list(backups.glob(".tmp-*"))
    assert [b.id for b in list_backups(backups)] == [result.metrics["backup_id"]]
    assert result.metrics["files"] == 1500


def test_full_disk_removes_partial_snapshot_and_keeps_older(
    project: Path, tmp_path: Path, snap: Snap
) -> None:
    older = snap().metrics["backup_id"]
    (project / "data" / "blob.bin").write_bytes(os.urandom(400_000))
    code = (
        "import resource, signal, sys; from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"  # so write() fails with EFBIG instead
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
        "from shulorch.actions.backup.actions import snapshot\n"
        "from shulorch.errors import ActionError\n"
        "from tests.helpers import make_context\n"
        "try:\n"
        "    snapshot(make_context(Path(sys.argv[1])), {'source': 'app', 'dest': 'backups'})\n"
        "except ActionError as err:\n"
        "    print(err, file=sys.stderr); sys.exit(err.exit_code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        env=_child_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "blob.bin: the disk is full" in proc.stderr and "partial snapshot was removed" in proc.stderr
    backups = tmp_path / "backups"
    assert not list(backups.glob(".tmp-*"))
    assert [b.id for b in list_backups(backups)] == [older]
    assert verify_backup(find_backup(backups, older)).ok
