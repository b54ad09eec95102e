"""The notification a stakeholder receives: subject, plain text and a JSON payload, composed from
the reports this run wrote. Shared by `notify.email` and `notify.webhook`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext
from shulorch.actions.report.assemble import SUMMARY_FILE
from shulorch.actions.report.dashboard import fact_view
from shulorch.actions.report.generate import display, output_dir

MAX_LISTED_RISKS = 10  # a notification points at the dashboard; it does not replace it


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    subject: str
    text: str
    status: str
    payload: Mapping[str, Any]
    dashboard: Path | None  # index.html when it exists


def _read(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return loaded if isinstance(loaded, dict) else None


def compose(ctx: ActionContext, args: Mapping[str, Any]) -> Notice:
    """Summarise this run's reports; when they are missing, say so instead of guessing a status."""
    folder = output_dir(ctx, args)
    title = str(args.get("title", "shulorch"))
    summary = _read(folder / SUMMARY_FILE)
    executive = _read(folder / "executive_summary.json") or {}
    risk = _read(folder / "risk_assessment.json") or {}
    index = folder / "index.html"
    link = str(args["link"]) if args.get("link") else (display(ctx, index) if index.is_file() else "")
    if summary is None:
        ctx.log.warning(f"{ctx.task}: no {SUMMARY_FILE} in {display(ctx, folder)}; the notice says so")
        status = "unknown (reports not generated)"
        lines = [
            f"Run {ctx.run_id}: {status}.",
            f"No reports were found in {display(ctx, folder)}; run report.generate before notifying.",
        ]
        headline: dict[str, Any] = {}
        counts: dict[str, Any] = {}
    else:
        status = str(summary.get("status", "unknown"))
        counts = dict(summary.get("risk_counts", {}))
        lines = [f"Run {ctx.run_id}: {status}."]
        lines += [f"  - {reason}" for reason in summary.get("status_because", [])]
        headline = dict(executive.get("headline", {}))
        if headline:
            lines.append("")
            lines.append("Headline (each measured in the run named in the reports):")
            for name, node in headline.items():
                view = (
                    fact_view(node)
                    if isinstance(node, Mapping)
                    else {"text": str(node), "unit": "", "measured": True, "detail": ""}
                )
                value = (
                    f"{view['text']} {view['unit']}".strip()
                    if view["measured"]
                    else (f"not measured ({view['detail']})")
                )
                lines.append(f"  {name.replace('_', ' ')}: {value}")
        if counts:
            lines.append("")
            lines.append(
                f"Risks: {counts.get('high', 0)} high, {counts.get('medium', 0)} medium, "
                f"{counts.get('low', 0)} low"
            )
            for item in list(risk.get("risks", []))[:MAX_LISTED_RISKS]:
                lines.append(f"  [{item.get('level')}] {item.get('fact')}")
    if link:
        lines += ["", f"Dashboard: {link}"]
    text = "\n".join(lines) + "\n"
    payload = {
        "run_id": ctx.run_id,
        "status": status,
        "status_because": list(summary.get("status_because", [])) if summary else [],
        "risk_counts": counts,
        "headline": {k: (v.get("value") if isinstance(v, Mapping) else v) for k, v in headline.items()},
        "dashboard": link or None,
        "text": text,
    }
    return Notice(
        subject=f"[{title}] run {ctx.run_id}: {status}",
        text=text,
        status=status,
        payload=payload,
        dashboard=index if index.is_file() else None,
    )
