"""Action ``codegen.autoload``: register every generated module's namespace in Config\\Autoload::$psr4.

CI4 discovers a module's Config/Routes.php only for namespaces listed in $psr4, so a module that is
not registered answers 404 on every route. Entries live between the ``// shulorch:modules:start`` and
``// shulorch:modules:end`` markers; hand-written entries there are kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.codegen import answers as answers_file
from shulorch.actions.codegen.layout import AppLayout
from shulorch.actions.codegen.render import ANSWERS_FILE
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

START, END = "// shulorch:modules:start", "// shulorch:modules:end"
_ENTRY = re.compile(r"^\s*'(?P<ns>[^']+)'\s*=>")


def entry_line(namespace: str, folder: str, indent: str) -> str:
    return f"{indent}'{namespace}' => APPPATH . 'Modules/{folder}',"


def _sort_key(line: str) -> str:
    match = _ENTRY.match(line)
    return match.group("ns") if match else line.strip()


def merge_entries(text: str, wanted: Mapping[str, str], where: str) -> tuple[str, tuple[str, ...]]:
    """Add the missing ``namespace -> folder`` entries between the markers; return text and added names."""
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == START)
        end = next(i for i, line in enumerate(lines) if line.strip() == END and i > start)
    except StopIteration:
        raise ActionError(
            f"{where}: no `{START}` ... `{END}` block found; add both marker comments inside $psr4"
        ) from None
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    block = [line.rstrip("\n") for line in lines[start + 1 : end] if line.strip()]
    present = {m.group("ns") for line in block if (m := _ENTRY.match(line))}
    added = tuple(ns for ns in sorted(wanted) if ns not in present)
    if not added:
        return text, ()
    block += [entry_line(ns, wanted[ns], indent) for ns in added]
    # Sorted by namespace so parallel generations give one stable file.
    block.sort(key=_sort_key)
    new_lines = [*lines[: start + 1], *(line + "\n" for line in block), *lines[end:]]
    return "".join(new_lines), added


def _namespace(module: Path, where: str) -> str:
    for name in ANSWERS_FILE.values():
        found = answers_file.read(module / name, where)
        if found:
            return str(found.get("namespace") or f"App\\Modules\\{module.name}")
    return f"App\\Modules\\{module.name}"


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Register the generated modules under ``with.app`` (default ".") in its Autoload.php."""
    layout = AppLayout.from_args(ctx, args)
    where = f"{ctx.task}: {layout.autoload}"
    if not layout.autoload.is_file():
        raise ActionError(f"{where}: file not found; point with.autoload (or with.app) at the CI4 app")
    wanted = {_namespace(m, ctx.task): m.name for m in layout.generated_modules()}
    text = layout.autoload.read_text(encoding="utf-8")
    new_text, added = merge_entries(text, wanted, where)
    if added:
        write_atomic(layout.autoload, new_text)
        ctx.log.info(f"Autoload.php: registered {', '.join(added)}")
    registered = sum(1 for line in new_text.splitlines() if _ENTRY.match(line) and "Modules/" in line)
    return ActionResult(
        summary=f"{len(added)} namespace(s) added, {registered} module(s) registered",
        metrics={"modules_registered": registered, "namespaces_added": len(added)},
        artifacts=(str(Path(layout.autoload)),) if added else (),
    )
