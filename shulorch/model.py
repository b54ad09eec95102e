"""The pipeline model: frozen values built by the loader and read by the graph, planner and engine."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Uptodate(enum.Enum):
    """How a task decides it is up to date besides its file_dep and targets."""

    AUTO = "auto"  # file_dep / targets / definition; with none of them the task always runs
    NEVER = "never"
    RUN_ONCE = "run_once"
    COMMAND = "command"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    enabled: bool = True
    timeout: float = 1800.0
    retries: int = 0
    retry_backoff: float = 1.0
    jobs: int = 1
    keep_going: bool = False
    state_dir: str = ".shulorch"
    log_dir: str = "writable/logs/orchestration"
    report_dir: str = "writable/reports"


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """One concrete task (a ``foreach`` task is expanded into one Task per item)."""

    name: str  # "phase.task" or "phase.task[item]"
    phase: str
    base: str  # "phase.task" without the item
    where: str  # file:line:col of the definition, for messages
    title: str = ""
    run: tuple[str, ...] = ()
    action: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict)
    file_dep: tuple[str, ...] = ()  # patterns as written (after templating), relative to cwd
    targets: tuple[str, ...] = ()
    deps: tuple[str, ...] = ()  # full base or concrete task names
    uptodate: Uptodate = Uptodate.AUTO
    uptodate_command: str = ""
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: str = "."
    timeout: float = 1800.0
    retries: int = 0
    item: Any = None
    enabled: bool = True  # false when `when` resolved false
    disabled_reason: str = ""
    digest: str = ""  # sha256 of definition(), filled by the loader (cached with the pipeline)

    def definition_digest(self) -> str:
        """The digest of :meth:`definition`: what the engine compares to decide "definition changed"."""
        if self.digest:
            return self.digest
        return hashlib.sha256(json.dumps(self.definition(), sort_keys=True, default=str).encode()).hexdigest()

    @property
    def kind(self) -> str:
        return self.action or "run"

    def definition(self) -> dict[str, Any]:
        """What makes up the task's definition: a change to any of it reruns the task."""
        return {
            "run": list(self.run),
            "action": self.action,
            "with": self.args,
            "env": dict(self.env),
            "cwd": self.cwd,
            "file_dep": list(self.file_dep),
            "targets": list(self.targets),
            "uptodate": self.uptodate.value,
            "uptodate_command": self.uptodate_command,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    name: str
    number: int
    title: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    disabled_reason: str = ""
    needs: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    where: str = ""
    always: bool = False  # `finally: true`: runs after the other phases even when they failed


@dataclass(frozen=True, slots=True, kw_only=True)
class Pipeline:
    file: str  # as shown in messages
    project: str
    phases: tuple[Phase, ...]
    settings: Settings
    vars: Mapping[str, Any] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)
    setting_sources: Mapping[str, str] = field(default_factory=dict)

    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for p in self.phases for t in p.tasks)

    def phase(self, name: str) -> Phase:
        for p in self.phases:
            if p.name == name:
                return p
        raise KeyError(name)
