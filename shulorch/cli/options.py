"""Options shared by the commands that read a pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from shulorch.app import ProjectOptions

F = TypeVar("F", bound=Callable[..., Any])


def project_options(func: F) -> F:
    """-f FILE, --config FILE."""
    func = click.option(
        "-f",
        "--file",
        "pipeline_file",
        type=click.Path(path_type=Path),
        default=Path("pipeline.yaml"),
        show_default=True,
        help="Pipeline file.",
    )(func)
    func = click.option(
        "--config",
        "config_file",
        type=click.Path(path_type=Path),
        default=None,
        help="YAML overlay of settings, vars and phase switches.",
    )(func)
    return func


def selection_options(func: F) -> F:
    """--phase, --skip, -s, -k, -t."""
    for decorator in reversed(
        [
            click.option(
                "--phase",
                "phases",
                multiple=True,
                metavar="N|NAME",
                help="Run only this phase (number or name); repeatable.",
            ),
            click.option("--skip", multiple=True, metavar="N|NAME", help="Leave this phase out; repeatable."),
            click.option(
                "-s",
                "--session",
                "sessions",
                multiple=True,
                metavar="NAME",
                help="Alias of --phase, as in nox.",
            ),
            click.option(
                "-k",
                "keywords",
                default=None,
                metavar="EXPR",
                help="Keyword expression over phase/task names and tags, e.g. 'lint or test'.",
            ),
            click.option("-t", "--tag", "tags", multiple=True, help="Only phases with this tag; repeatable."),
        ]
    ):
        func = decorator(func)
    return func


def make_project(
    pipeline_file: Path, config_file: Path | None, jobs: int | None = None, keep_going: bool | None = None
) -> ProjectOptions:
    return ProjectOptions(
        pipeline_file=pipeline_file, config_file=config_file, jobs=jobs, keep_going=keep_going
    )
