"""``shulorch build`` and ``shulorch plan``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from shulorch.app import BuildOptions, environment, make_plan, project_dir
from shulorch.app import build as run_build
from shulorch.cli.options import make_project, project_options, selection_options
from shulorch.console import Progress, make_console, print_plan
from shulorch.runlog import relpath
from shulorch.selection import SelectOptions


def _select(
    tasks: tuple[str, ...],
    phases: tuple[str, ...],
    sessions: tuple[str, ...],
    skip: tuple[str, ...],
    keywords: str | None,
    tags: tuple[str, ...],
) -> SelectOptions:
    return SelectOptions(phases=phases + sessions, skip=skip, keywords=keywords, tags=tags, tasks=tasks)


def _show_plan(options: BuildOptions, as_json: bool, env: dict[str, str] | None = None) -> None:
    _, selection, decisions = make_plan(options, env or environment())
    if as_json:
        click.echo(
            json.dumps(
                {
                    "tasks": [
                        {"task": d.task, "run": d.run, "reason": d.reason, "details": list(d.details)}
                        for d in decisions
                    ],
                    "excluded": [{"task": t.name, "reason": why} for t, why in selection.excluded],
                },
                indent=2,
            )
        )
        return
    print_plan(make_console(), decisions, selection.excluded)


@click.command()
@click.argument("tasks", nargs=-1)
@selection_options
@project_options
@click.option("--force", is_flag=True, help="Run the selected tasks even if up to date.")
@click.option("--dry-run", is_flag=True, help="Say what would run and why; change nothing.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Run up to N tasks at once.")
@click.option(
    "--keep-going", is_flag=True, default=None, help="Go on with independent tasks after a failure."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result (or plan) as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also print info log lines.")
@click.option(
    "--fix",
    is_flag=True,
    help="Let tasks that can repair what they check do so (sets SHULORCH_FIX=true, e.g. phpcbf).",
)
def build(
    tasks: tuple[str, ...],
    phases: tuple[str, ...],
    skip: tuple[str, ...],
    sessions: tuple[str, ...],
    keywords: str | None,
    tags: tuple[str, ...],
    pipeline_file: Path,
    config_file: Path | None,
    force: bool,
    dry_run: bool,
    jobs: int | None,
    keep_going: bool | None,
    as_json: bool,
    verbose: bool,
    fix: bool,
) -> None:
    """Run the selected phases incrementally (all enabled phases by default)."""
    options = BuildOptions(
        project=make_project(pipeline_file, config_file, jobs, keep_going),
        select=_select(tasks, phases, sessions, skip, keywords, tags),
        force=force,
        argv=tuple((click.get_current_context().obj or {}).get("argv", ())),
    )
    env = environment()
    if fix:
        env["SHULORCH_FIX"] = "true"
    if dry_run:
        _show_plan(options, as_json, env)
        return
    console = make_console(stderr=as_json)
    progress = Progress(console, verbose=verbose)
    result = run_build(options, env, sink=progress.event, echo=progress.log)
    root = project_dir(options.project)
    if as_json:
        click.echo(result.record_path.read_text(encoding="utf-8"))
    else:
        if progress.up_to_date:
            console.print(f"[dim]- {progress.up_to_date} task(s) up to date (-v lists them)[/]")
        console.print(f"\nrun {result.run_id}: {result.status}")
        console.print(f"log:    {relpath(result.log_path, root)}")
        console.print(f"record: {relpath(result.record_path, root)}")
    raise SystemExit(result.exit_code)


@click.command()
@click.argument("tasks", nargs=-1)
@selection_options
@project_options
@click.option("--force", is_flag=True, help="Plan as if every task were forced.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan(
    tasks: tuple[str, ...],
    phases: tuple[str, ...],
    skip: tuple[str, ...],
    sessions: tuple[str, ...],
    keywords: str | None,
    tags: tuple[str, ...],
    pipeline_file: Path,
    config_file: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Dry run: for every selected task, whether it would run and why."""
    options = BuildOptions(
        project=make_project(pipeline_file, config_file),
        select=_select(tasks, phases, sessions, skip, keywords, tags),
        force=force,
    )
    _show_plan(options, as_json)
