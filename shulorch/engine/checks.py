"""The ``uptodate`` checks shulorch gives doit: named, so a task that runs can say why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.process import ProcessTracker, run_process


@dataclass(frozen=True, slots=True)
class Check:
    """One reason a task may be out of date besides its files; ``detail`` names what changed."""

    kind: str  # definition | never | always | run_once | command | deps
    detail: str = ""


@dataclass(slots=True)
class LazyChecks:
    """The checks that must wait until the task is about to run: prerequisites that ran (in this
    build or an earlier, narrower one) and the user's ``uptodate`` command. One callable per task,
    because doit inspects every callable's signature and that costs more than the checks."""

    deps: tuple[str, ...]
    dep_runs: Callable[[str], str | None]  # the run id of a prerequisite's last success
    command: str = ""
    cwd: str = ""
    env: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 300.0  # the task's own timeout
    tracker: ProcessTracker | None = None  # so Ctrl-C stops a slow check too
    failed: tuple[Check, ...] = ()

    def __call__(self, task: Any, values: Mapping[str, Any]) -> bool | None:
        failed: list[Check] = []
        seen = values.get("_dep_runs", {})
        ran = [d for d in self.deps if (r := self.dep_runs(d)) is not None and r != seen.get(d)]
        if ran and "_dep_runs" in values:
            failed.append(Check("deps", ", ".join(ran)))
        if self.command and not (self.tracker is not None and self.tracker.stopping):
            ok = run_process(
                self.command, cwd=Path(self.cwd), env=self.env, timeout=self.timeout, tracker=self.tracker
            ).ok
            if not ok:
                failed.append(Check("command", self.command))
        self.failed = tuple(failed)
        return not failed
