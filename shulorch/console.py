"""Console rendering: live task progress, plans and listings, with rich on a terminal and plain
lines otherwise (pipes, CI logs), so output that is not read by a person carries no escape codes
and costs no rich import. Honours NO_COLOR. Rendering only: no decisions are made here."""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

from shulorch.executor import Status, TaskOutcome
from shulorch.model import Phase, Pipeline, Task
from shulorch.planner import Decision

_MARK = {
    Status.SUCCESS: ("[green]✓[/]", "ok"),
    Status.FAILED: ("[red]✗[/]", "FAILED"),
    Status.UP_TO_DATE: ("[dim]-[/]", "up to date"),
    Status.SKIPPED: ("[yellow]~[/]", "skipped"),
    Status.INTERRUPTED: ("[red]![/]", "interrupted"),
    Status.NOT_RUN: ("[dim]·[/]", "not run"),
}


_TAG = re.compile(r"(?<!\\)\[/?[a-z #]*\]")


def escape(text: str) -> str:
    """Make ``text`` print as is in markup (rich reads ``\\[`` as a literal bracket)."""
    return text.replace("[", "\\[")


class Console(Protocol):
    def print(self, text: str = "", style: str | None = None) -> None: ...


class PlainConsole:
    """Markup stripped, one write per line, for streams that are not terminals."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    def print(self, text: str = "", style: str | None = None) -> None:
        line = _TAG.sub("", text).replace("\\[", "[")
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if not stream.isatty() and not os.environ.get("FORCE_COLOR"):
        return PlainConsole(stream)
    from rich.console import Console as RichConsole

    console: Console = RichConsole(
        file=stream, no_color=bool(os.environ.get("NO_COLOR")) or None, highlight=False, soft_wrap=True
    )
    return console


class Progress:
    """Prints one line per task event; thread-safe because rich's Console locks its output."""

    def __init__(self, console: Console, verbose: bool = False) -> None:
        self.console = console
        self.verbose = verbose
        self.up_to_date = 0

    def event(self, kind: str, task: Task, outcome: TaskOutcome | None, reason: str) -> None:
        name = escape(task.name)
        if kind == "start":
            self.console.print(f"[cyan]▶[/] {name} [dim]({escape(reason)})[/]")
            return
        assert outcome is not None
        if outcome.status is Status.UP_TO_DATE and not self.verbose:
            self.up_to_date += 1  # a no-op build of 1000 tasks should not print 1000 lines
            return
        mark, word = _MARK[outcome.status]
        took = f" {outcome.ended - outcome.started:.2f}s" if outcome.started else ""
        extra = outcome.error or outcome.summary
        if extra == word:
            extra = ""
        attempts = f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""
        self.console.print(f"{mark} {name} [dim]{word}{took}{attempts}[/] {escape(extra)}".rstrip())
        if outcome.status is Status.FAILED and outcome.output_tail:
            self.console.print(escape(outcome.output_tail), style="dim")

    def log(self, level: str, message: str) -> None:
        if self.verbose or level in ("warning", "error"):
            style = {"warning": "yellow", "error": "red"}.get(level, "dim")
            self.console.print(f"[{style}]{escape(message)}[/]")


def print_plan(console: Console, decisions: Sequence[Decision], excluded: Sequence[tuple[Task, str]]) -> None:
    width = min(max((len(d.task) for d in decisions), default=10), 40)
    for d in decisions:
        mark = "[cyan]run [/]" if d.run else "[dim]skip[/]"
        console.print(f"{mark} {escape(d.task.ljust(width))}  {escape(d.reason)}")
    for task, why in excluded:
        console.print(f"[yellow]off [/] {escape(task.name.ljust(width))}  {escape(why)}")
    runs = sum(d.run for d in decisions)
    console.print(f"\n{runs} of {len(decisions)} task(s) would run.")


def print_phases(console: Console, pipeline: Pipeline) -> None:
    for phase in pipeline.phases:
        state = "" if phase.enabled else f" [yellow]({escape(phase.disabled_reason)})[/]"
        tags = f" [dim]tags: {', '.join(phase.tags)}[/]" if phase.tags else ""
        console.print(f"[bold]{phase.number}. {escape(phase.name)}[/] - {escape(phase.title)}{state}{tags}")
        if phase.description:
            console.print(f"   {escape(phase.description)}", style="dim")
        for task in phase.tasks:
            console.print(f"   • {escape(task.name)} [dim]{escape(task.kind)}[/]")


def phase_json(phase: Phase) -> dict[str, Any]:
    return {
        "number": phase.number,
        "name": phase.name,
        "title": phase.title,
        "description": phase.description,
        "tags": list(phase.tags),
        "enabled": phase.enabled,
        "disabled_reason": phase.disabled_reason,
        "needs": list(phase.needs),
        "tasks": [
            {"name": t.name, "kind": t.kind, "deps": list(t.deps), "enabled": t.enabled} for t in phase.tasks
        ],
    }
