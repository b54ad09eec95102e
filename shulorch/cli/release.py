"""``shulorch release``: release planning for phase 4 (``release plan`` is the dry run)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from shulorch.actions.git.conventional import Bump
from shulorch.actions.git.preview import preview, render_preview
from shulorch.actions.git.tagpattern import DEFAULT_TAG_PATTERN, TagPattern
from shulorch.errors import UsageError


@click.group()
def release() -> None:
    """Release planning: the next version, why, and the changelog entry."""


@release.command("plan")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository (default: the git.release task's `repo` in the pipeline, else .).",
)
@click.option("--branch", default=None, help="Feature branch to merge (default: the pipeline's, else none).")
@click.option("--main", "main_branch", default=None, help="Main branch (default: the pipeline's, else main).")
@click.option("--tag-pattern", default=None, help=f"Tag pattern (default: {DEFAULT_TAG_PATTERN}).")
@click.option("--min-bump", type=click.Choice([b.label for b in Bump]), default="none", show_default=True)
@click.option(
    "-f",
    "--file",
    "pipeline_file",
    type=click.Path(path_type=Path),
    default=Path("pipeline.yaml"),
    show_default=True,
    help="Pipeline whose git.release task gives the defaults.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan_cmd(
    repo: Path | None,
    branch: str | None,
    main_branch: str | None,
    tag_pattern: str | None,
    min_bump: str,
    pipeline_file: Path,
    as_json: bool,
) -> None:
    """Dry run: say what the next release would be, changing nothing."""
    from shulorch.app import action_defaults, environment

    found = action_defaults(pipeline_file, "git.release", environment()) if repo is None else None
    if found is not None:
        cwd, args = found
        repo = cwd / str(args.get("repo", "."))
        branch = branch or args.get("branch")
        main_branch = main_branch or args.get("main")
        tag_pattern = tag_pattern or args.get("tag_pattern")
    repo = repo or Path(".")
    main_branch = main_branch or "main"
    tag_pattern = tag_pattern or DEFAULT_TAG_PATTERN
    try:
        pattern = TagPattern.parse(tag_pattern)
    except ValueError as err:
        raise UsageError(f"--tag-pattern: {err}") from err
    view = preview(
        repo.resolve(),
        main=main_branch,
        branch=branch,
        pattern=pattern,
        now=datetime.now(UTC),
        min_bump=Bump.parse(min_bump),
    )
    click.echo(json.dumps(view.as_dict(), indent=2) if as_json else render_preview(view), nl=as_json)
