"""`php spark`: migrations on a fresh SQLite file (apply, roll back all, apply), status, failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.example.conftest import php

pytestmark = pytest.mark.php

BROKEN = """<?php

namespace App\\Database\\Migrations;

use CodeIgniter\\Database\\Migration;

class AddBrokenTable extends Migration
{
    public function up()
    {
        $this->db->query('CREATE TABLE broken (id INTEGER PRIMARY KEY');
    }

    public function down()
    {
    }
}
"""


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows} - {"sqlite_sequence"}


def test_migrate_rollback_migrate_on_a_fresh_database(app: Path, tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    env = {"DB_DATABASE": str(db)}
    # One table per migration file: the hand-written modules' and the generated ones'.
    files = sorted(app.glob("app/Modules/*/Database/Migrations/*.php"))
    expected = {"migrations", "classes", "students"}
    count = len(files)

    first = php(app, "php", "spark", "migrate", env=env)
    assert first.ok, first.tail()
    assert "CreateClassesTable" in first.stdout and "Migrations complete." in first.stdout
    tables = _tables(db)
    assert expected <= tables and len(tables) == count + 1

    back = php(app, "php", "spark", "migrate:rollback", env=env)
    assert back.ok, back.tail()
    assert _tables(db) == {"migrations"}

    again = php(app, "php", "spark", "migrate", env=env)
    assert again.ok, again.tail()
    assert _tables(db) == tables

    status = php(app, "php", "spark", "migrate:status", env=env)
    assert status.ok
    rows = [line for line in status.stdout.splitlines() if "Create" in line]
    assert len(rows) == count and all("| 1 " in row for row in rows), status.stdout


def test_database_path_relative_to_app_root_from_dotenv(app: Path) -> None:
    (app / ".env").write_text("DB_DATABASE = writable/from-dotenv.sqlite\n")

    result = php(app, "php", "spark", "migrate")

    assert result.ok, result.tail()
    assert "students" in _tables(app / "writable" / "from-dotenv.sqlite")


def test_broken_migration_exits_non_zero_and_names_the_file(app: Path, tmp_path: Path) -> None:
    db = tmp_path / "broken.sqlite"
    (app / "app" / "Database" / "Migrations" / "2099-01-01-000000_AddBrokenTable.php").write_text(BROKEN)

    result = php(app, "php", "spark", "migrate", env={"DB_DATABASE": str(db)})

    assert result.returncode == 1
    assert "2099-01-01-000000_AddBrokenTable.php: up() failed" in result.stderr
    assert "broken" not in _tables(db)
    with sqlite3.connect(db) as conn:
        recorded = [r[0] for r in conn.execute("SELECT class FROM migrations")]
    assert not any("AddBrokenTable" in name for name in recorded)


def test_unknown_command_exits_non_zero(app: Path) -> None:
    result = php(app, "php", "spark", "migrate:sideways")
    assert result.returncode == 1
    assert 'Command "migrate:sideways" not found.' in result.stderr
