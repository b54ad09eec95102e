"""Cost analysis: measured resource usage times the rates the user configured. Pure.

Without rates the report gives the usage alone and says "no rates configured": a price is never
assumed. A gigabyte here is 10^9 bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shulorch.actions.report.facts import Fact, Inputs, Source, SourceKind, derive, facts_json, missing
from shulorch.errors import ActionError

NO_RATES = "no rates configured"
GB = 1_000_000_000
RATE_KEYS = ("compute_per_hour", "storage_per_gb", "transfer_per_gb")
BASES = ("wall", "cpu")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rates:
    """Prices per unit from `with: rates:`; None means not configured."""

    compute_per_hour: float | None = None
    storage_per_gb: float | None = None
    transfer_per_gb: float | None = None
    currency: str = ""
    compute_basis: str = "wall"  # wall-clock time is what a CI runner bills; "cpu" for CPU seconds

    @property
    def configured(self) -> bool:
        return any(getattr(self, k) is not None for k in RATE_KEYS)


def parse_rates(task: str, raw: Any) -> Rates:
    """Validate `with: rates:`; an unknown key or a negative rate is the user's mistake to fix."""
    if raw is None:
        return Rates()
    if not isinstance(raw, Mapping):
        raise ActionError(f"{task}: with.rates must be a mapping of {', '.join(RATE_KEYS)}, got {raw!r}")
    unknown = sorted(set(raw) - {*RATE_KEYS, "currency", "compute_basis"})
    if unknown:
        raise ActionError(
            f"{task}: with.rates has unknown key(s) {', '.join(unknown)}; "
            f"use {', '.join(RATE_KEYS)}, currency, compute_basis"
        )
    values: dict[str, float | None] = {}
    for key in RATE_KEYS:
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise ActionError(f"{task}: with.rates.{key} = {value!r} must be a number >= 0")
        values[key] = None if value is None else float(value)
    basis = str(raw.get("compute_basis", "wall"))
    if basis not in BASES:
        raise ActionError(f"{task}: with.rates.compute_basis = {basis!r} must be one of {', '.join(BASES)}")
    return Rates(currency=str(raw.get("currency", "")), compute_basis=basis, **values)


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage:
    """Resource usage of this run, as facts."""

    wall_seconds: Fact
    cpu_seconds: Fact
    task_seconds: Fact
    stored_bytes: Fact
    transferred_bytes: Fact

    def as_dict(self) -> dict[str, Fact]:
        return {
            "wall_seconds": self.wall_seconds,
            "cpu_seconds": self.cpu_seconds,
            "task_seconds": self.task_seconds,
            "stored_bytes": self.stored_bytes,
            "transferred_bytes": self.transferred_bytes,
        }


def measure_usage(inputs: Inputs, wall: Fact, cpu: Fact) -> Usage:
    """Collect usage from task metrics: backups' new bytes stored and deploys' bytes transferred."""
    this_run = [tm for tm in inputs.by_action("backup.snapshot") if tm.run_id == inputs.run_id]
    stored = (
        inputs.total(this_run, "new_bytes", what="backup.snapshot", unit="bytes")
        if this_run
        else missing("no backup.snapshot task ran in this run", "bytes")
    )
    transferred = _transferred(inputs)
    timed = [tm for tm in inputs.results.values() if tm.run_id == inputs.run_id and "duration" in tm.metrics]
    task_seconds = inputs.total(sorted(timed, key=lambda t: t.task), "duration", what="timed", unit="s")
    return Usage(
        wall_seconds=wall,
        cpu_seconds=cpu,
        task_seconds=task_seconds,
        stored_bytes=stored,
        transferred_bytes=transferred,
    )


def _transferred(inputs: Inputs) -> Fact:
    """Bytes a deploy moved: `bytes_transferred` where reported, else the size deploy.release copied."""
    facts = []
    for tm in inputs.by_prefix("deploy."):
        if tm.run_id != inputs.run_id:
            continue
        if "bytes_transferred" in tm.metrics:
            facts.append(inputs.fact(tm, "bytes_transferred", unit="bytes"))
        elif tm.action == "deploy.release":
            facts.append(inputs.fact(tm, "bytes", unit="bytes"))
    good = [f for f in facts if f.measured]
    if not good:
        why = "; ".join(f.reason for f in facts) or "no deploy task in this run reported bytes it transferred"
        return missing(why, "bytes")
    return Fact(
        value=sum(f.value for f in good), unit="bytes", sources=tuple(s for f in good for s in f.sources)
    )


def _priced(
    usage: Fact, rate: float | None, rate_key: str, divisor: float, ctx_task: str, run_id: str, what: str
) -> Fact:
    if rate is None:
        return missing(f"{NO_RATES}: set with.rates.{rate_key} to price {what}")
    if not usage.measured:
        return missing(f"{what} usage not measured: {usage.reason}")
    config = Source(
        kind=SourceKind.CONFIG,
        task=ctx_task,
        action="report.generate",
        run_id=run_id,
        key=f"rates.{rate_key}",
    )
    money = derive(
        round(usage.value / divisor * rate, 6),
        (usage,),
        note=f"{usage.value} {usage.unit} / {divisor:g} x {rate:g} per unit",
    )
    return Fact(value=money.value, sources=(*money.sources, config), note=money.note)


def cost_report(inputs: Inputs, usage: Usage, rates: Rates, task: str) -> dict[str, Any]:
    """Usage always; money per item only where both the usage and its rate are known."""
    out: dict[str, Any] = {"usage": facts_json(usage.as_dict())}
    if not rates.configured:
        out["costs"] = NO_RATES
        out["note"] = "set with.rates (compute_per_hour, storage_per_gb, transfer_per_gb) to price the usage"
        return out
    compute = usage.wall_seconds if rates.compute_basis == "wall" else usage.cpu_seconds
    items = {
        "compute": _priced(
            compute,
            rates.compute_per_hour,
            "compute_per_hour",
            3600.0,
            task,
            inputs.run_id,
            f"compute ({rates.compute_basis} time)",
        ),
        "storage": _priced(
            usage.stored_bytes, rates.storage_per_gb, "storage_per_gb", GB, task, inputs.run_id, "storage"
        ),
        "transfer": _priced(
            usage.transferred_bytes,
            rates.transfer_per_gb,
            "transfer_per_gb",
            GB,
            task,
            inputs.run_id,
            "transfer",
        ),
    }
    priced = [f for f in items.values() if f.measured]
    skipped = [name for name, f in items.items() if not f.measured]
    total = (
        Fact(
            value=round(sum(f.value for f in priced), 6),
            sources=tuple(s for f in priced for s in f.sources),
            note="excludes " + ", ".join(skipped) if skipped else "",
        )
        if priced
        else missing("no item could be priced: " + "; ".join(f.reason for f in items.values()))
    )
    out["currency"] = rates.currency or "units of the configured rates (with.rates.currency not set)"
    out["rates"] = {k: getattr(rates, k) for k in RATE_KEYS if getattr(rates, k) is not None}
    out["compute_basis"] = rates.compute_basis
    out["costs"] = facts_json({**items, "total": total})
    return out
