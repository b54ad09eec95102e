"""A registered action for the core tests (wired in by the ``fake_actions`` fixture): it appends its
task name to ran.log, writes ``with: {path, text}`` and reports what it measured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.errors import ActionError


def write(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    if args.get("fail"):
        raise ActionError(f"{ctx.task}: asked to fail by `with: fail`; remove it to succeed")
    with ctx.path("ran.log").open("a", encoding="utf-8") as log:
        log.write(ctx.task + "\n")
    target = ctx.path(str(args["path"]))
    target.write_text(str(args["text"]), encoding="utf-8")
    ctx.log.info(f"{ctx.task}: wrote {target.name}")
    return ActionResult(
        summary=f"wrote {len(str(args['text']))} characters",
        metrics={"chars": len(str(args["text"]))},
        artifacts=(str(target),),
    )
