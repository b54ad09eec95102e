"""Which tasks a command works on: phases by number or name (``--phase``, ``-s``), ``--skip``,
tags (``-t``), keyword expressions (``-k``, as in nox and pytest) and explicit task names. Pure."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass

from shulorch.errors import UsageError
from shulorch.graph import suggest, task_edges, topo_order
from shulorch.model import Phase, Pipeline, Task


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectOptions:
    phases: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    keywords: str | None = None
    tags: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    tasks: tuple[Task, ...]  # to execute or plan, prerequisites first
    excluded: tuple[tuple[Task, str], ...]  # selected phases' tasks left out, with why


def resolve_phase(token: str, phases: Sequence[Phase]) -> Phase:
    """A phase by number (``2``) or name (``codegen``); unknown tokens name the choices."""
    for phase in phases:
        if token == phase.name or (token.isdigit() and int(token) == phase.number):
            return phase
    choices = ", ".join(f"{p.number}={p.name}" for p in phases)
    raise UsageError(f"unknown phase {token!r}{suggest(token, [p.name for p in phases])}; phases: {choices}")


def select(pipeline: Pipeline, options: SelectOptions) -> Selection:
    phases = pipeline.phases
    explicit = {resolve_phase(t, phases).name for t in options.phases}
    skipped = {resolve_phase(t, phases).name for t in options.skip}
    for tag in options.tags:
        if not any(tag in p.tags for p in phases):
            known = sorted({t for p in phases for t in p.tags})
            raise UsageError(f"no phase has the tag {tag!r}; tags in use: {', '.join(known) or 'none'}")
    matcher = KeywordExpr(options.keywords) if options.keywords else None
    chosen: list[Task] = []
    excluded: list[tuple[Task, str]] = []
    for phase in phases:
        if explicit and phase.name not in explicit:
            continue
        if phase.name in skipped or (options.tags and not set(options.tags) & set(phase.tags)):
            continue
        for task in phase.tasks:
            if matcher and not matcher.matches(_keywords(phase, task)):
                continue
            if not phase.enabled and phase.name not in explicit:
                excluded.append((task, f"phase {phase.name} {phase.disabled_reason}"))
                continue
            if not task.enabled:
                excluded.append((task, task.disabled_reason))
                continue
            chosen.append(task)
    if options.tasks:
        # Named tasks run as named (the command line outranks switches), with their prerequisites.
        chosen = _with_prerequisites(pipeline, options.tasks)
        excluded = []
    edges = task_edges(phases)
    by_name = {t.name: t for t in chosen}
    order = topo_order([t.name for t in chosen], edges)
    return Selection(tasks=tuple(by_name[n] for n in order), excluded=tuple(excluded))


def _keywords(phase: Phase, task: Task) -> set[str]:
    return {phase.name, task.name, task.base, task.base.split(".", 1)[1], *phase.tags, str(phase.number)}


def _with_prerequisites(pipeline: Pipeline, names: Sequence[str]) -> list[Task]:
    """Named tasks (full name, ``phase.task`` base, or a glob) and the tasks their ``deps`` need,
    transitively. Phase ``needs`` only orders phases: naming the tests does not run the backup."""
    all_tasks = pipeline.tasks()
    by_name = {t.name: t for t in all_tasks}
    edges = task_edges(pipeline.phases, needs=False)
    wanted: list[str] = []
    for name in names:
        hits = [
            t.name for t in all_tasks if t.name == name or t.base == name or fnmatch.fnmatchcase(t.name, name)
        ]
        if not hits:
            raise UsageError(f"unknown task {name!r}{suggest(name, by_name)}; see `shulorch list`")
        wanted += hits
    closure: set[str] = set()
    todo = list(wanted)
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo.extend(edges.get(name, ()))
    ordered = topo_order([t.name for t in all_tasks if t.name in closure], edges)
    return [by_name[n] for n in ordered if by_name[n].enabled]


_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")


class KeywordExpr:
    """``-k`` expressions: words joined by and/or/not and parentheses; a word matches a keyword
    containing it (case-insensitive), as in pytest and nox."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [m.group(1) for m in _TOKEN.finditer(text)]
        if not self.tokens:
            raise UsageError("-k needs an expression such as 'lint or test'")
        self._check()

    def _check(self) -> None:
        self.pos = 0
        self._or(frozenset())
        if self.pos != len(self.tokens):
            raise UsageError(f"-k {self.text!r}: unexpected {self.tokens[self.pos]!r}")

    def matches(self, keywords: set[str]) -> bool:
        self.pos = 0
        return self._or(frozenset(k.lower() for k in keywords))

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self, kw: frozenset[str]) -> bool:
        value = self._and(kw)
        while self._peek() == "or":
            self.pos += 1
            value = self._and(kw) or value
        return value

    def _and(self, kw: frozenset[str]) -> bool:
        value = self._not(kw)
        while self._peek() == "and":
            self.pos += 1
            value = self._not(kw) and value
        return value

    def _not(self, kw: frozenset[str]) -> bool:
        if self._peek() == "not":
            self.pos += 1
            return not self._not(kw)
        return self._atom(kw)

    def _atom(self, kw: frozenset[str]) -> bool:
        token = self._peek()
        if token is None or token in ("and", "or", ")"):
            raise UsageError(f"-k {self.text!r}: expected a word, got {token or 'the end'}")
        self.pos += 1
        if token == "(":
            value = self._or(kw)
            if self._peek() != ")":
                raise UsageError(f"-k {self.text!r}: missing ')'")
            self.pos += 1
            return value
        word = token.lower()
        return any(word in k for k in kw)
