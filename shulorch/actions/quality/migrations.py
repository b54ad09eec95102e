"""``php.migrations``: apply every migration to a fresh SQLite database, roll all back, apply again
(through the app's ``spark``), judging each step by its output and by the database itself."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import QualityFailure, artefact_path, as_list, check_args, find_tool
from shulorch.errors import ActionError
from shulorch.fsutil import write_json_atomic

ARGS = ("php", "spark", "env", "migrate", "rollback", "migrations_glob")
# CI4 reads its database settings from these environment variables (dot names, as in .env).
DEFAULT_DB_ENV = {
    "CI_ENVIRONMENT": "testing",
    "database.default.DBDriver": "SQLite3",
    "database.default.database": "{db}",
    "database.tests.DBDriver": "SQLite3",
    "database.tests.database": "{db}",
}
DEFAULT_MIGRATE = ("migrate", "--all")
DEFAULT_ROLLBACK = ("migrate:rollback", "-b", "0", "-f")
DEFAULT_GLOBS = ("app/Database/Migrations/*.php", "app/Modules/*/Database/Migrations/*.php")
# Lines that mean a step failed even when spark exited 0 (CLI tools often do).
_FAILURE = re.compile(
    r"(?im)^\s*(?:PHP )?(?:Fatal error|Parse error|Warning|ERROR\b|Error:|Uncaught"
    r"|.*Exception\b|.*SQLSTATE\[)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseState:
    """What the database holds after a step: user tables, their schema, and recorded migrations."""

    tables: tuple[str, ...]
    schema: tuple[str, ...]
    applied: int


def database_env(ctx: ActionContext, args: Mapping[str, Any], db: Path) -> dict[str, str]:
    """The task's environment with the app pointed at ``db`` (``{db}`` in values is replaced)."""
    extra = {**DEFAULT_DB_ENV, **{str(k): str(v) for k, v in (args.get("env") or {}).items()}}
    return {**ctx.env, **{k: v.replace("{db}", str(db)) for k, v in extra.items()}}


def spark_argv(ctx: ActionContext, args: Mapping[str, Any]) -> list[str]:
    php = find_tool(ctx, "php", args.get("php"))
    if php is None:
        raise ActionError(f"{ctx.task}: php is not installed; migrations were not run")
    spark = ctx.path(str(args.get("spark", "spark")))
    if not spark.is_file():
        raise ActionError(f"{ctx.task}: {spark} not found; point with: spark at the app's spark script")
    return [php, str(spark)]


def run_step(ctx: ActionContext, argv: list[str], env: Mapping[str, str], step: str) -> str:
    """Run one spark command; fail on a non-zero exit or an error line in its output."""
    result = ctx.run(argv, env=env)
    output = (result.stdout + "\n" + result.stderr).strip()
    bad = _FAILURE.search(output)
    if not result.ok or bad:
        why = f"printed {bad.group(0).strip()!r}" if bad else f"exited {result.returncode}"
        raise ActionError(f"{ctx.task}: {step} (`{' '.join(argv[1:])}`) {why}:\n{result.tail()}")
    return output


def inspect_database(db: Path) -> DatabaseState:
    if not db.exists():
        return DatabaseState(tables=(), schema=(), applied=0)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
        names = {r[1] for r in rows if r[0] == "table"}
        applied = (
            conn.execute("SELECT count(*) FROM migrations").fetchone()[0] if "migrations" in names else 0
        )
    conn.close()
    tables = tuple(sorted(names - {"migrations"}))
    schema = tuple(
        f"{t}:{n}:{s}" for t, n, s in rows if n != "migrations" and not str(n).startswith("sqlite_")
    )
    return DatabaseState(tables=tables, schema=schema, applied=int(applied))


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    base = spark_argv(ctx, args)
    migrate = base + list(as_list(args.get("migrate"), DEFAULT_MIGRATE))
    rollback = base + list(as_list(args.get("rollback"), DEFAULT_ROLLBACK))
    found = sorted({p for g in as_list(args.get("migrations_glob"), DEFAULT_GLOBS) for p in ctx.cwd.glob(g)})
    if not found:
        raise ActionError(
            f"{ctx.task}: no migration files under {ctx.cwd} match "
            f"{', '.join(as_list(args.get('migrations_glob'), DEFAULT_GLOBS))}; fix with: migrations_glob"
        )
    steps: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="shulorch-migrations-") as tmp:
        db = Path(tmp) / "migrations.sqlite"
        env = database_env(ctx, args, db)
        for step, argv in (("apply", migrate), ("rollback", rollback), ("re-apply", migrate)):
            run_step(ctx, argv, env, step)
            state = inspect_database(db)
            steps.append(
                {"step": step, "tables": list(state.tables), "applied": state.applied, "schema": state.schema}
            )
    metrics: dict[str, Any] = {
        "tool": "migrations",
        "migrations": len(found),
        "steps": [{k: v for k, v in s.items() if k != "schema"} for s in steps],
        "tables": steps[0]["tables"],
    }
    problems = _problems(steps, len(found))
    metrics["status"] = "failed" if problems else "passed"
    artefact = artefact_path(ctx, "migrations")
    write_json_atomic(artefact, {**metrics, "problems": problems})
    if problems:
        raise QualityFailure(
            f"{ctx.task}: migrations are not reversible:\n"
            + "\n".join(f"  {p}" for p in problems)
            + "\nFix the migrations' up()/down()",
            metrics,
        )
    return ActionResult(
        summary=f"{len(found)} migration(s) applied, rolled back and re-applied; "
        f"{len(steps[0]['tables'])} table(s)",
        metrics=metrics,
        artifacts=(str(artefact),),
    )


def _problems(steps: list[dict[str, Any]], expected: int) -> list[str]:
    first, back, again = steps
    problems = []
    if first["applied"] != expected:
        problems.append(f"apply recorded {first['applied']} of {expected} migration file(s)")
    if not first["tables"]:
        problems.append("apply created no table")
    if back["tables"] or back["applied"]:
        problems.append(
            f"rollback left {back['applied']} migration(s) recorded and tables "
            f"{', '.join(back['tables']) or '(none)'}"
        )
    if again["schema"] != first["schema"]:
        problems.append("re-apply produced a different schema than the first apply")
    if again["applied"] != expected:
        problems.append(f"re-apply recorded {again['applied']} of {expected} migration file(s)")
    return problems
