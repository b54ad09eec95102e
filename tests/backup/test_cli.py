"""`shulorch backups list|verify|prune` and `shulorch rollback` through the real entry point."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shulorch.actions.backup.model import list_backups
from shulorch.cli import main
from tests.backup.conftest import Snap, tree_state


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_list_verify_prune(
    project: Path, tmp_path: Path, snap: Snap, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [snap().metrics["backup_id"] for _ in range(3)]
    (tmp_path / "backups" / ".tmp-2000-01-01-000000").mkdir()  # a crashed snapshot: never listed
    backups = str(tmp_path / "backups")
    code, out, _ = _main(capsys, "backups", "list", "--backups-dir", backups)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == ids
    code, out, _ = _main(capsys, "backups", "verify", ids[0], "--backups-dir", backups)
    assert code == 0 and f"backup {ids[0]} ok" in out
    # Corrupt the newest: prune must then keep the newest *good* one as well.
    # Replaced, not written through: a file may be hard-linked into older backups too.
    victim = tmp_path / "backups" / ids[2] / "SHA256SUMS"
    data = victim.read_bytes()
    victim.unlink()
    victim.write_bytes(data.replace(b"  spark\n", b"  spark.php\n"))
    code, _, err = _main(capsys, "backups", "verify", ids[2], "--backups-dir", backups)
    assert code == 1 and "SHA256SUMS: differs from what the manifest says" in err
    code, out, _ = _main(capsys, "backups", "prune", "--keep", "1", "--backups-dir", backups)
    assert code == 0 and f"newest good: {ids[1]}" in out
    assert [b.id for b in list_backups(tmp_path / "backups")] == [ids[1], ids[2]]
    code, _, err = _main(capsys, "backups", "prune", "--keep", "0", "--backups-dir", backups)
    assert code == 2 and "keep at least 1" in err


def test_prune_deletes_the_packs_no_kept_backup_uses(
    project: Path, tmp_path: Path, snap: Snap, capsys: pytest.CaptureFixture[str]
) -> None:
    first = snap().metrics
    second = snap().metrics  # the same pack as the first
    for path in project.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.write_bytes(path.read_bytes() + b"\n// release 2\n")
    third = snap().metrics  # every file changed: a pack of its own
    assert third["reused_files"] == 0
    packs = tmp_path / "backups" / ".packs"
    assert sorted(p.stem for p in packs.iterdir()) == sorted(first["new_packs"] + third["new_packs"])
    backups = str(tmp_path / "backups")
    code, out, _ = _main(capsys, "backups", "prune", "--keep", "2", "--backups-dir", backups)
    assert code == 0 and "0 unreferenced pack(s)" in out  # the second backup still uses the first pack
    code, out, _ = _main(capsys, "backups", "prune", "--keep", "1", "--backups-dir", backups)
    assert code == 0 and f"removed {second['backup_id']}" in out and "1 unreferenced pack(s)" in out
    assert [p.stem for p in packs.iterdir()] == third["new_packs"]
    code, _, _ = _main(capsys, "backups", "verify", third["backup_id"], "--backups-dir", backups)
    assert code == 0


def test_rollback_command(
    project: Path, tmp_path: Path, snap: Snap, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_state(project)
    backup_id = snap().metrics["backup_id"]
    (project / "spark").unlink()
    os.chmod(project / "data", 0o777)
    code, out, _ = _main(capsys, "rollback", "--backups-dir", str(tmp_path / "backups"))
    assert code == 0 and f"restored backup {backup_id} into {project}" in out
    assert tree_state(project) == before
    code, _, err = _main(capsys, "rollback", "nope", "--backups-dir", str(tmp_path / "backups"))
    assert code == 1 and "backup 'nope' not found" in err
