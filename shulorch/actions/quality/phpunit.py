"""``php.test``: phpunit with a JUnit log and Clover coverage through pcov, both parsed into the
test metrics the gate and the reports read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    QualityFailure,
    artefact_path,
    as_bool,
    as_list,
    as_number,
    check_args,
    find_tool,
)
from shulorch.actions.quality.reports import Coverage, JUnitSummary, parse_clover, parse_junit
from shulorch.errors import ActionError
from shulorch.fsutil import write_json_atomic

ARGS = (
    "bin",
    "php",
    "config",
    "coverage",
    "coverage_source",
    "min_coverage",
    "testsuite",
    "filter",
    "args",
    "env",
)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    php = find_tool(ctx, "php", args.get("php"))
    phpunit = find_tool(ctx, "phpunit", args.get("bin"))
    if php is None or phpunit is None:
        missing = "php" if php is None else "phpunit"
        raise ActionError(
            f"{ctx.task}: {missing} is not installed (looked in vendor/bin and PATH); tests were not run. "
            f"Install it (composer install, or the Debian package)"
        )
    junit = artefact_path(ctx, "junit", "xml")
    clover = artefact_path(ctx, "clover", "xml")
    junit.parent.mkdir(parents=True, exist_ok=True)
    for stale in (junit, clover):
        stale.unlink(missing_ok=True)

    coverage_status = "measured"
    argv = [php]
    if as_bool(args.get("coverage"), True):
        driver = _coverage_driver(ctx, php)
        if driver is None:
            coverage_status = "not run: no coverage driver (install php-pcov)"
        else:
            if driver == "pcov":
                argv += ["-d", "pcov.enabled=1", "-d", f"pcov.directory={ctx.cwd}"]
            else:
                argv += ["-d", "xdebug.mode=coverage"]
    else:
        coverage_status = "not run: coverage disabled (with: coverage: false)"
    argv += [phpunit, "--colors=never", "--log-junit", str(junit)]
    if coverage_status == "measured":
        argv += ["--coverage-clover", str(clover)]
        for source in as_list(args.get("coverage_source")):
            argv += ["--coverage-filter", str(ctx.path(source))]
    if args.get("config"):
        argv += ["--configuration", str(ctx.path(str(args["config"])))]
    if args.get("testsuite"):
        argv += ["--testsuite", str(args["testsuite"])]
    if args.get("filter"):
        argv += ["--filter", str(args["filter"])]
    argv += list(as_list(args.get("args")))
    env = {**ctx.env, **{str(k): str(v) for k, v in (args.get("env") or {}).items()}}

    result = ctx.run(argv, env=env)
    if result.timed_out:
        raise ActionError(
            f"{ctx.task}: phpunit timed out after {result.duration:.0f}s; raise the task timeout"
        )
    if not junit.is_file():
        raise ActionError(
            f"{ctx.task}: phpunit exited {result.returncode} without a JUnit log:\n{result.tail()}"
        )
    summary = parse_junit(junit.read_text(encoding="utf-8"), base=ctx.cwd)
    coverage: Coverage | None = None
    if coverage_status == "measured":
        if clover.is_file():
            coverage = parse_clover(clover.read_text(encoding="utf-8"))
        else:
            coverage_status = "not run: phpunit wrote no coverage (configure <coverage> or coverage_source)"
    metrics = _metrics(
        summary, coverage, coverage_status, junit=str(junit), clover=str(clover) if coverage else None
    )
    metrics["wall_time"] = round(result.duration, 3)
    write_json_atomic(artefact_path(ctx, "phpunit"), metrics)
    _check(ctx, args, summary, coverage, result.returncode, result.tail(), metrics)
    line = f"{summary.passed}/{summary.tests} tests passed"
    if coverage is not None:
        line += f", line coverage {coverage.percent}% ({coverage.lines_covered}/{coverage.lines_valid})"
    else:
        line += f", coverage {coverage_status}"
    return ActionResult(
        summary=line, metrics=metrics, artifacts=tuple(a for a in (str(junit), metrics["coverage_file"]) if a)
    )


def _coverage_driver(ctx: ActionContext, php: str) -> str | None:
    modules = ctx.run([php, "-m"]).stdout.lower().split()
    return "pcov" if "pcov" in modules else ("xdebug" if "xdebug" in modules else None)


def _metrics(
    summary: JUnitSummary, coverage: Coverage | None, coverage_status: str, *, junit: str, clover: str | None
) -> dict[str, Any]:
    return {
        "tool": "phpunit",
        "status": "passed" if summary.tests and not (summary.failed or summary.errors) else "failed",
        "tests": summary.tests,
        "passed": summary.passed,
        "failed": summary.failed,
        "errors": summary.errors,
        "skipped": summary.skipped,
        "duration": summary.duration,
        "pass_rate": round(100.0 * summary.passed / (summary.tests - summary.skipped), 2)
        if summary.tests > summary.skipped
        else None,
        "line_coverage": coverage.percent if coverage else None,
        "lines_covered": coverage.lines_covered if coverage else None,
        "lines_valid": coverage.lines_valid if coverage else None,
        "coverage_status": coverage_status,
        "junit": junit,
        "coverage_file": clover,
        "failures": [{"test": p.name, "kind": p.kind, "message": p.message} for p in summary.problems[:50]],
    }


def _check(
    ctx: ActionContext,
    args: Mapping[str, Any],
    summary: JUnitSummary,
    coverage: Coverage | None,
    returncode: int,
    tail: str,
    metrics: Mapping[str, Any],
) -> None:
    if summary.problems:
        listed = "\n".join(f"  {p.describe()}" for p in summary.problems[:20])
        raise QualityFailure(
            f"{ctx.task}: {summary.failed} failed and {summary.errors} erroring of {summary.tests} tests:\n"
            f"{listed}\n"
            f"Fix the code or the tests (JUnit log: {metrics['junit']})",
            metrics,
        )
    if summary.tests == 0:
        raise QualityFailure(
            f"{ctx.task}: phpunit ran no tests; check phpunit.xml's <testsuites>\n{tail}", metrics
        )
    if returncode != 0:
        raise QualityFailure(
            f"{ctx.task}: phpunit exited {returncode} although its JUnit log shows no failing test:\n{tail}",
            metrics,
        )
    if args.get("min_coverage") is not None and coverage is not None:
        floor = as_number(ctx, args, "min_coverage", 0)
        if coverage.percent < floor:
            raise QualityFailure(
                f"{ctx.task}: line coverage {coverage.percent}% "
                f"({coverage.lines_covered}/{coverage.lines_valid} "
                f"lines) is below min_coverage {floor:g}%; add tests",
                metrics,
            )
