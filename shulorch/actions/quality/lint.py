"""``php.lint``: ``php -l`` on every PHP file, in parallel; a broken file is named with its line."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    DEFAULT_EXCLUDES,
    as_list,
    as_number,
    check_args,
    collect_files,
    fail_on,
    find_tool,
    finish,
    not_run,
)
from shulorch.actions.quality.findings import Finding, Severity
from shulorch.errors import ActionError

ARGS = ("paths", "file", "exclude", "jobs", "php", "fail_on")
DEFAULT_PATHS = ("app", "public", "tests")

# "PHP Parse error:  syntax error, unexpected token "}" in app/X.php on line 12"
_PHP_ERROR = re.compile(
    r"(?:PHP )?(?P<kind>Parse|Fatal|Compile) error:\s+(?P<msg>.*?) in (?P<file>.+) on line (?P<line>\d+)"
)


def parse_lint_output(output: str, file: str) -> tuple[Finding, ...]:
    """Findings from one ``php -l`` run; the file is ours (php prints whatever path we passed)."""
    found = []
    for match in _PHP_ERROR.finditer(output):
        found.append(
            Finding(
                tool="php-lint",
                file=file,
                line=int(match.group("line")),
                severity=Severity.ERROR,
                rule=f"{match.group('kind').lower()}-error",
                message=match.group("msg").strip(),
            )
        )
    return tuple(found)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Lint ``file`` alone (one task per file under ``foreach``) or every PHP file under ``paths``."""
    check_args(ctx, args, ARGS)
    policy = fail_on(ctx, args)
    php = find_tool(ctx, "php", args.get("php"))
    if php is None:
        return not_run(ctx, tool="php-lint", reason="php not installed")
    if args.get("file"):
        single = str(args["file"])
        if not ctx.path(single).is_file():
            raise ActionError(f"{ctx.task}: with: file {single} does not exist under {ctx.cwd}")
        files: tuple[str, ...] = (single,)
    else:
        files = collect_files(
            ctx.cwd, as_list(args.get("paths"), DEFAULT_PATHS), as_list(args.get("exclude"), DEFAULT_EXCLUDES)
        )
        if not files:
            raise ActionError(
                f"{ctx.task}: no PHP files under {', '.join(as_list(args.get('paths'), DEFAULT_PATHS))} "
                f"(cwd {ctx.cwd}); fix with: paths"
            )
    jobs = max(1, int(as_number(ctx, args, "jobs", os.cpu_count() or 2)))

    def lint_one(rel: str) -> tuple[Finding, ...]:
        # display_errors to stdout and no log line: each error is printed once.
        result = ctx.run([php, "-d", "display_errors=1", "-d", "log_errors=0", "-l", rel])
        found = parse_lint_output(result.stdout + "\n" + result.stderr, rel)
        if not result.ok and not found:
            what = "timed out" if result.timed_out else f"exited {result.returncode}"
            found = (
                Finding(
                    tool="php-lint",
                    file=rel,
                    line=0,
                    severity=Severity.ERROR,
                    rule="lint-failed",
                    message=f"php -l {what}: {result.tail(3)}",
                ),
            )
        return found

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        findings = tuple(f for batch in pool.map(lint_one, files) for f in batch)
    return finish(
        ctx,
        tool="php-lint",
        findings=findings,
        files_checked=len(files),
        policy=policy,
        extra={"jobs": jobs},
        what="syntax error(s)",
    )
