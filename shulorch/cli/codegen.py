"""``shulorch new module NAME`` and ``shulorch templates list``: thin wrappers over the codegen package."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import click

from shulorch.errors import UsageError


@dataclass(slots=True)
class _EchoLogger:
    """Log lines of the codegen actions, printed as the run log would show them."""

    def info(self, message: str) -> None:
        click.echo(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] [info] {message}")

    def warning(self, message: str) -> None:
        click.echo(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] [warning] {message}", err=True)

    def error(self, message: str) -> None:
        click.echo(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] [error] {message}", err=True)


def _default_app(project: Path) -> str:
    return "examples/shulelabs" if (project / "examples" / "shulelabs").is_dir() else "."


@click.group()
def new() -> None:
    """Create a new module from a template."""


@new.command("module")
@click.argument("name")
@click.option(
    "--app", "app", default=None, help="CI4 app folder (default: examples/shulelabs if present, else .)"
)
@click.option("--template", default="generators/ci4-module", show_default=True, help="Template folder.")
@click.option("--engine", type=click.Choice(["copier", "cookiecutter"]), default="copier", show_default=True)
@click.option("--trusted", is_flag=True, help="Allow the template's tasks, migrations and Jinja extensions.")
def new_module(name: str, app: str | None, template: str, engine: str, trusted: bool) -> None:
    """Write specs/<name>.yaml (a starter spec) and generate the module from it."""
    import os

    from shulorch.actions.base import ActionContext
    from shulorch.actions.codegen import autoload, generate
    from shulorch.actions.codegen.catalog import module_name, starter_spec
    from shulorch.process import ProcessTracker

    project = Path.cwd()
    app_dir = project / (app or _default_app(project))
    if not app_dir.is_dir():
        raise UsageError(f"--app {app_dir}: folder not found; pass the CI4 app folder")
    module = module_name(name)
    spec = app_dir / "specs" / f"{module.lower()}.yaml"
    if spec.exists():
        raise UsageError(f"{spec}: already exists; edit it and run the codegen phase, or pick another name")
    existing = app_dir / "app" / "Modules" / module
    if existing.exists() and not (existing / ".copier-answers.yml").exists():
        raise UsageError(f"{existing}: a hand-written module of that name exists; pick another name")
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(starter_spec(module), encoding="utf-8")
    click.echo(f"wrote {spec.relative_to(project) if spec.is_relative_to(project) else spec}")
    ctx = ActionContext(
        project_dir=project,
        cwd=project,
        task="new.module",
        run_id=time.strftime("%Y%m%d%H%M%S"),
        state_dir=project / ".shulorch",
        report_dir=project / "writable" / "reports" / "new-module",
        log_dir=project / "writable" / "logs" / "orchestration",
        env=dict(os.environ),
        vars={},
        log=_EchoLogger(),
        tracker=ProcessTracker(),
    )
    args = {
        "spec": str(spec),
        "template": template,
        "dest": str(app_dir / "app" / "Modules"),
        "engine": engine,
        "trusted": trusted,
    }
    try:
        result = generate.run(ctx, args)
    except BaseException:
        # The spec was ours: leaving it would make every later build fail on this module.
        spec.unlink(missing_ok=True)
        click.echo(f"removed {spec.name} again: the module was not generated", err=True)
        raise
    click.echo(result.summary)
    if (app_dir / "app" / "Config" / "Autoload.php").is_file():
        click.echo(autoload.run(ctx, {"app": str(app_dir)}).summary)


@click.group()
def templates() -> None:
    """Code-generation templates."""


@templates.command("list")
@click.option("--dir", "root", default="generators", show_default=True, help="Folder holding the templates.")
def templates_list(root: str) -> None:
    """List the templates under generators/ with their engine and description."""
    from shulorch.actions.codegen.catalog import list_templates

    found = list_templates(Path.cwd() / root)
    if not found:
        click.echo(
            f"no templates under {root}/ (a template is a folder with copier.yml or cookiecutter.json)"
        )
        return
    width = max(len(t.name) for t in found)
    for info in found:
        click.echo(f"{info.name:<{width}}  {info.engine:<12}  {info.description}")
