"""Snapshot and restore round trips, incremental cost, permissions, excludes, free space."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from shulorch.actions.backup.databases import dump_argv, parse_specs, restore_argv, strip_password
from shulorch.actions.backup.model import find_backup, list_backups
from shulorch.actions.backup.restore import restore_backup
from shulorch.errors import ActionError
from tests.backup.conftest import Snap, tree_state
from tests.helpers import ListLogger

EXCLUDED = ("vendor", "writable/cache")


def test_python_round_trip_is_byte_identical(project: Path, tmp_path: Path, snap: Snap) -> None:
    before = tree_state(project, EXCLUDED)
    result = snap()
    assert result.metrics["files"] == 11
    assert result.metrics["verify_ok"] is True
    info = find_backup(tmp_path / "backups", None)
    target = tmp_path / "restored"
    report = restore_backup(info, target, os.environ, ListLogger())
    assert report.previous is None
    assert tree_state(target) == before  # modes, bytes and symlinks, nothing excluded restored
    assert (target / "public" / "config-link.php").is_symlink()


def test_rollback_sh_round_trip_keeps_excluded_paths(project: Path, tmp_path: Path, snap: Snap) -> None:
    before = tree_state(project)
    snap()
    folder = list_backups(tmp_path / "backups")[-1].folder
    (project / "app" / "Controllers" / "Home.php").write_text("<?php // broken release\n")
    (project / "public" / "config-link.php").unlink()
    (project / "new-file.php").write_text("x")
    proc = subprocess.run(["sh", str(folder / "rollback.sh")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "verifying" in proc.stdout and "done:" in proc.stdout
    assert tree_state(project) == before  # vendor/ and writable/cache came back from the old tree
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("app.before-rollback-")]
    assert len(kept) == 1 and (kept[0] / "new-file.php").exists()


def test_unchanged_resnapshot_reuses_everything(project: Path, tmp_path: Path, snap: Snap) -> None:
    first = snap().metrics
    second = snap().metrics
    assert first["new_bytes"] >= 300_000
    assert second["new_bytes"] == 0
    assert second["reused_files"] == second["files"] - 1  # the empty file is a plain file, not an object
    a, b = (Path(m["path"]) / "tree" / "data" / "blob.bin" for m in (first, second))
    assert a.stat().st_ino == b.stat().st_ino  # one object, hard-linked into both snapshots
    (project / "data" / "blob.bin").write_bytes(b"changed")
    third = snap().metrics
    assert third["new_bytes"] == len(b"changed")
    assert find_backup(tmp_path / "backups", first["backup_id"]).manifest.files  # older one intact


def test_permissions_are_private_whatever_the_umask(project: Path, tmp_path: Path, snap: Snap) -> None:
    old = os.umask(0)
    try:
        snap()
    finally:
        os.umask(old)
    backups = tmp_path / "backups"
    for folder, dirs, names in os.walk(backups):
        for name in dirs:
            assert stat.S_IMODE(Path(folder, name).stat().st_mode) == 0o700, Path(folder, name)
        for name in names:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            want = 0o700 if name == "rollback.sh" else 0o600
            assert stat.S_IMODE(path.stat().st_mode) == want, path


def test_manifest_records_files_excludes_and_config(project: Path, tmp_path: Path, snap: Snap) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    metrics = snap(exclude=["vendor/", "writable/cache/", ".env"]).metrics
    manifest = json.loads((Path(metrics["path"]) / "manifest.json").read_text())
    paths = {e["path"]: e for e in manifest["entries"]}
    assert ".env" not in paths and ".git" not in paths and "vendor" not in paths
    assert paths["public/config-link.php"] == {
        "path": "public/config-link.php",
        "kind": "symlink",
        "target": "../app/Config/App.php",
    }
    assert paths["spark"]["mode"] == "0755"
    assert "app/Database/Migrations/2024-01-01-000000_Init.php" in paths
    config = {e["path"] for e in manifest["config"]}
    assert {".env", "app/Config/App.php"} <= config  # the archive holds .env although the tree excludes it
    assert set(manifest["preserved"]) == {".env", ".git", "vendor", "writable/cache"}
    assert manifest["meta"]["duration"] > 0
    with_git = snap(include_git=True).metrics
    assert (Path(with_git["path"]) / "tree" / ".git" / "HEAD").is_file()


def test_free_space_check_names_the_numbers(project: Path, tmp_path: Path, snap: Snap) -> None:
    with pytest.raises(ActionError, match=r"not enough free space .* MB needed .* MB free"):
        snap(reserve_mb=10**9)
    assert list_backups(tmp_path / "backups") == ()
    assert not [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(".tmp-")]


def test_symlink_leaving_the_tree_is_refused_at_snapshot(project: Path, snap: Snap) -> None:
    os.symlink("/etc/passwd", project / "passwd")
    with pytest.raises(ActionError, match="passwd: symlink points outside the tree"):
        snap()


def test_mysql_dump_and_restore_argv() -> None:
    # No MySQL server here: only the commands are checked.
    (spec,) = parse_specs(
        [{"type": "mysql", "host": "db", "port": 3306, "user": "app", "dbname": "shule"}], "t"
    )
    argv = dump_argv(spec, Path("/b/shule.sql"))
    assert argv[:2] == ["mysqldump", "--single-transaction"]
    assert argv[-1] == "shule" and "--result-file=/b/shule.sql" in argv and "--user=app" in argv
    back = restore_argv("mysql", spec.settings, Path("databases/shule.sql"))
    assert back[0] == "mysql" and "--execute=source databases/shule.sql" in back


@pytest.mark.parametrize(
    ("dsn", "clean"),
    [
        ("postgresql://app:s3cret@db:5432/shule", "postgresql://app@db:5432/shule"),
        ("host=db dbname=shule password=s3cret user=app", "host=db dbname=shule user=app"),
    ],
)
def test_dsn_password_never_reaches_the_backup(dsn: str, clean: str) -> None:
    assert strip_password(dsn) == clean
