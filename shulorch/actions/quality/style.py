"""``php.style``: phpcs (PSR-12 by default) with a checkstyle report we parse; ``fix: true`` runs
phpcbf first so only what it cannot fix is reported."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    DEFAULT_EXCLUDES,
    artefact_path,
    as_bool,
    as_list,
    as_number,
    check_args,
    collect_files,
    fail_on,
    find_tool,
    finish,
    not_run,
)
from shulorch.actions.quality.findings import checkstyle_files, read_checkstyle
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

ARGS = ("paths", "exclude", "standard", "fix", "bin", "fixer_bin", "fail_on", "jobs")
DEFAULT_PATHS = ("app", "public", "tests")
_FIXED = re.compile(r"A TOTAL OF (\d+) ERRORS? WERE FIXED", re.IGNORECASE)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    policy = fail_on(ctx, args)
    phpcs = find_tool(ctx, "phpcs", args.get("bin"))
    if phpcs is None:
        return not_run(ctx, tool="phpcs", reason="phpcs not installed")
    paths = as_list(args.get("paths"), DEFAULT_PATHS)
    files = collect_files(ctx.cwd, paths, as_list(args.get("exclude"), DEFAULT_EXCLUDES))
    if not files:
        raise ActionError(
            f"{ctx.task}: no PHP files under {', '.join(paths)} (cwd {ctx.cwd}); fix with: paths"
        )
    standard = str(args.get("standard") or _project_standard(ctx))
    jobs = max(1, int(as_number(ctx, args, "jobs", 1)))
    # A file list, not argv: a large project would overflow the command line.
    file_list = artefact_path(ctx, "phpcs-files", "txt")
    write_atomic(file_list, "\n".join(str(ctx.cwd / f) for f in files) + "\n")
    common = [f"--standard={standard}", "--extensions=php", f"--file-list={file_list}", "-q", "--no-colors"]
    fixed = 0
    if as_bool(args.get("fix")):
        fixed = _fix(ctx, args, common)
    report = artefact_path(ctx, "phpcs", "xml")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    result = ctx.run([phpcs, *common, f"--parallel={jobs}", "--report=checkstyle", f"--report-file={report}"])
    # phpcs exits 1 or 2 when it found problems; the report tells us which. Anything else is a crash.
    if result.timed_out or result.returncode not in (0, 1, 2) or not report.is_file():
        raise ActionError(
            f"{ctx.task}: phpcs failed (exit {result.returncode}) before writing {report}:\n{result.tail()}"
        )
    text = report.read_text(encoding="utf-8")
    findings = read_checkstyle(text, tool="phpcs", base=ctx.cwd)
    return finish(
        ctx,
        tool="phpcs",
        findings=findings,
        files_checked=max(checkstyle_files(text), len(files)),
        policy=policy,
        artifacts=(report,),
        extra={"standard": standard, "fixed": fixed, "report": str(report)},
        what="style violation(s)",
    )


def _project_standard(ctx: ActionContext) -> str:
    """The project's own phpcs ruleset when it has one (as phpcs itself would pick), else PSR-12."""
    for name in (".phpcs.xml", "phpcs.xml", ".phpcs.xml.dist", "phpcs.xml.dist"):
        if (ctx.cwd / name).is_file():
            return str(ctx.cwd / name)
    return "PSR12"


def _fix(ctx: ActionContext, args: Mapping[str, Any], common: list[str]) -> int:
    phpcbf = find_tool(ctx, "phpcbf", args.get("fixer_bin"))
    if phpcbf is None:
        raise ActionError(
            f"{ctx.task}: fix: true needs phpcbf, which is not installed; install it or drop fix"
        )
    result = ctx.run([phpcbf, *common])
    # phpcbf: 0 nothing to fix, 1 fixed everything, 2 some left; 3 and up are failures.
    if result.timed_out or result.returncode > 2:
        raise ActionError(f"{ctx.task}: phpcbf failed (exit {result.returncode}):\n{result.tail()}")
    match = _FIXED.search(result.stdout)
    fixed = int(match.group(1)) if match else 0
    ctx.log.info(f"{ctx.task}: phpcbf fixed {fixed} problem(s)")
    return fixed
