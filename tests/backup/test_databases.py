"""SQLite and PostgreSQL round trips: dump during the snapshot, restore by Python and by rollback.sh."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from shulorch.actions.backup.model import find_backup
from shulorch.actions.backup.restore import restore_backup
from tests.backup.conftest import Snap, entries_of
from tests.helpers import ListLogger

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _rows(db: Path) -> list[tuple[int, str]]:
    con = sqlite3.connect(db)
    try:
        return list(con.execute("SELECT id, name FROM pupils ORDER BY id"))
    finally:
        con.close()


def test_sqlite_live_database_round_trip(project: Path, tmp_path: Path, snap: Snap) -> None:
    db = project / "writable" / "database.db"
    live = sqlite3.connect(db)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE pupils (id INTEGER PRIMARY KEY, name TEXT)")
    live.executemany("INSERT INTO pupils (name) VALUES (?)", [("Amani",), ("Baraka",)])
    live.commit()  # committed rows sit in the -wal file: a plain file copy would miss them
    result = snap(databases=[{"type": "sqlite", "path": "app/writable/database.db"}])
    assert result.metrics["databases"] == ["database"]
    folder = Path(result.metrics["path"])
    paths = entries_of(folder)
    assert (
        "writable/database.db" not in paths and "writable/database.db-wal" not in paths
    )  # never the live file
    live.execute("DELETE FROM pupils")
    live.commit()
    live.close()
    info = find_backup(tmp_path / "backups", None)
    restore_backup(info, project, os.environ, ListLogger())
    assert _rows(db) == [(1, "Amani"), (2, "Baraka")]
    con = sqlite3.connect(db)
    con.execute("DELETE FROM pupils WHERE id = 1")
    con.commit()
    con.close()
    proc = subprocess.run(["sh", str(folder / "rollback.sh")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "restoring sqlite database" in proc.stdout
    assert _rows(db) == [(1, "Amani"), (2, "Baraka")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def postgres() -> Iterator[dict[str, str]]:
    """A throw-away PostgreSQL cluster on a Unix socket, run by the `postgres` user when we are root."""
    if not (PG_BIN / "initdb").exists() or shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL 15 binaries not installed (apt-get install postgresql)")
    # Not tmp_path: pytest's base folder is 0700 root-owned, which the postgres user cannot enter.
    base = Path(tempfile.mkdtemp(prefix="shulorch-pg-"))
    os.chmod(base, 0o755)
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", str(_free_port())
    run = lambda *argv: subprocess.run([*prefix, *argv], capture_output=True, text=True, check=True)  # noqa: E731
    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    opts = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off"
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start")
    try:
        yield {"host": str(base), "port": port, "user": "postgres"}
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


def _psql(conn: dict[str, str], dbname: str, sql: str) -> str:
    argv = ["psql", "-h", conn["host"], "-p", conn["port"], "-U", conn["user"], "-d", dbname]
    proc = subprocess.run([*argv, "-Atqc", sql], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@pytest.mark.postgres
def test_postgres_round_trip(project: Path, tmp_path: Path, snap: Snap, postgres: dict[str, str]) -> None:
    _psql(postgres, "postgres", "CREATE DATABASE shule")
    _psql(
        postgres,
        "shule",
        "CREATE TABLE pupils (id int PRIMARY KEY, name text); "
        "INSERT INTO pupils VALUES (1, 'Amani'), (2, 'Baraka')",
    )
    result = snap(databases=[{"type": "postgres", **postgres, "dbname": "shule"}])
    folder = Path(result.metrics["path"])
    assert result.metrics["databases"] == ["shule"]
    assert (folder / "databases" / "shule.pgdump").read_bytes()[:5] == b"PGDMP"
    _psql(postgres, "shule", "DELETE FROM pupils; CREATE TABLE junk (x int)")
    restore_backup(find_backup(tmp_path / "backups", None), project, os.environ, ListLogger())
    assert _psql(postgres, "shule", "SELECT string_agg(name, ',' ORDER BY id) FROM pupils") == "Amani,Baraka"
    _psql(postgres, "shule", "UPDATE pupils SET name = 'X'")
    proc = subprocess.run(["sh", str(folder / "rollback.sh")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert _psql(postgres, "shule", "SELECT string_agg(name, ',' ORDER BY id) FROM pupils") == "Amani,Baraka"
