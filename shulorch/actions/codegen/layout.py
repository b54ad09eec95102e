"""Where things are in a CodeIgniter 4 app, as the codegen actions see it (paths only, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext
from shulorch.actions.codegen.render import ANSWERS_FILE


@dataclass(frozen=True, slots=True, kw_only=True)
class AppLayout:
    """An app root and the folders/files the codegen actions read or write inside it."""

    root: Path
    modules: Path
    autoload: Path
    openapi: Path

    @classmethod
    def from_args(cls, ctx: ActionContext, args: Mapping[str, Any]) -> AppLayout:
        root = ctx.path(str(args.get("app", ".")))
        return cls(
            root=root,
            modules=_under(ctx, root, args.get("modules"), "app/Modules"),
            autoload=_under(ctx, root, args.get("autoload"), "app/Config/Autoload.php"),
            openapi=_under(ctx, root, args.get("openapi"), "docs/openapi.yaml"),
        )

    def generated_modules(self) -> tuple[Path, ...]:
        """Module folders holding an answers file (generated ones), sorted by name."""
        if not self.modules.is_dir():
            return ()
        return tuple(
            d
            for d in sorted(self.modules.iterdir())
            if d.is_dir() and any((d / name).is_file() for name in ANSWERS_FILE.values())
        )

    def all_modules(self) -> tuple[Path, ...]:
        if not self.modules.is_dir():
            return ()
        return tuple(d for d in sorted(self.modules.iterdir()) if d.is_dir() and not d.name.startswith("."))


def _under(ctx: ActionContext, root: Path, given: Any, default: str) -> Path:
    # Explicit paths are relative to the task's folder, like every other path argument.
    return ctx.path(str(given)) if given else root / default
