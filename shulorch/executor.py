"""Execution of one task: shell commands or a registered action, with timeout, retries with
backoff, masking and logging. Returns a :class:`TaskOutcome`; never raises for task failures."""

from __future__ import annotations

import enum
import time
import traceback
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult, Logger, TaskMetrics
from shulorch.errors import ActionError, ShulorchError
from shulorch.model import Task
from shulorch.process import ProcessTracker, run_process


class Status(enum.Enum):
    SUCCESS = "success"
    FAILED = "failed"
    UP_TO_DATE = "up-to-date"
    SKIPPED = "skipped"  # excluded by `when`/`enabled`, or a prerequisite failed
    INTERRUPTED = "interrupted"
    NOT_RUN = "not-run"  # selected but the run stopped before reaching it


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskOutcome:
    status: Status
    exit_code: int | None = None
    attempts: int = 0
    output_tail: str = ""
    summary: str = ""
    error: str = ""
    metrics: Mapping[str, Any] = field(default_factory=dict)
    artifacts: tuple[str, ...] = ()
    started: float = 0.0
    ended: float = 0.0


@dataclass(slots=True, kw_only=True)
class RunEnvironment:
    """What every task of one run shares. ``results`` is updated as tasks finish."""

    project_dir: Path
    run_id: str
    state_dir: Path
    report_dir: Path
    log_dir: Path
    base_env: Mapping[str, str]
    vars: Mapping[str, Any]
    log: Logger
    tracker: ProcessTracker
    mask: Callable[[str], str]
    retry_backoff: float
    run_started: float
    results: MutableMapping[str, TaskMetrics] = field(default_factory=dict)
    action_table: Mapping[str, str] = field(default_factory=dict)


def execute_task(task: Task, run: RunEnvironment) -> TaskOutcome:
    """Run ``task`` with retries; the outcome of the last attempt wins."""
    started = time.time()
    attempts = 0
    outcome: TaskOutcome | None = None
    for attempt in range(task.retries + 1):
        if run.tracker.stopping:
            return TaskOutcome(
                status=Status.INTERRUPTED, attempts=attempts, started=started, ended=time.time()
            )
        attempts = attempt + 1
        if attempt:
            delay = run.retry_backoff * (2 ** (attempt - 1))
            run.log.warning(
                f"{task.name}: attempt {attempt + 1}/{task.retries + 1} in {delay:.1f}s "
                f"after: {outcome.error if outcome else ''}"
            )
            if run.tracker.wait(delay):  # Ctrl-C during the backoff: no new attempt
                return TaskOutcome(
                    status=Status.INTERRUPTED, attempts=attempt, started=started, ended=time.time()
                )
        outcome = _attempt(task, run)
        if outcome.status is not Status.FAILED or run.tracker.stopping:
            break
    assert outcome is not None
    status = (
        Status.INTERRUPTED if run.tracker.stopping and outcome.status is Status.FAILED else outcome.status
    )
    final = TaskOutcome(
        status=status,
        exit_code=outcome.exit_code,
        attempts=attempts,
        output_tail=outcome.output_tail,
        summary=outcome.summary,
        error=outcome.error,
        metrics=outcome.metrics,
        artifacts=outcome.artifacts,
        started=started,
        ended=time.time(),
    )
    if final.status in (Status.SUCCESS, Status.FAILED) and (final.metrics or task.action):
        run.results[task.name] = TaskMetrics(
            task=task.name,
            action=task.kind,
            run_id=run.run_id,
            metrics=dict(final.metrics),
            status=final.status.value,
        )
    return final


def _env(task: Task, run: RunEnvironment) -> dict[str, str]:
    return {**run.base_env, **task.env, "SHULORCH_RUN_ID": run.run_id, "SHULORCH_TASK": task.name}


def _attempt(task: Task, run: RunEnvironment) -> TaskOutcome:
    cwd = (run.project_dir / task.cwd).resolve()
    env = _env(task, run)
    if task.action:
        return _attempt_action(task, run, cwd, env)
    tails: list[str] = []
    deadline = time.monotonic() + task.timeout  # the timeout is the task's, not each command's
    for command in task.run:
        if run.tracker.stopping:  # interrupted between two commands: start no more
            return TaskOutcome(status=Status.INTERRUPTED, output_tail="\n".join(tails)[-4000:])
        run.log.info(f"{task.name}: $ {run.mask(command)}")
        result = run_process(
            command,
            cwd=cwd,
            env=env,
            timeout=max(deadline - time.monotonic(), 0.001),
            tracker=run.tracker,
            mask=run.mask,
        )
        tails.append(result.tail())
        if not result.ok:
            what = (
                f"timed out after {task.timeout:g}s (process group killed)"
                if result.timed_out
                else f"exited with code {result.returncode}"
            )
            return TaskOutcome(
                status=Status.FAILED,
                exit_code=result.returncode,
                output_tail="\n".join(tails)[-4000:],
                error=f"`{run.mask(command)}` {what}",
            )
    return TaskOutcome(status=Status.SUCCESS, exit_code=0, output_tail="\n".join(tails)[-4000:])


def _attempt_action(task: Task, run: RunEnvironment, cwd: Path, env: Mapping[str, str]) -> TaskOutcome:
    from shulorch.actions.registry import load_action

    assert task.action is not None
    ctx = ActionContext(
        project_dir=run.project_dir,
        cwd=cwd,
        task=task.name,
        run_id=run.run_id,
        state_dir=run.state_dir,
        report_dir=run.report_dir,
        log_dir=run.log_dir,
        env=env,
        vars=run.vars,
        log=run.log,
        tracker=run.tracker,
        timeout=task.timeout,
        results=run.results,
        mask=run.mask,
        deadline=time.monotonic() + task.timeout,
        run_started=run.run_started,
    )
    try:
        action = load_action(task.action, run.action_table or None)
        result: ActionResult = action(ctx, task.args)
    except ShulorchError as err:
        metrics = err.metrics if isinstance(err, ActionError) else {}
        return TaskOutcome(
            status=Status.FAILED, exit_code=err.exit_code, error=run.mask(err.message), metrics=metrics
        )
    except Exception as err:  # a bug in an action: keep the traceback in the log, fail the task
        run.log.error(run.mask(traceback.format_exc()))
        return TaskOutcome(status=Status.FAILED, exit_code=1, error=run.mask(f"{type(err).__name__}: {err}"))
    return TaskOutcome(
        status=Status.SUCCESS,
        exit_code=0,
        summary=run.mask(result.summary),
        metrics=result.metrics,
        artifacts=tuple(result.artifacts),
    )
