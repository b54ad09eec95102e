"""Measured facts with their provenance: the one value type every report number is made of.

A :class:`Fact` is either measured (value plus the task, action, run and metric key it came from)
or "not measured" with the reason. Reports never invent a default number; they carry a Fact.
Pure: no files, no clock, no environment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shulorch.actions.base import TaskMetrics

NOT_MEASURED = "not measured"


class SourceKind(StrEnum):
    """Where a number comes from."""

    METRIC = "metric"  # a metric another task reported
    REPORT = "report"  # read by the report task itself: the clock, resource usage, a file scan
    CONFIG = "config"  # a value the user configured in `with:` (rates); never a measurement


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One origin of a number: task + action + run + key, or the report task's own reading."""

    kind: SourceKind
    task: str
    action: str
    run_id: str
    key: str
    carried: bool = False  # measured by an earlier run (the task was up to date in this one)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "task": self.task,
            "action": self.action,
            "run_id": self.run_id,
            "key": self.key,
            "carried": self.carried,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A reported value and where it came from; ``reason`` is set exactly when not measured."""

    value: Any = None
    sources: tuple[Source, ...] = ()
    reason: str = ""
    unit: str = ""
    note: str = ""

    @property
    def measured(self) -> bool:
        return not self.reason

    def to_json(self) -> dict[str, Any]:
        if not self.measured:
            out: dict[str, Any] = {"value": None, "status": NOT_MEASURED, "reason": self.reason}
            if self.unit:
                out["unit"] = self.unit
            return out
        out = {"value": self.value}
        if self.unit:
            out["unit"] = self.unit
        out["sources"] = [s.to_json() for s in self.sources]
        carried = sorted({s.run_id for s in self.sources if s.carried})
        note = self.note
        if carried:
            # The rule: a carried number says which run measured it.
            note = (note + "; " if note else "") + "carried from run " + ", ".join(carried)
        if note:
            out["note"] = note
        return out


def missing(reason: str, unit: str = "") -> Fact:
    """A "not measured" fact; ``reason`` says why, in words a reader can act on."""
    return Fact(reason=reason, unit=unit)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True, kw_only=True)
class Inputs:
    """The metrics a report is built from: every task's latest metrics and the current run id."""

    run_id: str
    results: Mapping[str, TaskMetrics]

    def by_action(self, *actions: str) -> tuple[TaskMetrics, ...]:
        return tuple(m for _, m in sorted(self.results.items()) if m.action in actions)

    def by_prefix(self, prefix: str) -> tuple[TaskMetrics, ...]:
        return tuple(m for _, m in sorted(self.results.items()) if m.action.startswith(prefix))

    def source(self, tm: TaskMetrics, key: str) -> Source:
        return Source(
            kind=SourceKind.METRIC,
            task=tm.task,
            action=tm.action,
            run_id=tm.run_id,
            key=key,
            carried=tm.run_id != self.run_id,
        )

    def fact(self, tm: TaskMetrics, key: str, *, number: bool = True, unit: str = "") -> Fact:
        """``tm.metrics[key]`` (dotted keys reach into mappings) as a fact."""
        value: Any = tm.metrics
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return missing(f"task {tm.task} ({tm.action}) did not report `{key}`", unit)
            value = value[part]
        if value is None:
            return missing(f"task {tm.task} ({tm.action}) reported `{key}` as null", unit)
        if number and not is_number(value):
            return missing(f"task {tm.task} ({tm.action}) reported `{key}` = {value!r}, not a number", unit)
        return Fact(value=value, sources=(self.source(tm, key),), unit=unit)

    def total(self, tms: Iterable[TaskMetrics], key: str, *, what: str, unit: str = "") -> Fact:
        """Sum of ``key`` over ``tms``; not measured when no task reported it."""
        facts = [self.fact(tm, key, unit=unit) for tm in tms]
        if not facts:
            return missing(f"no {what} task reported metrics (in this run or an earlier one)", unit)
        good = [f for f in facts if f.measured]
        if not good:
            return missing("; ".join(f.reason for f in facts), unit)
        note = ""
        if len(good) < len(facts):
            note = "partial: " + "; ".join(f.reason for f in facts if not f.measured)
        return Fact(
            value=sum(f.value for f in good),
            sources=tuple(s for f in good for s in f.sources),
            unit=unit,
            note=note,
        )


def derive(value: Any, inputs: Iterable[Fact], *, unit: str = "", note: str = "") -> Fact:
    """A value computed from measured facts; its sources are theirs."""
    facts = tuple(inputs)
    absent = [f for f in facts if not f.measured]
    if absent:
        return missing("; ".join(f.reason for f in absent), unit)
    return Fact(value=value, sources=tuple(s for f in facts for s in f.sources), unit=unit, note=note)


def ratio(numerator: Fact, denominator: Fact, *, unit: str = "%", note: str = "") -> Fact:
    """numerator / denominator as a percentage rounded to 2 places; not measured on 0 or missing."""
    if not (numerator.measured and denominator.measured):
        return derive(None, (numerator, denominator), unit=unit)
    if denominator.value == 0:
        return missing("denominator measured as 0, a ratio is undefined", unit)
    return derive(
        round(100.0 * numerator.value / denominator.value, 2), (numerator, denominator), unit=unit, note=note
    )


def facts_json(facts: Mapping[str, Fact]) -> dict[str, Any]:
    return {name: fact.to_json() for name, fact in facts.items()}
