"""What ``shulorch templates list`` and ``shulorch new module`` need: template discovery, starter specs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from shulorch.actions.codegen.model import plural, snake
from shulorch.errors import UsageError


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateInfo:
    name: str
    engine: str  # "copier" or "cookiecutter"
    path: Path
    description: str


def _copier_description(config: Path) -> str:
    text = config.read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    if isinstance(loaded, dict) and loaded.get("_description"):
        return str(loaded["_description"])
    first = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), "")
    return first or "copier template"


def list_templates(root: Path) -> tuple[TemplateInfo, ...]:
    """Every copier (copier.yml) or cookiecutter (cookiecutter.json) template directly under ``root``."""
    found: list[TemplateInfo] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else ():
        for config in ("copier.yml", "copier.yaml"):
            if (folder / config).is_file():
                found.append(
                    TemplateInfo(
                        name=folder.name,
                        engine="copier",
                        path=folder,
                        description=_copier_description(folder / config),
                    )
                )
                break
        else:
            if (folder / "cookiecutter.json").is_file():
                data = json.loads((folder / "cookiecutter.json").read_text(encoding="utf-8"))
                found.append(
                    TemplateInfo(
                        name=folder.name,
                        engine="cookiecutter",
                        path=folder,
                        description=str(data.get("_description", "cookiecutter template")),
                    )
                )
    return tuple(found)


def module_name(raw: str) -> str:
    """``fee-payments`` / ``fee_payments`` / ``FeePayments`` -> ``FeePayments`` (checked like the schema)."""
    name = "".join(p[:1].upper() + p[1:] for p in re.split(r"[-_\s]+", raw.strip()) if p)
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]{1,39}", name):
        raise UsageError(f"module name {raw!r}: use letters and digits, 2-40 characters (e.g. Transport)")
    return name


def starter_spec(name: str) -> str:
    """A small valid spec to edit: one entity with two fields and all five REST endpoints."""
    entity = name[:-1] if name.endswith("s") and len(name) > 3 else f"{name}Item"
    table = plural(snake(entity))
    return (
        f"# {name}: starter spec written by `shulorch new module`; edit it and run the codegen phase.\n"
        f"# Reference: schema/module-spec.schema.json and docs/howto-new-module.md\n"
        f"module: {name}\n"
        f"description: {name} module\n"
        f"entities:\n"
        f"  - name: {entity}\n"
        f"    table: {table}\n"
        f"    fields:\n"
        f"      name: {{type: string, required: true, max_length: 120}}\n"
        f"      notes: {{type: text}}\n"
    )
