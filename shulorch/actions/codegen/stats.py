"""Action ``codegen.stats``: what phase 2 really generated, counted from the files on disk.

Metric keys (the reports rely on them): modules, endpoints, controllers, services, repositories,
validation_rules, files, lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.codegen.layout import AppLayout
from shulorch.actions.codegen.merge import files_of
from shulorch.actions.codegen.openapi import FRAGMENT

_RULES_BLOCK = re.compile(r"\$validationRules\s*=\s*\[(?P<body>.*?)\];", re.S)
_RULE_VALUE = re.compile(r"=>\s*'(?P<rules>[^']*)'")
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@dataclass(frozen=True, slots=True, kw_only=True)
class CodegenStats:
    modules: int = 0
    endpoints: int = 0
    controllers: int = 0
    services: int = 0
    repositories: int = 0
    validation_rules: int = 0
    files: int = 0
    lines: int = 0


def endpoints_of(fragment: Path) -> int:
    """Distinct (path, controller action) pairs: PUT and PATCH of one update count once."""
    doc = yaml.safe_load(fragment.read_text(encoding="utf-8")) or {}
    seen: set[tuple[str, str]] = set()
    for path, item in (doc.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if method in _METHODS and isinstance(op, dict):
                seen.add((path, str(op.get("x-shulorch-action", method))))
    return len(seen)


def rules_of(model: Path) -> int:
    match = _RULES_BLOCK.search(model.read_text(encoding="utf-8"))
    if match is None:
        return 0
    return sum(
        len([r for r in m.group("rules").split("|") if r]) for m in _RULE_VALUE.finditer(match["body"])
    )


def count_module(module: Path) -> CodegenStats:
    files = files_of(module)
    lines = 0
    for path in files.values():
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
    php = [p for rel, p in files.items() if rel.endswith(".php")]
    fragment = module / FRAGMENT
    return CodegenStats(
        modules=1,
        endpoints=endpoints_of(fragment) if fragment.is_file() else 0,
        controllers=sum(1 for p in php if p.parent.name == "Controllers"),
        services=sum(1 for p in php if p.parent.name == "Services" and p.stem.endswith("Service")),
        repositories=sum(1 for p in php if p.parent.name == "Repositories" and p.stem.endswith("Repository")),
        validation_rules=sum(rules_of(p) for p in php if p.parent.name == "Models"),
        files=len(files),
        lines=lines,
    )


def total(parts: list[CodegenStats]) -> CodegenStats:
    sums = {key: sum(getattr(p, key) for p in parts) for key in asdict(CodegenStats())}
    return CodegenStats(**sums)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Count the generated modules under ``with.app`` (default ".")."""
    layout = AppLayout.from_args(ctx, args)
    per_module = {m.name: count_module(m) for m in layout.generated_modules()}
    stats = total(list(per_module.values()))
    metrics: dict[str, Any] = asdict(stats)
    metrics["per_module"] = {name: asdict(s) for name, s in per_module.items()}
    return ActionResult(
        summary=(
            f"{stats.modules} modules, {stats.endpoints} endpoints, {stats.controllers} controllers, "
            f"{stats.files} files, {stats.lines} lines"
        ),
        metrics=metrics,
    )
