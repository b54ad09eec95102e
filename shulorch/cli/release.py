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
    "--repo", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True
)
@click.option("--branch", default=None, help="Feature branch to merge (default: release main as it is).")
@click.option("--main", "main_branch", default="main", show_default=True)
@click.option("--tag-pattern", default=DEFAULT_TAG_PATTERN, show_default=True)
@click.option("--min-bump", type=click.Choice([b.label for b in Bump]), default="none", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan_cmd(
    repo: Path, branch: str | None, main_branch: str, tag_pattern: str, min_bump: str, as_json: bool
) -> None:
    """Dry run: say what the next release would be, changing nothing."""
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
