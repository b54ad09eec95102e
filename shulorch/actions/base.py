"""The one interface every stock action implements.

An action is a function ``run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult``.
It raises :class:`shulorch.errors.ActionError` with a message naming file:line, task or host
and what to do when it fails. It reports only what it measured in this call, as ``metrics``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shulorch.errors import ActionError
from shulorch.process import ProcessResult, ProcessTracker, run_process


class Logger(Protocol):
    """Writes ``[YYYY-MM-DD HH:MM:SS] [level] message`` lines to the run log and the console."""

    def info(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskMetrics:
    """The latest metrics a task reported, and the run that measured them."""

    task: str
    action: str  # the action name ("php.test"), or "run" for shell tasks
    run_id: str
    metrics: Mapping[str, Any]
    status: str = "success"  # or "failed": a failed task's metrics say how it failed


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionContext:
    """Everything an action may touch, passed explicitly (no globals, no chdir)."""

    project_dir: Path  # folder holding pipeline.yaml
    cwd: Path  # the task's working folder (absolute)
    task: str  # full task name, "phase.task" (with "[item]" for foreach tasks)
    run_id: str
    state_dir: Path  # absolute .shulorch/ folder
    report_dir: Path  # absolute writable/reports/<run_id>/ folder of this run
    log_dir: Path
    env: Mapping[str, str]  # the full environment the task runs with
    vars: Mapping[str, Any]
    log: Logger
    tracker: ProcessTracker
    timeout: float | None = None
    # Latest metrics of every task that reported some: in this run, or carried over from the run
    # that last executed it (an up-to-date task keeps its last measurement, with that run's id).
    results: Mapping[str, TaskMetrics] = field(default_factory=dict)
    mask: Callable[[str], str] = str
    run_started: float = 0.0  # epoch seconds when the run began (reports measure the run with it)
    deadline: float | None = None  # time.monotonic() by which the task must end (its timeout)
    dry_run: bool = False

    def path(self, value: str | Path) -> Path:
        """Resolve a user-given path against the task's working folder."""
        p = Path(value)
        return p if p.is_absolute() else (self.cwd / p)

    def run(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float | None = None,
        check: bool = False,
        stdin: str | None = None,
    ) -> ProcessResult:
        """Run a child through the shared helper (process group, timeout, masking, tracking)."""
        limit = timeout if timeout is not None else self.timeout
        if self.deadline is not None:
            left = max(self.deadline - time.monotonic(), 0.001)
            limit = left if limit is None else min(limit, left)
        result = run_process(
            list(argv),
            cwd=cwd or self.cwd,
            env=env if env is not None else self.env,
            timeout=limit,
            tracker=self.tracker,
            mask=self.mask,
            stdin=stdin,
        )
        if check and not result.ok:
            what = "timed out" if result.timed_out else f"exited {result.returncode}"
            raise ActionError(f"{self.task}: `{' '.join(result.argv)}` {what}\n{result.tail()}")
        return result

    def metrics_of(self, task: str) -> Mapping[str, Any]:
        """Metrics of another task; empty when it never reported any."""
        found = self.results.get(task)
        return found.metrics if found else {}

    def metrics_by_action(self, action: str) -> tuple[TaskMetrics, ...]:
        """Latest metrics of every task that ran ``action``, in task-name order."""
        return tuple(m for _, m in sorted(self.results.items()) if m.action == action)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionResult:
    """What an action did: a one-line summary, measured metrics (JSON values), artefacts written."""

    summary: str = ""
    metrics: Mapping[str, Any] = field(default_factory=dict)
    artifacts: tuple[str, ...] = ()


class Action(Protocol):
    def __call__(self, ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult: ...
