"""Shared test helpers: an ActionContext for calling actions directly, and a logger that records."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, TaskMetrics
from shulorch.process import ProcessTracker


@dataclass
class ListLogger:
    """Keeps (level, message) pairs so tests can assert on what an action logged."""

    lines: list[tuple[str, str]] = field(default_factory=list)

    def info(self, message: str) -> None:
        self.lines.append(("info", message))

    def warning(self, message: str) -> None:
        self.lines.append(("warning", message))

    def error(self, message: str) -> None:
        self.lines.append(("error", message))

    def text(self) -> str:
        return "\n".join(m for _, m in self.lines)


def make_context(
    project_dir: Path,
    *,
    cwd: Path | None = None,
    task: str = "test.task",
    run_id: str = "20260101000000-0000abcd",
    env: Mapping[str, str] | None = None,
    vars: Mapping[str, Any] | None = None,
    results: Mapping[str, TaskMetrics] | None = None,
    timeout: float | None = 300,
) -> ActionContext:
    """An ActionContext rooted at ``project_dir`` with state, report and log folders inside it."""
    project_dir = Path(project_dir)
    return ActionContext(
        project_dir=project_dir,
        cwd=cwd or project_dir,
        task=task,
        run_id=run_id,
        state_dir=project_dir / ".shulorch",
        report_dir=project_dir / "writable" / "reports" / run_id,
        log_dir=project_dir / "writable" / "logs" / "orchestration",
        env=dict(env) if env is not None else dict(os.environ),
        vars=dict(vars or {}),
        log=ListLogger(),
        tracker=ProcessTracker(),
        timeout=timeout,
        results=dict(results or {}),
        run_started=time.time(),
    )
