"""The one bridge to doit (this package is the only place that imports it): our tasks become doit
tasks, doit's dependency database (sqlite, under the state folder) decides what is up to date, and
doit's runners execute them (threads for -j).

Crash safety: a task is marked in flight (a file under ``<state>/inflight``) before it runs and its
doit record is removed on failure; a marker left by a killed run makes the next run forget that
task's record, so a half-written target is never taken as up to date.
"""

import dataclasses
import glob
import hashlib
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doit.control import TaskControl
from doit.dependency import MD5Checker
from doit.exceptions import TaskFailed, UnmetDependency
from doit.runner import MThreadRunner, Runner
from doit.task import Stream
from doit.task import Task as DoitTask

from shulorch.actions.base import TaskMetrics
from shulorch.engine.checks import Check, LazyChecks
from shulorch.engine.state import RecordingDependency, StateDB, expand_paths
from shulorch.executor import RunEnvironment, Status, TaskOutcome, execute_task
from shulorch.model import Task, Uptodate
from shulorch.planner import OwnStatus
from shulorch.process import ProcessTracker

_FAILED = "failed:"  # prefix of the side records of tasks whose last run failed
EventSink = Callable[[str, Task, TaskOutcome | None, str], None]  # (event, task, outcome, reason)


@dataclass(slots=True)
class Engine:
    """doit state and execution for a set of selected tasks."""

    tasks: Sequence[Task]
    edges: Mapping[str, Sequence[str]]  # what runs first: deps and phase needs
    dep_edges: Mapping[str, Sequence[str]]  # what reruns a task when it ran: deps only
    project_dir: Path
    state_dir: Path
    env: Mapping[str, str]
    _dep: Any = None
    _doit_tasks: dict[str, Any] = field(default_factory=dict)
    _static: dict[str, tuple[Check, ...]] = field(default_factory=dict)
    run_id: str = ""
    tracker: ProcessTracker | None = None
    mask: Callable[[str], str] = str  # secrets out of reasons and doit's own error texts
    read_only: bool = False  # plan: change nothing in the state folder (no lock is held)
    _interrupted: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._dep = RecordingDependency(StateDB, str(self.state_dir / "doit.sqlite3"), checker_cls=MD5Checker)
        if self.read_only:
            self._interrupted = self._markers()  # reported by plan, forgotten by the next build
        else:
            self._forget_interrupted()

    # -- state -------------------------------------------------------------------------------
    def _inflight(self, name: str) -> Path:
        return self.state_dir / "inflight" / hashlib.sha1(name.encode()).hexdigest()

    def _markers(self) -> set[str]:
        folder = self.state_dir / "inflight"
        return {m.read_text(encoding="utf-8") for m in folder.iterdir()} if folder.is_dir() else set()

    def _forget_interrupted(self) -> None:
        """Called with the lock held (builds only): a task killed half-way loses its record
        (and is reported as interrupted, not as never run)."""
        for name in self._markers():
            self._dep.remove(name)
            self._inflight(name).unlink(missing_ok=True)
            self._interrupted.add(name)

    def stored_metrics(self, names: Sequence[str]) -> dict[str, TaskMetrics]:
        out = {}
        for name in names:
            values = self._dep.get_values(name)
            if "_metrics" in values:
                out[name] = TaskMetrics(
                    task=name,
                    action=values.get("_action", "run"),
                    run_id=values.get("_run_id", ""),
                    metrics=values["_metrics"],
                )
        return out

    def has_record(self, name: str) -> bool:
        # doit's get() caches an empty dict for unknown tasks, so "in the cache" is not enough.
        return bool(self._dep.backend._cache.get(name))

    def close(self) -> None:
        self._dep.close()

    # -- doit tasks --------------------------------------------------------------------------
    def _checks(self, task: Task) -> list[Any]:
        """doit ``uptodate`` entries: a plain boolean for what can be decided now (definition,
        never, run_once), a callable only for what must wait until the task is reached."""
        values = self._dep.get_values(task.name)
        static: list[Check] = []
        if values.get("_definition") != task.definition_digest():
            static.append(Check("definition"))
        if task.uptodate is Uptodate.NEVER:
            static.append(Check("never"))
        elif task.uptodate is Uptodate.RUN_ONCE and not values.get("_run_once"):
            static.append(Check("run_once"))
        elif task.uptodate is Uptodate.AUTO and not task.file_dep and not task.targets:
            static.append(Check("always"))
        self._static[task.name] = tuple(static)
        checks: list[Any] = [not static]
        deps = tuple(self.dep_edges.get(task.name, ()))
        command = task.uptodate_command if task.uptodate is Uptodate.COMMAND else ""
        if deps or command:
            checks.append(
                LazyChecks(
                    deps=deps,
                    dep_runs=self._last_run,
                    command=command,
                    cwd=str(self.project_dir / task.cwd),
                    env={**self.env, **task.env},
                    timeout=task.timeout,
                    tracker=self.tracker,
                )
            )
        return checks

    def _last_run(self, name: str) -> str | None:
        run_id: str | None = self._dep.get_values(name).get("_run_id")
        return run_id

    def doit_tasks(self, action: Callable[[Task], Any] | None = None) -> dict[str, Any]:
        if self._doit_tasks:
            return self._doit_tasks
        selected = {t.name for t in self.tasks}
        cwds: dict[str, Path] = {}
        for task in self.tasks:
            cwd = cwds.get(task.cwd) or cwds.setdefault(task.cwd, (self.project_dir / task.cwd).resolve())
            actions: list[Any] = [(action, [task], {})] if action else []
            self._doit_tasks[task.name] = DoitTask(
                task.name,
                actions,
                file_dep=expand_paths(task.file_dep, cwd),
                targets=expand_paths(task.targets, cwd),
                task_dep=[d for d in self.edges.get(task.name, ()) if d in selected],
                uptodate=self._checks(task),
                io={"capture": False},
                verbosity=0,
                doc=task.title or None,
                meta={"shulorch_file_dep": (task.file_dep, str(cwd))}
                if any(glob.has_magic(p) for p in task.file_dep)
                else None,
            )
        return self._doit_tasks

    def own_status(self) -> dict[str, OwnStatus]:
        """Each task's own state in doit's database (what changed), without running anything."""
        tasks = self.doit_tasks()
        out: dict[str, OwnStatus] = {}
        for task in self.tasks:
            result = self._dep.get_status(tasks[task.name], tasks, get_log=True)
            out[task.name] = OwnStatus(
                # A task killed half-way (marker left) reruns, whatever its old record says.
                run=result.status != "up-to-date" or task.name in self._interrupted,
                reasons=tuple(self.mask(r) for r in self._reasons(task, result.reasons)),
                error=self.mask(result.get_error_message() or ""),
            )
        return out

    def _reasons(self, task: Task, reasons: Mapping[str, Any]) -> tuple[str, ...]:
        def rel(p: str) -> str:
            return os.path.relpath(p, self.project_dir)

        out: list[str] = []
        if task.name in self._interrupted:
            return ("interrupted in an earlier build",)
        if not self.has_record(task.name):
            last = self._dep.get_values(_FAILED + task.name)
            if last.get("run_id"):
                return (f"{'interrupted' if last.get('interrupted') else 'failed'} in run {last['run_id']}",)
            return ("never run",)
        lazy = [c for utd, _a, _k in reasons.get("uptodate_false", ()) for c in getattr(utd, "failed", ())]
        words = {
            "definition": "definition changed",
            "never": "always runs (uptodate: never)",
            "always": "always runs (no file_dep or targets)",
            "run_once": "never run",
        }
        for check in (*self._static.get(task.name, ()), *lazy):
            if check.kind == "deps":
                out.append(f"dependency ran: {check.detail}")
            elif check.kind == "command":
                out.append(f"uptodate command failed: {check.detail}")
            else:
                out.append(words[check.kind])
        out += [f"target missing: {rel(p)}" for p in reasons.get("missing_target", ())]
        out += [f"file missing: {rel(p)}" for p in reasons.get("missing_file_dep", ())]
        out += [f"file changed: {rel(p)}" for p in reasons.get("changed_file_dep", ())]
        out += [f"file removed from file_dep: {rel(p)}" for p in reasons.get("removed_file_dep", ())]
        if "checker_changed" in reasons:
            out.append("definition changed")
        return tuple(dict.fromkeys(out))

    # -- execution ---------------------------------------------------------------------------
    def run(
        self, run_env: RunEnvironment, *, jobs: int, keep_going: bool, force: bool, sink: EventSink
    ) -> dict[str, TaskOutcome]:
        outcomes: dict[str, TaskOutcome] = {}
        by_name = {t.name: t for t in self.tasks}
        self.run_id = run_env.run_id
        self.tracker = run_env.tracker

        def action(task: Task) -> Any:
            marker = self._inflight(task.name)
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(task.name, encoding="utf-8")
            _, reasons = self._dep.reasons.get(task.name, ("run", {}))
            reason = "forced" if force else (", ".join(self._reasons(task, reasons)) or "dependency ran")
            reason = self.mask(reason)
            sink("start", task, None, reason)
            outcome = execute_task(task, run_env)
            with self._lock:
                outcomes[task.name] = outcome
            sink("end", task, outcome, reason)
            if outcome.status is not Status.SUCCESS:
                return TaskFailed(outcome.error or outcome.status.value)
            return {
                "_dep_runs": {d: self._last_run(d) for d in self.dep_edges.get(task.name, ())},
                "_definition": task.definition_digest(),
                "_run_once": True,
                "_metrics": dict(outcome.metrics),
                "_action": task.kind,
                "_run_id": run_env.run_id,
            }

        reporter = _Reporter(engine=self, outcomes=outcomes, by_name=by_name, sink=sink)
        tasks = self.doit_tasks(action)
        control = TaskControl(list(tasks.values()))
        control.process([t.name for t in self.tasks])
        runner_cls = MThreadRunner if jobs > 1 else Runner
        kwargs = {"num_process": jobs} if jobs > 1 else {}
        runner = runner_cls(
            self._dep, reporter, continue_=keep_going, always_execute=force, stream=Stream(0), **kwargs
        )
        runner.run_all(control.task_dispatcher())
        for task in self.tasks:
            outcomes.setdefault(task.name, TaskOutcome(status=Status.NOT_RUN))
        return outcomes


