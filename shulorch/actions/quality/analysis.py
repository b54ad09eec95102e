"""``php.phpstan`` (static analysis, reported "not run" when phpstan is absent) and ``php.mess``
(phpmd, SARIF or XML report)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    DEFAULT_EXCLUDES,
    artefact_path,
    as_list,
    check_args,
    collect_files,
    fail_on,
    find_tool,
    finish,
    not_run,
)
from shulorch.actions.quality.findings import Finding, read_sarif
from shulorch.actions.quality.parsers import read_phpmd_xml, read_phpstan_json
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

PHPSTAN_ARGS = ("paths", "level", "config", "memory_limit", "bin", "fail_on")
PHPMD_ARGS = ("paths", "exclude", "rulesets", "format", "bin", "fail_on")
DEFAULT_PATHS = ("app",)
DEFAULT_RULESETS = "codesize,design,unusedcode"


def phpstan(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, PHPSTAN_ARGS)
    policy = fail_on(ctx, args)
    binary = find_tool(ctx, "phpstan", args.get("bin"))
    if binary is None:
        return not_run(ctx, tool="phpstan", reason="phpstan not installed")
    argv = [binary, "analyse", "--error-format=json", "--no-progress", "--no-interaction"]
    if args.get("level") is not None:
        argv.append(f"--level={args['level']}")
    if args.get("config"):
        argv.append(f"--configuration={ctx.path(str(args['config']))}")
    if args.get("memory_limit"):
        argv.append(f"--memory-limit={args['memory_limit']}")
    paths = as_list(args.get("paths"), () if _has_phpstan_config(ctx) else DEFAULT_PATHS)
    argv.extend(paths)
    result = ctx.run(argv)
    report = artefact_path(ctx, "phpstan-raw")
    write_atomic(report, result.stdout)
    try:
        findings = read_phpstan_json(result.stdout, base=ctx.cwd)
    except (json.JSONDecodeError, AttributeError) as err:
        raise ActionError(
            f"{ctx.task}: phpstan exited {result.returncode} without a JSON report:\n{result.tail()}"
        ) from err
    files = len(collect_files(ctx.cwd, paths, DEFAULT_EXCLUDES)) if paths else 0
    return finish(
        ctx,
        tool="phpstan",
        findings=findings,
        files_checked=files,
        policy=policy,
        artifacts=(report,),
        what="problem(s)",
    )


def _has_phpstan_config(ctx: ActionContext) -> bool:
    return any(
        (ctx.cwd / name).is_file() for name in ("phpstan.neon", "phpstan.neon.dist", "phpstan.dist.neon")
    )


def phpmd(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, PHPMD_ARGS)
    policy = fail_on(ctx, args)
    binary = find_tool(ctx, "phpmd", args.get("bin"))
    if binary is None:
        return not_run(ctx, tool="phpmd", reason="phpmd not installed")
    fmt = str(args.get("format", "sarif"))
    if fmt not in ("sarif", "xml"):
        raise ActionError(f"{ctx.task}: with: format must be sarif or xml, got {fmt!r}")
    rulesets = ",".join(as_list(args.get("rulesets"), (_project_rulesets(ctx),)))
    paths = as_list(args.get("paths"), DEFAULT_PATHS)
    files = collect_files(ctx.cwd, paths, as_list(args.get("exclude"), DEFAULT_EXCLUDES))
    if not files:
        raise ActionError(
            f"{ctx.task}: no PHP files under {', '.join(paths)} (cwd {ctx.cwd}); fix with: paths"
        )
    findings: list[Finding] = []
    reports = []
    for index, batch in enumerate(_batches(files)):
        report = artefact_path(ctx, f"phpmd-{index}", fmt)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.unlink(missing_ok=True)
        result = ctx.run([binary, ",".join(batch), fmt, rulesets, "--reportfile", str(report)])
        # phpmd: 0 clean, 2 violations found, 3 files it could not parse (listed in the report); 1 a crash.
        if result.timed_out or result.returncode not in (0, 2, 3) or not report.is_file():
            raise ActionError(
                f"{ctx.task}: phpmd failed (exit {result.returncode}) without a report; check rulesets "
                f"{rulesets!r}:\n{result.tail()}"
            )
        text = report.read_text(encoding="utf-8")
        reader = (
            read_sarif(text, tool="phpmd", base=ctx.cwd)
            if fmt == "sarif"
            else read_phpmd_xml(text, base=ctx.cwd)
        )
        findings.extend(reader)
        reports.append(report)
    return finish(
        ctx,
        tool="phpmd",
        findings=findings,
        files_checked=len(files),
        policy=policy,
        artifacts=reports,
        extra={"rulesets": rulesets, "format": fmt},
        what="problem(s)",
    )


def _project_rulesets(ctx: ActionContext) -> str:
    """The project's phpmd ruleset file when it has one, else the stock rulesets."""
    for name in ("phpmd.xml", "phpmd.xml.dist", ".phpmd.xml", ".phpmd.xml.dist"):
        if (ctx.cwd / name).is_file():
            return str(ctx.cwd / name)
    return DEFAULT_RULESETS


def _batches(files: Sequence[str], limit: int = 60_000) -> Iterator[list[str]]:
    """phpmd takes its inputs as one comma-separated argument, which Linux caps at 128 KiB."""
    batch: list[str] = []
    size = 0
    for name in files:
        if batch and size + len(name) + 1 > limit:
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    if batch:
        yield batch
