"""Action ``codegen.openapi``: merge the generated modules' OpenAPI fragments into docs/openapi.yaml.

Generated paths and components carry ``x-shulorch-module: <Module>``; everything without that mark
is hand-written and kept as it is (comments included, through ruamel's round-trip mode). A fragment
that would replace a hand-written path or component stops the task.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.codegen.layout import AppLayout
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

FRAGMENT = "openapi.fragment.yaml"
MARK = "x-shulorch-module"
_SECTIONS = (("paths",), ("components", "responses"), ("components", "schemas"))
_SKELETON = "openapi: 3.0.3\ninfo:\n  title: API\n  version: 1.0.0\npaths: {}\n"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True  # hand-written parts keep their exact spelling
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 120
    return yaml


def _section(doc: Any, keys: tuple[str, ...], create: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = doc
    for key in keys:
        if not isinstance(node.get(key), dict):
            if not create:
                return None
            node[key] = CommentedMap()
        node = node[key]
    return node


def merge_fragments(doc: Any, fragments: Mapping[str, Any], where: str) -> dict[str, int]:
    """Replace every generated entry of ``doc`` by the current fragments (module name -> fragment)."""
    counts = {"paths": 0, "operations": 0, "removed": 0}
    for keys in _SECTIONS:
        section = _section(doc, keys, create=True)
        stale = [k for k, v in section.items() if isinstance(v, dict) and MARK in v]
        for key in stale:
            del section[key]
            counts["removed"] += 1
        for module, fragment in sorted(fragments.items()):
            for key, value in (_section(fragment, keys, create=False) or {}).items():
                if key in section:
                    owner = section[key].get(MARK) if isinstance(section[key], dict) else None
                    raise ActionError(
                        f"{where}: {'.'.join(keys)}.{key} of module {module} is already defined "
                        f"{'by module ' + str(owner) if owner else 'by hand'}; rename the resource or "
                        "remove the hand-written entry"
                    )
                value[MARK] = module
                section[key] = value
                if keys == ("paths",):
                    counts["paths"] += 1
                    counts["operations"] += sum(
                        1 for m in value if m in {"get", "put", "post", "delete", "patch", "head", "options"}
                    )
    return counts


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Merge ``<modules>/*/openapi.fragment.yaml`` into ``with.openapi`` (default docs/openapi.yaml)."""
    layout = AppLayout.from_args(ctx, args)
    yaml = _yaml()
    where = f"{ctx.task}: {layout.openapi}"
    fragments: dict[str, Any] = {}
    for module in layout.generated_modules():
        path = module / FRAGMENT
        if path.is_file():
            fragments[module.name] = _load(yaml, path, f"{ctx.task}: {path}")
    original = layout.openapi.read_text(encoding="utf-8") if layout.openapi.is_file() else _SKELETON
    doc = _load_text(yaml, original, where)
    counts = merge_fragments(doc, fragments, where)
    out = io.StringIO()
    yaml.dump(doc, out)
    changed = out.getvalue() != original
    if changed:
        write_atomic(layout.openapi, out.getvalue())
        ctx.log.info(f"{layout.openapi.name}: merged {len(fragments)} fragment(s), {counts['paths']} path(s)")
    return ActionResult(
        summary=f"{counts['operations']} generated operation(s) in {counts['paths']} path(s)"
        + ("" if changed else " (unchanged)"),
        metrics={"fragments": len(fragments), "paths": counts["paths"], "operations": counts["operations"]},
        artifacts=(str(layout.openapi),) if changed else (),
    )


def _load(yaml: Any, path: Path, where: str) -> Any:
    return _load_text(yaml, path.read_text(encoding="utf-8"), where)


def _load_text(yaml: Any, text: str, where: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        doc = yaml.load(text)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ActionError(
            f"{where}{line}: invalid YAML ({getattr(err, 'problem', err)}); fix the file"
        ) from err
    if not isinstance(doc, dict):
        raise ActionError(f"{where}: expected a mapping at the top; fix the file")
    return doc
