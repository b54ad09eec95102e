"""Snapshot and restore round trips, incremental cost, permissions, excludes, free space."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.backup.databases import dump_argv, parse_specs, restore_argv, strip_password
from shulorch.actions.backup.model import find_backup, list_backups
from shulorch.actions.backup.restore import restore_backup
from shulorch.actions.backup.snapshot import SnapshotOptions, SnapshotReport, take_snapshot
from shulorch.actions.backup.verify import verify_backup
from shulorch.errors import ActionError
from shulorch.process import run_process
from tests.backup.conftest import Snap, entries_of, packs_of, tree_state
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
    (project / "vendor" / "autoload.php").write_text("<?php // newer vendor\n")
    proc = subprocess.run(["sh", str(folder / "rollback.sh")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "verifying" in proc.stdout and "done:" in proc.stdout
    before["vendor/autoload.php"] = ("file", 0o644, b"<?php // newer vendor\n")
    assert tree_state(project) == before  # vendor/ and writable/cache are kept from the current tree
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("app.before-rollback-")]
    assert len(kept) == 1 and (kept[0] / "new-file.php").exists()


def test_unchanged_resnapshot_reuses_everything(project: Path, tmp_path: Path, snap: Snap) -> None:
    first = snap().metrics
    second = snap().metrics
    assert first["new_bytes"] >= 300_000 and len(first["new_packs"]) == 1
    assert second["new_bytes"] == 0 and second["new_packs"] == []
    assert second["reused_files"] == second["files"] == 11
    (a,), (b,) = (packs_of(Path(m["path"])) for m in (first, second))
    assert a.stat().st_ino == b.stat().st_ino  # one pack, hard-linked into both snapshots
    (project / "data" / "blob.bin").write_bytes(b"changed")
    third = snap().metrics
    assert len(third["new_packs"]) == 1 and third["reused_files"] == 10
    entries = entries_of(Path(third["path"]))
    assert entries["data/blob.bin"].pack == third["new_packs"][0]
    assert entries["spark"].pack == first["new_packs"][0]
    assert len(packs_of(Path(third["path"]))) == 2
    # The older snapshots are intact and still restore their own blob.
    older = find_backup(tmp_path / "backups", first["backup_id"])
    restore_backup(older, tmp_path / "old", os.environ, ListLogger())
    assert len((tmp_path / "old" / "data" / "blob.bin").read_bytes()) == 300_000


def _take(project: Path, backups: Path, **extra: Any) -> SnapshotReport:
    # racy_ns=0: the files were written a moment ago; normally their stat data is trusted only
    # two seconds after their last change.
    opts = SnapshotOptions(source=project, backups_dir=backups, racy_ns=0, **extra)
    return take_snapshot(
        opts, lambda argv, env: run_process(list(argv), cwd=project, env=env), {}, ListLogger()
    )


def test_unchanged_tree_is_taken_over_whole(project: Path, tmp_path: Path) -> None:
    first = _take(project, tmp_path / "backups")
    second = _take(project, tmp_path / "backups")
    assert not first.unchanged and second.unchanged and second.new_bytes == 0
    for name in ("entries.json", "SHA256SUMS", "lists/symlinks.list"):
        assert (first.folder / name).stat().st_ino == (second.folder / name).stat().st_ino
    assert verify_backup(find_backup(tmp_path / "backups", second.backup_id)).ok
    proc = subprocess.run(
        ["sh", str(second.folder / "rollback.sh"), str(tmp_path / "out")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert tree_state(tmp_path / "out") == tree_state(project, EXCLUDED)
    os.chmod(project / "spark", 0o700)  # a new mode: a new scan digest, yet the same bytes (re-hashed)
    third = _take(project, tmp_path / "backups")
    assert not third.unchanged and third.new_bytes == 0 and entries_of(third.folder)["spark"].mode == 0o700


def test_rehash_reads_what_stat_data_would_miss(project: Path, tmp_path: Path) -> None:
    first = _take(project, tmp_path / "backups")
    # Simulate a change in the same clock tick as the snapshot: new bytes, same stat data.
    home = project / "app" / "Controllers" / "Home.php"
    home.write_bytes(home.read_bytes().replace(b"Home", b"Hack"))
    st = home.lstat()
    rows = json.loads((first.folder / "entries.json").read_text())
    for row in rows:
        if row[1] == "app/Controllers/Home.php":  # ["file", path, mode, size, sha, pack, mtime, [ctime, ino]]
            row[3], row[6], row[7] = st.st_size, st.st_mtime_ns, [st.st_ctime_ns, st.st_ino]
    (first.folder / "entries.json").write_text(json.dumps(rows))
    trusting = _take(project, tmp_path / "backups")
    assert trusting.new_bytes == 0  # stat data alone cannot see this change...
    paranoid = _take(project, tmp_path / "backups", rehash=True)
    assert paranoid.new_bytes > 0  # ...reading every file does
    assert entries_of(paranoid.folder)["app/Controllers/Home.php"].pack == paranoid.new_packs[0]


@pytest.mark.parametrize("files", [0, 1])
def test_rollback_sh_of_a_tiny_tree(tmp_path: Path, files: int) -> None:
    root = tmp_path / "tiny"
    (root / "empty" / "deeper").mkdir(parents=True)
    for i in range(files):
        (root / f"only-{i}.txt").write_text("one\n")
    report = _take(root, tmp_path / "backups")
    assert report.files == files and len(report.new_packs) == files
    proc = subprocess.run(
        ["sh", str(report.folder / "rollback.sh"), str(tmp_path / "out")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert tree_state(tmp_path / "out") == tree_state(root)


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
    folder = Path(metrics["path"])
    manifest = json.loads((folder / "manifest.json").read_text())
    paths = entries_of(folder)
    assert ".git" not in paths and "vendor" not in paths and "writable/cache" not in paths
    rows = {row[1]: row for row in json.loads((folder / "entries.json").read_text())}
    assert rows["public/config-link.php"] == ["symlink", "public/config-link.php", "../app/Config/App.php"]
    assert rows["spark"][:4] == ["file", "spark", "0755", len(b"#!/usr/bin/env php\n<?php\n")]
    assert rows["spark"][4] == hashlib.sha256(b"#!/usr/bin/env php\n<?php\n").hexdigest()
    assert paths["spark"].pack == metrics["new_packs"][0]
    assert "app/Database/Migrations/2024-01-01-000000_Init.php" in paths
    # The configuration archive holds .env although the tree excludes it: a rollback restores it.
    assert {".env", "app/Config/App.php"} <= set(manifest["config"]) and ".env" in paths
    assert set(manifest["preserved"]) == {".git", "vendor", "writable/cache"}
    assert manifest["meta"]["duration"] > 0 and manifest["meta"]["files"] == 11
    assert (
        manifest["checksums"]["entries.json"]
        == hashlib.sha256((folder / "entries.json").read_bytes()).hexdigest()
    )
    with_git = snap(include_git=True).metrics
    assert ".git/HEAD" in entries_of(Path(with_git["path"]))


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


def test_optional_database_that_does_not_exist_yet_is_skipped_and_said(tmp_path: Path) -> None:
    from shulorch.actions.backup.actions import snapshot
    from tests.helpers import ListLogger, make_context

    tree = tmp_path / "app"
    tree.mkdir()
    (tree / "index.php").write_text("<?php echo 1;\n")
    ctx = make_context(tmp_path)
    args = {
        "source": "app",
        "dest": "backups",
        "databases": [{"type": "sqlite", "path": "missing/db.sqlite", "optional": True}],
    }
    result = snapshot(ctx, args)
    assert result.metrics["databases"] == []
    assert result.metrics["databases_absent"] == [str(tmp_path / "missing" / "db.sqlite")]
    assert isinstance(ctx.log, ListLogger) and "does not exist yet (optional)" in ctx.log.text()
    with pytest.raises(ActionError):  # without `optional`, a missing database is an error
        snapshot(ctx, {**args, "databases": [{"type": "sqlite", "path": "missing/db.sqlite"}]})
