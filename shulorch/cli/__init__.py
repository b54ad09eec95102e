"""The thin command line: parse arguments, call the application, map errors to exit codes.

Sub-command groups live in sibling modules and are imported only when invoked, which keeps
``shulorch --help`` fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

# name -> ("module", "attribute", "one-line help"); the help is duplicated here so that
# `shulorch --help` need not import every command module.
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("shulorch.cli.build", "build", "Run the selected phases incrementally."),
    "plan": ("shulorch.cli.build", "plan", "Dry run: say for every task whether it would run and why."),
    "list": ("shulorch.cli.inspect", "list_cmd", "List phases (numbered) and their tasks."),
    "graph": ("shulorch.cli.inspect", "graph", "Print the task graph as mermaid or dot."),
    "validate": ("shulorch.cli.inspect", "validate", "Validate pipeline.yaml and report every problem."),
    "schema": ("shulorch.cli.inspect", "schema", "Print the pipeline JSON Schema."),
    "config": ("shulorch.cli.inspect", "config", "Show resolved settings and where each came from."),
    "runs": ("shulorch.cli.inspect", "runs", "List past runs."),
    "rollback": ("shulorch.cli.backups", "rollback", "Restore a backup (the newest good one by default)."),
    "backups": ("shulorch.cli.backups", "backups", "List, verify and prune backups."),
    "release": ("shulorch.cli.release", "release", "Release planning (next version, changelog entry)."),
    "deploy": ("shulorch.actions.deploy.cli", "deploy", "Status and stop of deployed environments."),
    "new": ("shulorch.cli.codegen", "new", "Create a new module from a template."),
    "templates": ("shulorch.cli.codegen", "templates", "List code-generation templates."),
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = _COMMANDS.get(cmd_name)
        if spec is None:
            return None
        command: click.Command = getattr(importlib.import_module(spec[0]), spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in _COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="shulorch")
def cli() -> None:
    """shulorch: phases of a release pipeline, declared in pipeline.yaml, run incrementally."""


def main(argv: Sequence[str] | None = None) -> Any:
    """Console-script entry point; returns (or exits with) the exit code."""
    from shulorch.errors import ShulorchError

    try:
        args = list(argv) if argv is not None else sys.argv[1:]
        # The arguments travel in the context so run.json records what this call was given.
        cli.main(args=args, standalone_mode=False, obj={"argv": tuple(args)})
    except ShulorchError as err:
        click.echo(f"shulorch: error: {err}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("shulorch: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(2 if err.exit_code == 2 else err.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)
