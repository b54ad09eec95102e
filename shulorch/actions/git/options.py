"""The ``with:`` arguments of the git actions, checked once and turned into a typed value."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shulorch.actions.git.conventional import Bump
from shulorch.actions.git.globs import PathSet
from shulorch.actions.git.tagpattern import DEFAULT_TAG_PATTERN, TagPattern
from shulorch.errors import ActionError


class Strategy(enum.Enum):
    NO_FF = "no-ff"
    FF_ONLY = "ff-only"
    SQUASH = "squash"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseOptions:
    repo: str = "."
    branch: str = ""
    main: str = "main"
    strategy: Strategy = Strategy.NO_FF
    remote: str | None = None
    tag_pattern: TagPattern = field(default_factory=lambda: TagPattern(text=DEFAULT_TAG_PATTERN))
    changelog: str | None = "CHANGELOG.md"
    notes_dir: str | None = None  # e.g. docs/releases: release notes committed with the release
    generated: PathSet = field(default_factory=lambda: PathSet.of(()))
    regenerate: str | None = None
    regenerate_timeout: float = 600.0
    require_gate: bool = True
    min_bump: Bump = Bump.NONE
    allow_untracked: bool = False


_KNOWN = {
    "repo",
    "branch",
    "main",
    "strategy",
    "remote",
    "tag_pattern",
    "changelog",
    "notes_dir",
    "generated",
    "regenerate",
    "regenerate_timeout",
    "require_gate",
    "min_bump",
    "allow_untracked",
}


def parse_options(args: Mapping[str, Any], where: str, *, need_branch: bool = True) -> ReleaseOptions:
    """Typed options from a task's ``with:`` values; ActionError naming the argument when one is wrong."""
    unknown = sorted(set(args) - _KNOWN)
    if unknown:
        raise ActionError(
            f"{where}: unknown argument(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}"
        )

    def text(key: str, default: str | None) -> str | None:
        value = args.get(key, default)
        if value is False:
            return None
        if value is None or value == "":
            return None if default is None or value == "" else default
        if not isinstance(value, str):
            raise ActionError(f"{where}: `{key}` must be a string, got {type(value).__name__}")
        return value

    branch = text("branch", None)
    if need_branch and branch is None:
        raise ActionError(f"{where}: `branch` is required (the feature branch to merge into main)")
    try:
        strategy = Strategy(text("strategy", "no-ff"))
    except ValueError as err:
        raise ActionError(f"{where}: `strategy` must be one of no-ff, ff-only, squash") from err
    try:
        pattern = TagPattern.parse(text("tag_pattern", DEFAULT_TAG_PATTERN) or DEFAULT_TAG_PATTERN)
        min_bump = Bump.parse(text("min_bump", "none") or "none")
    except ValueError as err:
        raise ActionError(f"{where}: {err}") from err
    generated = args.get("generated", [])
    if isinstance(generated, str):
        generated = [generated]
    if not isinstance(generated, list | tuple) or not all(isinstance(g, str) for g in generated):
        raise ActionError(f"{where}: `generated` must be a list of globs such as app/Modules/Teachers/**")
    timeout = args.get("regenerate_timeout", 600)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise ActionError(f"{where}: `regenerate_timeout` must be a positive number of seconds")
    return ReleaseOptions(
        repo=text("repo", ".") or ".",
        branch=branch or "",
        main=text("main", "main") or "main",
        strategy=strategy,
        remote=text("remote", None),
        tag_pattern=pattern,
        changelog=text("changelog", "CHANGELOG.md"),
        notes_dir=text("notes_dir", None),
        generated=PathSet.of(generated),
        regenerate=text("regenerate", None),
        regenerate_timeout=float(timeout),
        require_gate=_flag(args, "require_gate", True, where),
        min_bump=min_bump,
        allow_untracked=_flag(args, "allow_untracked", False, where),
    )


def _flag(args: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = args.get(key, default)
    if not isinstance(value, bool):
        raise ActionError(f"{where}: `{key}` must be true or false")
    return value
