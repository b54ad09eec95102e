"""Action `report.generate`: write the nine JSON reports and orchestration-summary.json of this run.

The I/O edge of the report package: it reads the clock, resource usage and (optionally) the
application folder, then hands values to :mod:`assemble` and writes each file atomically.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.report.assemble import REPORTS, SUMMARY_FILE, Options, Readings, build_reports
from shulorch.actions.report.cost import parse_rates
from shulorch.actions.report.facts import Fact, Inputs, Source, SourceKind, missing
from shulorch.actions.report.risk import RiskOptions
from shulorch.errors import ActionError
from shulorch.fsutil import write_json_atomic

ACTION = "report.generate"
SKIP_DIRS = frozenset({"vendor", "node_modules", "writable", ".git"})


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def _own(ctx: ActionContext, key: str, action: str) -> Source:
    return Source(kind=SourceKind.REPORT, task=ctx.task, action=action, run_id=ctx.run_id, key=key)


def read_clock(ctx: ActionContext, now: float, action: str = ACTION) -> tuple[Fact, Fact]:
    """Wall seconds since the run started (so far) and CPU seconds of this process and children."""
    if ctx.run_started <= 0:
        elapsed = missing("the engine gave no run start time (ctx.run_started is 0)", "s")
    else:
        elapsed = Fact(
            value=round(now - ctx.run_started, 3),
            unit="s",
            sources=(_own(ctx, "clock", action),),
            note="so far, at report time",
        )
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = Fact(
        value=round(sum(u.ru_utime + u.ru_stime for u in usage), 3),
        unit="s",
        sources=(_own(ctx, "getrusage(self + children)", action),),
        note="so far, at report time: CPU time of the shulorch process since it started and of its "
        "finished children",
    )
    return elapsed, cpu


def scan_app(ctx: ActionContext, root: Path) -> dict[str, Fact]:
    """Count PHP files and lines under ``root``, in total and per top-level folder."""
    if not root.is_dir():
        raise ActionError(
            f"{ctx.task}: with.app = {root} is not a folder; point it at the application "
            "(e.g. examples/shulelabs/app) or remove it"
        )
    folders: dict[str, list[int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel = Path(dirpath).relative_to(root)
        top = rel.parts[0] if rel.parts else "."
        for name in filenames:
            if name.endswith(".php"):
                with open(Path(dirpath) / name, "rb") as handle:
                    lines = sum(1 for _ in handle)
                counts = folders.setdefault(top, [0, 0])
                counts[0] += 1
                counts[1] += lines
    where = f"scan of {root.name}/"
    facts = {
        "php_files": Fact(
            value=sum(c[0] for c in folders.values()), unit="files", sources=(_own(ctx, where, ACTION),)
        ),
        "php_lines": Fact(
            value=sum(c[1] for c in folders.values()), unit="lines", sources=(_own(ctx, where, ACTION),)
        ),
    }
    for top, (files, lines) in sorted(folders.items()):
        facts[f"php_files.{top}"] = Fact(
            value=files, unit="files", sources=(_own(ctx, f"{where}{top}", ACTION),)
        )
        facts[f"php_lines.{top}"] = Fact(
            value=lines, unit="lines", sources=(_own(ctx, f"{where}{top}", ACTION),)
        )
    return facts


def parse_options(ctx: ActionContext, args: Mapping[str, Any]) -> Options:
    names = args.get("reports", list(REPORTS))
    if isinstance(names, str):
        names = [names]
    unknown = [n for n in names if n not in REPORTS] if isinstance(names, list) else [repr(names)]
    if unknown:
        raise ActionError(
            f"{ctx.task}: with.reports has unknown report(s) {', '.join(map(str, unknown))}; "
            f"choose from {', '.join(REPORTS)}"
        )
    cov = args.get("coverage_min")
    if cov is not None and (isinstance(cov, bool) or not isinstance(cov, int | float) or not 0 <= cov <= 100):
        raise ActionError(f"{ctx.task}: with.coverage_min = {cov!r} must be a percentage between 0 and 100")
    return Options(
        task=ctx.task,
        reports=tuple(names),
        rates=parse_rates(ctx.task, args.get("rates")),
        risk=RiskOptions(
            coverage_min=float(cov) if cov is not None else None,
            deploy_to_production=ctx.env.get("DEPLOY_TO_PRODUCTION"),
        ),
    )


def output_dir(ctx: ActionContext, args: Mapping[str, Any]) -> Path:
    return ctx.path(args["dir"]) if args.get("dir") else ctx.report_dir


def display(ctx: ActionContext, path: Path) -> str:
    """A path relative to the project when inside it, so artefact lists stay portable."""
    try:
        return str(path.relative_to(ctx.project_dir))
    except ValueError:
        return str(path)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Write the selected reports (all nine by default) and orchestration-summary.json."""
    options = parse_options(ctx, args)
    now = time.time()
    elapsed, cpu = read_clock(ctx, now)
    readings = Readings(
        generated_at=iso(now),
        run_started=iso(ctx.run_started) if ctx.run_started > 0 else "",
        elapsed=elapsed,
        cpu=cpu,
        app_scan=scan_app(ctx, ctx.path(args["app"])) if args.get("app") else None,
    )
    documents = build_reports(Inputs(run_id=ctx.run_id, results=ctx.results), readings, options)
    folder = output_dir(ctx, args)
    written = []
    for name, document in documents.items():
        write_json_atomic(folder / name, document, mode=0o644)
        written.append(display(ctx, folder / name))
    summary = documents[SUMMARY_FILE]
    counts = summary["risk_counts"]
    ctx.log.info(
        f"reports: {len(written)} files in {display(ctx, folder)}; status {summary['status']}; "
        f"risks {counts['high']} high, {counts['medium']} medium, {counts['low']} low"
    )
    return ActionResult(
        summary=f"{len(written)} report files, status {summary['status']}",
        metrics={
            "reports": len(written),
            "status": summary["status"],
            "risks": counts,
            "elapsed_so_far": elapsed.value,
            "cpu_seconds": cpu.value,
            "dir": display(ctx, folder),
        },
        artifacts=tuple(written),
    )
