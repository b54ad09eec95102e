"""A tampered backup, unsafe entries, kill -9 and a full disk never cost data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.backup.model import find_backup, list_backups
from shulorch.actions.backup.restore import restore_backup
from shulorch.actions.backup.verify import verify_backup
from shulorch.errors import ActionError
from tests.backup.conftest import Snap, tree_state
from tests.helpers import ListLogger

REPO = Path(__file__).resolve().parents[2]


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_tampered_file_is_named_and_refused(project: Path, tmp_path: Path, snap: Snap) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    victim = info.folder / "tree" / "app" / "Controllers" / "Home.php"
    victim.write_text("<?php system($_GET['c']);\n")  # same object inode: the store is hit too
    report = verify_backup(info)
    assert not report.ok
    assert any(p.startswith("tree/app/Controllers/Home.php: ") for p in report.problems)
    before = tree_state(project)
    with pytest.raises(ActionError, match=r"app/Controllers/Home\.php"):
        restore_backup(info, project, os.environ, ListLogger())
    proc = subprocess.run(
        ["sh", str(info.folder / "rollback.sh")], capture_output=True, text=True, check=False
    )
    assert proc.returncode != 0
    assert "tree/app/Controllers/Home.php: FAILED" in proc.stdout + proc.stderr
    assert tree_state(project) == before  # nothing touched
    assert not [p for p in tmp_path.iterdir() if "rollback" in p.name]


def test_added_file_and_fifo_are_refused(project: Path, tmp_path: Path, snap: Snap) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    (info.folder / "tree" / "public" / "shell.php").write_text("<?php\n")
    os.mkfifo(info.folder / "tree" / "pipe")
    problems = verify_backup(info).problems
    assert "tree/public/shell.php: extra file, not in the manifest" in problems
    assert any(p.startswith("tree/pipe: a device, FIFO or socket") for p in problems)
    proc = subprocess.run(
        ["sh", str(info.folder / "rollback.sh")], capture_output=True, text=True, check=False
    )
    assert proc.returncode != 0 and "shell.php" in proc.stderr


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"path": "/tmp/evil.php", "kind": "file"}, "absolute path"),
        ({"path": "../evil.php", "kind": "file"}, "'..' in its path"),
        ({"path": "app/../../evil.php", "kind": "file"}, "'..' in its path"),
        ({"path": "out", "kind": "symlink", "target": "../../etc"}, "symlink leaves the target"),
        ({"path": "abs", "kind": "symlink", "target": "/etc/passwd"}, "symlink leaves the target"),
        ({"path": "null", "kind": "device", "mode": "0666"}, r"device entry \(device or special file\)"),
        ({"path": "public/config-link.php/x.php", "kind": "file"}, "lies under the symlink"),
    ],
)
def test_traversal_entries_are_refused(
    project: Path, tmp_path: Path, snap: Snap, entry: dict[str, Any], reason: str
) -> None:
    snap()
    info = find_backup(tmp_path / "backups", None)
    manifest_path = info.folder / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["entries"].append({"size": 0, "sha256": "0" * 64, **entry})
    manifest_path.write_text(json.dumps(data))
    target = tmp_path / "restore-here"
    with pytest.raises(ActionError, match=f"refusing entry {entry['path']!r}: {reason}"):
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
        "from tests.helpers import ListLogger\n"
        "take_snapshot(SnapshotOptions(source=Path(sys.argv[1]), backups_dir=Path(sys.argv[2]), workers=1),"
        " lambda a, e: None, {}, ListLogger())\n"
    )
    backups = tmp_path / "backups"
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(root), str(backups)], env=_child_env(), cwd=REPO
    )
    deadline = time.monotonic() + 30
    killed = False
    while time.monotonic() < deadline and child.poll() is None:
        tmps = list(backups.glob(".tmp-*/objects/*/*")) if backups.exists() else []
        if len(tmps) >= 50:
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
