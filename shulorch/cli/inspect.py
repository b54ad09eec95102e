"""Read-only commands: list, graph, validate, schema, config show, runs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from shulorch.app import environment, load, project_dir
from shulorch.cli.options import make_project, project_options, selection_options
from shulorch.console import make_console, phase_json, print_phases
from shulorch.graph import render_graph
from shulorch.runlog import list_runs, summarize
from shulorch.schema import schema_text
from shulorch.secrets import pipeline_masker
from shulorch.selection import SelectOptions, select


@click.command("list")
@project_options
@click.option("--json", "as_json", is_flag=True, help="Print phases as JSON.")
def list_cmd(pipeline_file: Path, config_file: Path | None, as_json: bool) -> None:
    """List phases, numbered, with their title, description, tags and tasks."""
    pipeline = load(make_project(pipeline_file, config_file), environment())
    if as_json:
        click.echo(
            json.dumps(
                {"project": pipeline.project, "phases": [phase_json(p) for p in pipeline.phases]}, indent=2
            )
        )
        return
    print_phases(make_console(), pipeline)


@click.command()
@selection_options
@project_options
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
def graph(
    phases: tuple[str, ...],
    skip: tuple[str, ...],
    sessions: tuple[str, ...],
    keywords: str | None,
    tags: tuple[str, ...],
    pipeline_file: Path,
    config_file: Path | None,
    fmt: str,
) -> None:
    """Print the task graph (selected tasks) as mermaid or graphviz dot."""
    pipeline = load(make_project(pipeline_file, config_file), environment())
    selection = select(
        pipeline, SelectOptions(phases=phases + sessions, skip=skip, keywords=keywords, tags=tags)
    )
    click.echo(render_graph(pipeline.phases, selection.tasks, fmt), nl=False)


@click.command()
@project_options
def validate(pipeline_file: Path, config_file: Path | None) -> None:
    """Validate the pipeline (schema, references, cycles, actions, variables); run nothing."""
    pipeline = load(make_project(pipeline_file, config_file), environment())
    count = len(pipeline.tasks())
    click.echo(f"{pipeline.file}: valid ({len(pipeline.phases)} phases, {count} tasks)")


@click.command()
@click.option("--config", "which", flag_value="config.schema.json", help="The --config overlay's schema.")
def schema(which: str | None) -> None:
    """Print the JSON Schema of pipeline.yaml."""
    click.echo(schema_text(which or "pipeline.schema.json"), nl=False)


@click.group()
def config() -> None:
    """Resolved configuration."""


@config.command("show")
@project_options
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None)
@click.option("--keep-going", is_flag=True, default=None)
@click.option("--json", "as_json", is_flag=True)
def config_show(
    pipeline_file: Path, config_file: Path | None, jobs: int | None, keep_going: bool | None, as_json: bool
) -> None:
    """Every resolved setting with where its value came from (CLI > env > --config > pipeline.yaml)."""
    pipeline = load(make_project(pipeline_file, config_file, jobs, keep_going), environment())
    values = dataclasses.asdict(pipeline.settings)
    rows = {k: {"value": v, "source": pipeline.setting_sources.get(k, "default")} for k, v in values.items()}
    phases = {
        p.name: {"enabled": p.enabled, "source": p.disabled_reason or "enabled"} for p in pipeline.phases
    }
    mask = pipeline_masker(pipeline, environment())
    if as_json:
        text = json.dumps({"settings": rows, "phases": phases, "vars": pipeline.vars}, indent=2, default=str)
        click.echo(mask(text))
        return
    console = make_console()
    for key, row in rows.items():
        console.print(f"{key:<14} {row['value']!s:<32} [dim]{row['source']}[/]")
    for name, row in phases.items():
        console.print(f"phase {name:<8} {'on' if row['enabled'] else 'off':<32} [dim]{row['source']}[/]")


@click.command()
@project_options
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "-n", "limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs to show."
)
def runs(pipeline_file: Path, config_file: Path | None, as_json: bool, limit: int) -> None:
    """List past runs, newest first."""
    options = make_project(pipeline_file, config_file)
    pipeline = load(options, environment())
    found = list_runs(project_dir(options) / pipeline.settings.state_dir)[:limit]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {k: r.get(k) for k in ("run_id", "status", "started", "duration")}
                    | {"counts": summarize(r.get("tasks", []))}
                    for r in found
                ],
                indent=2,
            )
        )
        return
    for r in found:
        counts = ", ".join(f"{k} {v}" for k, v in summarize(r.get("tasks", [])).items())
        took = f"{r['duration']:.1f}s" if isinstance(r.get("duration"), int | float) else "-"
        click.echo(f"{r['run_id']}  {r.get('status', '?'):<12} {took:>9}  {counts}")
