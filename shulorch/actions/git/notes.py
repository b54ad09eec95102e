"""Release notes: one Markdown file and one JSON file per release, holding the same facts."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.git.changelog import category_of
from shulorch.actions.git.conventional import Commit
from shulorch.actions.git.history import DiffStats, authors_of
from shulorch.actions.git.plan import ReleasePlan
from shulorch.fsutil import write_atomic


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseFacts:
    plan: ReleasePlan
    stats: DiffStats
    branch: str
    main: str
    merge_commit: str | None
    strategy: str

    @property
    def authors(self) -> tuple[str, ...]:
        return authors_of(self.plan.commits)

    def as_dict(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "tag": plan.tag,
            "previous_tag": plan.previous.tag if plan.previous else None,
            "version": str(plan.version) if plan.version else None,
            "bump": plan.bump.label,
            "why": plan.decision.explain(),
            "date": plan.date,
            "branch": self.branch,
            "main": self.main,
            "strategy": self.strategy,
            "merge_commit": self.merge_commit,
            "commits": [_commit(c) for c in plan.commits],
            "authors": list(self.authors),
            "files_changed": len(self.stats.files),
            "files": list(self.stats.files),
            "insertions": self.stats.insertions,
            "deletions": self.stats.deletions,
        }


def _commit(commit: Commit) -> dict[str, Any]:
    return {
        "sha": commit.sha,
        "type": commit.type or None,
        "scope": commit.scope or None,
        "subject": commit.subject,
        "breaking": commit.breaking,
        "author": f"{commit.author_name} <{commit.author_email}>",
    }


def render_markdown(facts: ReleaseFacts) -> str:
    data = facts.as_dict()
    lines = [
        f"# Release {data['version']} ({data['tag']})",
        "",
        f"- Date: {data['date']}",
        f"- Previous tag: {data['previous_tag'] or 'none (first release)'}",
        f"- Bump: {data['bump']} ({data['why']})",
        f"- Merged: `{data['branch']}` into `{data['main']}` ({data['strategy']})"
        + (f", merge commit `{data['merge_commit'][:10]}`" if data["merge_commit"] else ""),
        f"- Size: {len(data['commits'])} commits by {len(data['authors'])} authors, "
        f"{data['files_changed']} files changed, +{data['insertions']} / -{data['deletions']} lines",
        "",
        "## Commits",
        "",
    ]
    lines += [_commit_line(c) for c in facts.plan.commits] or ["(none)"]
    lines += ["", "## Authors", "", *(f"- {a}" for a in data["authors"])]
    lines += ["", "## Files changed", "", *(f"- `{f}`" for f in data["files"])]
    return "\n".join(lines) + "\n"


def _commit_line(commit: Commit) -> str:
    category = category_of(commit) or "Housekeeping"
    flag = " **BREAKING**" if commit.breaking else ""
    return f"- `{commit.short}` {commit.subject} ({category}{flag}, {commit.author_name})"


def note_paths(folder: Path, tag: str) -> tuple[Path, Path]:
    """``release-<tag>.md`` and ``.json``; a ``/`` in the tag becomes ``_`` to stay in one folder."""
    stem = "release-" + re.sub(r"[^A-Za-z0-9._-]", "_", tag)
    return folder / f"{stem}.md", folder / f"{stem}.json"


def write_notes(folder: Path, facts: ReleaseFacts) -> Sequence[Path]:
    """Write both files atomically; returns their paths."""
    md, js = note_paths(folder, facts.plan.tag or "unreleased")
    write_atomic(md, render_markdown(facts))
    write_atomic(js, json.dumps(facts.as_dict(), indent=2) + "\n")
    return (md, js)
