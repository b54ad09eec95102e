"""The dry-run planner: from each task's own state (what doit's database says changed) and the
graph, decide for every selected task whether it would run and why. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnStatus:
    """A task's state on its own, before looking at its prerequisites."""

    run: bool
    reasons: tuple[str, ...] = ()
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    task: str
    run: bool
    reason: str  # "up to date", "forced", "never run", "file changed: PATH", "dependency ran: TASK", ...
    details: tuple[str, ...] = ()


def plan(
    order: Sequence[str],
    own: Mapping[str, OwnStatus],
    edges: Mapping[str, Sequence[str]],
    *,
    force: bool = False,
) -> tuple[Decision, ...]:
    """Decisions in execution order. A task runs when forced, when its own state says so, or when
    a prerequisite in the selection runs (its outputs may change)."""
    runs: dict[str, bool] = {}
    out: list[Decision] = []
    for name in order:
        status = own[name]
        if force:
            decision = Decision(task=name, run=True, reason="forced")
        elif status.error:
            decision = Decision(
                task=name,
                run=True,
                reason=status.reasons[0] if status.reasons else status.error,
                details=(status.error,),
            )
        elif status.run and status.reasons:
            decision = Decision(task=name, run=True, reason=status.reasons[0], details=status.reasons[1:])
        else:
            ran = [d for d in edges.get(name, ()) if runs.get(d)]
            if ran:
                decision = Decision(
                    task=name, run=True, reason=f"dependency ran: {ran[0]}", details=tuple(ran[1:])
                )
            elif status.run:
                decision = Decision(task=name, run=True, reason="out of date")
            else:
                decision = Decision(task=name, run=False, reason="up to date")
        runs[name] = decision.run
        out.append(decision)
    return tuple(out)
