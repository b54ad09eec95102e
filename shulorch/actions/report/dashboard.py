"""Action `report.dashboard`: render index.html (the dashboard) and orchestration-report.html from
the JSON reports of this run. Self-contained pages (inline CSS, no external assets); every value is
escaped by Jinja2's autoescape, so a hostile task name or finding message stays text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.report.assemble import REPORTS, SUMMARY_FILE
from shulorch.actions.report.facts import NOT_MEASURED
from shulorch.actions.report.generate import display, output_dir
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

TEMPLATES = Path(__file__).parent / "templates"
PAGES = {"index.html": "dashboard.html.j2", "orchestration-report.html": "report.html.j2"}


def is_fact(node: Any) -> bool:
    """A fact as :meth:`Fact.to_json` writes it: a value with sources, or "not measured"."""
    return (
        isinstance(node, Mapping)
        and "value" in node
        and ("sources" in node or node.get("status") == NOT_MEASURED)
    )


def text_of(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(text_of(v) for v in value) or "(none)"
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True)
    return str(value)


def source_text(source: Mapping[str, Any]) -> str:
    kind = source.get("kind")
    if kind == "config":
        return f"configured: with.{source.get('key')} of {source.get('task')}"
    if kind == "report":
        return f"read by {source.get('task')} at report time ({source.get('key')})"
    carried = " (carried)" if source.get("carried") else ""
    task, action, key = source.get("task"), source.get("action"), source.get("key")
    return f"{task} [{action}] `{key}`, run {source.get('run_id')}{carried}"


def sources_text(sources: list[Mapping[str, Any]], limit: int = 4) -> list[str]:
    """One line per source; past ``limit``, sources of one action, key and run are counted
    together (129 per-file lint tasks read as one line; the JSON keeps every one)."""
    if len(sources) <= limit:
        return [source_text(s) for s in sources]
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for source in sources:
        group = (
            source.get("kind"),
            source.get("action"),
            source.get("key"),
            source.get("run_id"),
            bool(source.get("carried")),
        )
        groups.setdefault(group, []).append(source)
    lines = []
    for (_kind, action, key, run_id, carried), members in groups.items():
        if len(members) == 1:
            lines.append(source_text(members[0]))
            continue
        tail = " (carried)" if carried else ""
        lines.append(
            f"{len(members)} tasks [{action}] `{key}` (e.g. {members[0].get('task')}), run {run_id}{tail}"
        )
    return lines


def fact_view(node: Mapping[str, Any]) -> dict[str, Any]:
    """What a page shows for one fact: the value and unit, or "not measured" and why; its sources."""
    if node.get("status") == NOT_MEASURED:
        return {"measured": False, "text": NOT_MEASURED, "unit": "", "detail": str(node.get("reason", ""))}
    detail = "; ".join(sources_text([s for s in node.get("sources", []) if isinstance(s, Mapping)]))
    if node.get("note"):
        detail += f" — {node['note']}"
    return {
        "measured": True,
        "text": text_of(node.get("value")),
        "unit": str(node.get("unit", "")),
        "detail": detail,
    }


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(is_fact=is_fact, fact_view=fact_view, text_of=text_of)
    env.tests["mapping"] = lambda v: isinstance(v, Mapping)
    env.tests["table"] = lambda v: isinstance(v, list) and bool(v) and all(isinstance(i, Mapping) for i in v)
    return env


def load_reports(ctx: ActionContext, folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The orchestration summary and every report JSON found in ``folder``."""
    summary_path = folder / SUMMARY_FILE
    if not summary_path.is_file():
        raise ActionError(
            f"{ctx.task}: {display(ctx, summary_path)} not found; run a report.generate task "
            "first (list it in this task's deps)"
        )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        reports = {
            name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            for name in REPORTS
            if (folder / f"{name}.json").is_file()
        }
    except (OSError, json.JSONDecodeError) as err:
        raise ActionError(
            f"{ctx.task}: cannot read the reports in {display(ctx, folder)}: {err}; rerun report.generate"
        ) from err
    return summary, reports


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Render both HTML pages next to the JSON reports."""
    folder = output_dir(ctx, args)
    summary, reports = load_reports(ctx, folder)
    env = environment()
    title = str(args.get("title", "Release pipeline"))
    context = {
        "title": title,
        "summary": summary,
        "reports": reports,
        "titles": REPORTS,
        "missing": [name for name in REPORTS if name not in reports],
    }
    written = []
    for page, template in PAGES.items():
        html = env.get_template(template).render(**context)
        write_atomic(folder / page, html, mode=0o644)
        written.append(display(ctx, folder / page))
    ctx.log.info(
        f"dashboard: {display(ctx, folder / 'index.html')} ({len(reports)} of {len(REPORTS)} reports)"
    )
    return ActionResult(
        summary=f"dashboard with {len(reports)} of {len(REPORTS)} reports",
        metrics={"pages": len(written), "reports_shown": len(reports), "reports_missing": context["missing"]},
        artifacts=tuple(written),
    )
