"""The application: load -> validate -> select -> plan or execute -> record. Each step is a
function; the CLI only parses options and calls these."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_TASK_FAILED, ConfigError
from shulorch.executor import RunEnvironment, Status, TaskOutcome
from shulorch.graph import task_edges
from shulorch.interrupts import InterruptGuard
from shulorch.loader import LoadOptions, load_pipeline
from shulorch.model import Pipeline, Task
from shulorch.planner import Decision, plan
from shulorch.process import ProcessTracker, reap_orphans
from shulorch.runlog import RunLog, RunRecord, mark_killed, new_run_id, summarize
from shulorch.secrets import pipeline_masker
from shulorch.selection import Selection, SelectOptions, select


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectOptions:
    pipeline_file: Path = Path("pipeline.yaml")
    config_file: Path | None = None
    jobs: int | None = None
    keep_going: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    project: ProjectOptions = field(default_factory=ProjectOptions)
    select: SelectOptions = field(default_factory=SelectOptions)
    force: bool = False
    argv: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    run_id: str
    status: str
    exit_code: int
    outcomes: Mapping[str, TaskOutcome]
    record_path: Path
    log_path: Path
    report_dir: Path


def load(options: ProjectOptions, env: Mapping[str, str], run_id: str = "plan") -> Pipeline:
    cli = {"jobs": options.jobs, "keep_going": options.keep_going}
    return load_pipeline(
        options.pipeline_file,
        LoadOptions(env=env, config_file=options.config_file, cli_settings=cli, run_id=run_id),
    )


def action_defaults(
    pipeline_file: Path, action: str, env: Mapping[str, str]
) -> tuple[Path, Mapping[str, Any]] | None:
    """The working folder and ``with:`` of the first task running ``action`` in ``pipeline_file``,
    so commands such as ``release plan`` default to what the pipeline does; None without one."""
    if not pipeline_file.is_file():
        return None
    pipeline = load(ProjectOptions(pipeline_file=pipeline_file), env)
    for task in pipeline.tasks():
        if task.action == action:
            return (pipeline_file.resolve().parent / task.cwd).resolve(), task.args
    return None


def project_dir(options: ProjectOptions) -> Path:
    return options.pipeline_file.resolve().parent


def _check_enabled(pipeline: Pipeline) -> None:
    if not pipeline.settings.enabled:
        source = pipeline.setting_sources.get("enabled", "settings")
        raise ConfigError(
            f"orchestration is disabled ({source} is false); set ORCHESTRATION_ENABLED=true to run"
        )


def _engine(
    pipeline: Pipeline,
    tasks: Sequence[Task],
    root: Path,
    env: Mapping[str, str],
    read_only: bool = False,
) -> Any:
    from shulorch.engine import Engine  # imports doit only for commands that need it

    return Engine(
        tasks=tasks,
        edges=task_edges(pipeline.phases),
        dep_edges=task_edges(pipeline.phases, needs=False),
        project_dir=root,
        state_dir=root / pipeline.settings.state_dir,
        env=env,
        read_only=read_only,
        mask=pipeline_masker(pipeline, env),
    )


def stages(pipeline: Pipeline, tasks: Sequence[Task]) -> tuple[tuple[Task, ...], tuple[Task, ...]]:
    """The main tasks, and those of ``finally`` phases that run afterwards whatever happened."""
    always = {p.name for p in pipeline.phases if p.always}
    return tuple(t for t in tasks if t.phase not in always), tuple(t for t in tasks if t.phase in always)


def make_plan(
    options: BuildOptions, env: Mapping[str, str]
) -> tuple[Pipeline, Selection, tuple[Decision, ...]]:
    """What a build would do, without running or recording anything."""
    pipeline = load(options.project, env)
    _check_enabled(pipeline)
    selection = select(pipeline, options.select)
    root = project_dir(options.project)
    engine = _engine(pipeline, selection.tasks, root, task_env(pipeline, env), read_only=True)
    try:
        own = engine.own_status()
    finally:
        engine.close()
    # Phase `needs` orders phases; only a task's own `deps` rerun it when they ran.
    edges = task_edges(pipeline.phases, needs=False)
    decisions = plan([t.name for t in selection.tasks], own, edges, force=options.force)
    return pipeline, selection, decisions


def task_env(pipeline: Pipeline, env: Mapping[str, str]) -> dict[str, str]:
    return {**env, **pipeline.env}


Sink = Callable[[str, Task, TaskOutcome | None, str], None]


def build(
    options: BuildOptions,
    env: Mapping[str, str],
    *,
    sink: Sink,
    echo: Callable[[str, str], None] | None = None,
) -> BuildResult:
    """Run the selected tasks incrementally and record the run."""
    from shulorch.actions.registry import action_table
    from shulorch.lock import ProjectLock

    run_id = new_run_id()
    pipeline = load(options.project, env, run_id)
    _check_enabled(pipeline)
    selection = select(pipeline, options.select)
    root = project_dir(options.project)
    settings = pipeline.settings
    state_dir = root / settings.state_dir
    lock = ProjectLock(state_dir / "lock")
    lock.acquire(run_id)
    mask = pipeline_masker(pipeline, env)
    log = RunLog(path=root / settings.log_dir / f"orchestration-{run_id}.log", mask=mask, echo=echo)
    report_dir = root / settings.report_dir / run_id
    record = RunRecord(
        path=state_dir / "runs" / run_id / "run.json",
        run_id=run_id,
        started=time.time(),
        header={
            "project": pipeline.project,
            "pipeline": pipeline.file,
            "argv": [mask(a) for a in options.argv],
            "selected": [t.name for t in selection.tasks],
            "settings": {"jobs": settings.jobs, "keep_going": settings.keep_going, "force": options.force},
        },
        mask=mask,
    )
    tracker = ProcessTracker(registry=state_dir / "children")
    guard = InterruptGuard(tracker, log)  # from the lock on, a signal ends the run cleanly
    guard.__enter__()
    try:
        log.open()
        report_dir.mkdir(parents=True, exist_ok=True)
        orphans = reap_orphans(state_dir / "children")
        if orphans:
            log.warning(f"killed {len(orphans)} process group(s) a killed run left running: {orphans}")
        if lock.previous:
            log.warning(
                f"took over the lock left by pid {lock.previous.get('pid')} (run "
                f"{lock.previous.get('run_id')}), which is no longer running"
            )
            mark_killed(state_dir / "runs" / str(lock.previous.get("run_id")) / "run.json")
        log.info(f"run {run_id}: {len(selection.tasks)} task(s) selected from {pipeline.file}")
        record.write("running")
        run_env = RunEnvironment(
            project_dir=root,
            run_id=run_id,
            state_dir=state_dir,
            report_dir=report_dir,
            log_dir=root / settings.log_dir,
            base_env=task_env(pipeline, env),
            vars=pipeline.vars,
            log=log,
            tracker=tracker,
            mask=mask,
            retry_backoff=settings.retry_backoff,
            run_started=record.started,
            action_table=action_table(),
        )
        outcomes = _execute(pipeline, selection, options, run_env, record, sink)
        status, code = _final(outcomes, tracker)
        counts = summarize([{"status": o.status.value} for o in outcomes.values()])
        log.info(f"run {run_id} {status}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        record.write(status, time.time())
        return BuildResult(
            run_id=run_id,
            status=status,
            exit_code=code,
            outcomes=outcomes,
            record_path=record.path,
            log_path=log.path,
            report_dir=report_dir,
        )
    except BaseException:
        tracker.kill_now()
        record.write("interrupted" if tracker.stopping else "error", time.time())
        raise
    finally:
        guard.__exit__()
        log.close()
        lock.release()


def _execute(
    pipeline: Pipeline,
    selection: Selection,
    options: BuildOptions,
    run_env: RunEnvironment,
    record: RunRecord,
    sink: Sink,
) -> dict[str, TaskOutcome]:
    """Run the main stage, then the ``finally`` phases (even after a failure, not after an interrupt)."""
    settings = pipeline.settings
    log = run_env.log
    assert isinstance(log, RunLog)
    env = run_env.base_env
    main, final = stages(pipeline, selection.tasks)
    # doit closes its database at the end of a run: each stage gets its own engine.
    first: Any = _engine(pipeline, main, run_env.project_dir, env)
    carried = first.stored_metrics([t.name for t in pipeline.tasks()])
    run_env.results.update(carried)

    def on_event(kind: str, task: Task, outcome: TaskOutcome | None, reason: str) -> None:
        if outcome is not None:
            old = carried.get(task.name)
            previous = {"metrics": old.metrics, "run_id": old.run_id} if old else None
            record.task(task.name, task.phase, outcome, reason, previous)
            if outcome.status is Status.FAILED:
                record.write("running")
            else:
                record.checkpoint()
            _log_outcome(log, task, outcome, reason)
        else:
            log.info(f"start {task.name} ({reason})")
        sink(kind, task, outcome, reason)

    for task, why in selection.excluded:
        on_event("skip", task, TaskOutcome(status=Status.SKIPPED, summary=why), why)
    outcomes: dict[str, TaskOutcome] = {}
    for stage, tasks, keep_going in (("main", main, settings.keep_going), ("finally", final, True)):
        # The engine that read the metrics serves the main stage; the finally stage gets its own.
        engine = first if stage == "main" else None
        first = None
        if not tasks or run_env.tracker.stopping:
            if engine is not None:
                engine.close()
            continue
        engine = engine or _engine(pipeline, tasks, run_env.project_dir, env)
        try:
            outcomes.update(
                engine.run(
                    run_env, jobs=settings.jobs, keep_going=keep_going, force=options.force, sink=on_event
                )
            )
        finally:
            engine.close()
    for task in selection.tasks:
        if outcomes.setdefault(task.name, TaskOutcome(status=Status.NOT_RUN)).status is Status.NOT_RUN:
            record.task(task.name, task.phase, outcomes[task.name], "run stopped before this task")
    return outcomes


def _log_outcome(log: RunLog, task: Task, outcome: TaskOutcome, reason: str) -> None:
    took = f" in {outcome.ended - outcome.started:.2f}s" if outcome.started else ""
    text = f"{task.name}: {outcome.status.value}{took}"
    if outcome.summary:
        text += f": {outcome.summary}"
    if outcome.status is Status.FAILED:
        log.write("error", f"{text}: {outcome.error}\n{outcome.output_tail}".rstrip(), echo=False)
    else:
        log.info(text if outcome.status is not Status.SKIPPED else f"{task.name}: skipped: {reason}")


def _final(outcomes: Mapping[str, TaskOutcome], tracker: ProcessTracker) -> tuple[str, int]:
    statuses = {o.status for o in outcomes.values()}
    if tracker.stopping or Status.INTERRUPTED in statuses:
        return "interrupted", EXIT_INTERRUPTED
    if Status.FAILED in statuses:
        return "failed", EXIT_TASK_FAILED
    if Status.NOT_RUN in statuses:  # never expected without a failure: never call it a success
        return "incomplete", EXIT_TASK_FAILED
    return "success", EXIT_OK


def environment() -> dict[str, str]:
    return dict(os.environ)