@dataclass(slots=True)
class _Reporter:
    """Receives doit's events and keeps the state database in step (results and failures come on
    the main thread; with -j, doit announces starts from its worker threads)."""

    engine: Engine
    outcomes: dict[str, TaskOutcome]
    by_name: Mapping[str, Task]
    sink: EventSink

    def initialize(self, tasks: Any, selected_tasks: Any) -> None: ...
    def get_status(self, task: Any) -> None: ...
    def execute_task(self, task: Any) -> None: ...
    def teardown_task(self, task: Any) -> None: ...
    def cleanup_error(self, exception: Any) -> None: ...
    def complete_run(self) -> None: ...

    def runtime_error(self, msg: str) -> None:
        raise RuntimeError(msg)

    def add_success(self, task: Any) -> None:
        if self.engine.has_record(_FAILED + task.name):
            self.engine._dep.remove(_FAILED + task.name)
        self.engine._dep.backend.flush()
        self.engine._inflight(task.name).unlink(missing_ok=True)

    def add_failure(self, task: Any, exception: Any) -> None:
        if isinstance(exception, UnmetDependency):
            self.engine._dep.backend.restore(task.name)
        else:
            # Never up to date after a failure; a side record says so in the next plan. A task
            # skipped because a prerequisite failed did not run: its record stays as it was.
            self.engine._dep.remove(task.name)
            stopped = self.engine.tracker is not None and self.engine.tracker.stopping
            self.engine._dep._set(
                _FAILED + task.name, "_values_:", {"run_id": self.engine.run_id, "interrupted": stopped}
            )
            self.engine._dep.backend.flush()
        self.engine._inflight(task.name).unlink(missing_ok=True)
        prior = self.outcomes.get(task.name)
        if (
            prior is not None
            and prior.status is Status.SUCCESS
            and not isinstance(exception, UnmetDependency)
        ):
            # The task ran, but doit could not record it (a file_dep vanished): not a success.
            reason = self.engine.mask(str(exception.get_msg()).strip())
            self.outcomes[task.name] = dataclasses.replace(prior, status=Status.FAILED, error=reason)
            self.sink("skip", self.by_name[task.name], self.outcomes[task.name], reason)
        elif prior is None:
            ours = self.by_name[task.name]
            if isinstance(exception, UnmetDependency):
                reason = f"not run: prerequisite failed ({exception.message.strip()})"
                outcome = TaskOutcome(status=Status.SKIPPED, summary=reason)
            else:
                reason = self.engine.mask(str(exception.get_msg()).strip())
                outcome = TaskOutcome(status=Status.FAILED, error=reason)
            self.outcomes[task.name] = outcome
            self.sink("skip", ours, outcome, reason)

    def skip_uptodate(self, task: Any) -> None:
        outcome = TaskOutcome(status=Status.UP_TO_DATE, summary="up to date")
        self.outcomes[task.name] = outcome
        self.sink("uptodate", self.by_name[task.name], outcome, "up to date")

    def skip_ignore(self, task: Any) -> None:
        outcome = TaskOutcome(status=Status.SKIPPED, summary="ignored")
        self.outcomes[task.name] = outcome
        self.sink("skip", self.by_name[task.name], outcome, "ignored")
