"""Database dumps and their restore commands.

SQLite goes through the online backup API (a consistent copy even while the app writes), PostgreSQL
through ``pg_dump --format=custom``, MySQL/MariaDB through ``mysqldump --single-transaction``.
Passwords never enter a backup: dump and restore read them from the environment variable named by
``password_env`` (or the client's own PGPASSWORD / MYSQL_PWD / ~/.pgpass).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.actions.backup.store import open_private
from shulorch.errors import ActionError

TYPES = ("sqlite", "postgres", "mysql")
SUFFIX = {"sqlite": ".sqlite", "postgres": ".pgdump", "mysql": ".sql"}


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseSpec:
    """One ``databases:`` item of the task, validated."""

    name: str
    type: str
    path: str = ""  # sqlite
    settings: Mapping[str, Any] = field(default_factory=dict)  # postgres/mysql connection, no password
    password_env: str = ""


def parse_specs(items: Sequence[Mapping[str, Any]], task: str) -> tuple[DatabaseSpec, ...]:
    specs: list[DatabaseSpec] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"{task}: with.databases[{index}]"
        kind = str(item.get("type", ""))
        if kind not in TYPES:
            raise ActionError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
        if kind == "sqlite" and not item.get("path"):
            raise ActionError(f"{where}: a sqlite database needs `path`")
        if kind != "sqlite" and not (item.get("dsn") or item.get("dbname")):
            raise ActionError(f"{where}: a {kind} database needs `dsn` or `dbname`")
        settings = {k: item[k] for k in ("dsn", "host", "port", "user", "dbname") if item.get(k)}
        if "dsn" in settings:
            settings["dsn"] = strip_password(str(settings["dsn"]))
        default = Path(str(item.get("path", ""))).stem if kind == "sqlite" else str(item.get("dbname", kind))
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", str(item.get("name") or default or kind))
        base, n = name, 2
        while name in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name)
        specs.append(
            DatabaseSpec(
                name=name,
                type=kind,
                path=str(item.get("path", "")),
                settings=settings,
                password_env=str(item.get("password_env", "")),
            )
        )
    return tuple(specs)


def strip_password(dsn: str) -> str:
    """A DSN without its password (URI ``user:pw@`` or key/value ``password=...``)."""
    dsn = re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", dsn)
    return re.sub(r"\bpassword\s*=\s*('[^']*'|\S+)\s*", "", dsn).strip()


def dump_sqlite(source: Path, dest: Path) -> None:
    """Copy a live SQLite database through the backup API into a new private file."""
    if not source.is_file():
        raise ActionError(f"sqlite database {source} does not exist; fix `path` or create the database")
    os.close(open_private(dest))
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            row = dst.execute("PRAGMA quick_check").fetchone()
        finally:
            dst.close()
    except sqlite3.Error as err:
        raise ActionError(f"sqlite backup of {source} failed: {err}; check the file is a database") from err
    finally:
        src.close()
    if not row or row[0] != "ok":
        raise ActionError(f"sqlite backup of {source} fails its integrity check ({row}); repair the database")


def _pg_conn(settings: Mapping[str, Any]) -> list[str]:
    if settings.get("dsn"):
        return [f"--dbname={settings['dsn']}"]
    argv = []
    for key, flag in (("host", "--host"), ("port", "--port"), ("user", "--username"), ("dbname", "--dbname")):
        if settings.get(key):
            argv.append(f"{flag}={settings[key]}")
    return argv


def _my_conn(settings: Mapping[str, Any]) -> list[str]:
    argv = []
    for key, flag in (("host", "--host"), ("port", "--port"), ("user", "--user")):
        if settings.get(key):
            argv.append(f"{flag}={settings[key]}")
    return argv


def dump_argv(spec: DatabaseSpec, dest: Path) -> list[str]:
    """The argv that dumps ``spec`` into ``dest`` (postgres and mysql)."""
    if spec.type == "postgres":
        return ["pg_dump", "--format=custom", "--no-password", f"--file={dest}", *_pg_conn(spec.settings)]
    if spec.type == "mysql":
        return [
            "mysqldump",
            "--single-transaction",
            "--routines",
            "--triggers",
            "--events",
            "--hex-blob",
            f"--result-file={dest}",
            *_my_conn(spec.settings),
            str(spec.settings.get("dbname", "")),
        ]
    raise ValueError(spec.type)


def restore_argv(kind: str, settings: Mapping[str, Any], dump: Path) -> list[str]:
    """The argv that loads ``dump`` back (postgres and mysql)."""
    if kind == "postgres":
        return [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            *_pg_conn(settings),
            str(dump),
        ]
    if kind == "mysql":
        return ["mysql", *_my_conn(settings), f"--execute=source {dump}", str(settings.get("dbname", ""))]
    raise ValueError(kind)


def password_env(spec_type: str, var: str, env: Mapping[str, str]) -> dict[str, str]:
    """The environment for a client: the password variable copied where the client looks for it."""
    out = dict(env)
    if var:
        if var not in env:
            raise ActionError(f"password_env {var} is not set; export it before the backup or rollback")
        out["PGPASSWORD" if spec_type == "postgres" else "MYSQL_PWD"] = env[var]
    return out
