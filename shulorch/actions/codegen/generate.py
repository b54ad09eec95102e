"""Action ``codegen.generate``: one module spec -> one module folder, created or updated by three-way merge.

First generation renders the template and writes every file. Later generations render the template
revision and answers recorded in the module's answers file (the base), render the current template
with the current spec, and merge both into the files on disk, keeping the developer's edits. A
conflict stops the task, names the files and writes nothing. When neither the template content nor
the answers changed, nothing is rendered (and copier is not imported).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.codegen import answers as answers_file
from shulorch.actions.codegen import mirror
from shulorch.actions.codegen.merge import apply_plan, plan_merge
from shulorch.actions.codegen.render import ANSWERS_FILE, ENGINES, render
from shulorch.actions.codegen.spec import load_spec
from shulorch.errors import ActionError, PipelineError
from shulorch.fsutil import write_atomic


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateOptions:
    spec: Path
    template: Path
    dest: Path  # folder holding the modules (app/Modules); the module goes to dest/<module>
    engine: str
    trusted: bool

    @classmethod
    def from_args(cls, ctx: ActionContext, args: Mapping[str, Any]) -> GenerateOptions:
        where = ctx.task
        if "spec" not in args:
            raise ActionError(f"{where}: codegen.generate needs `with: spec: <path to the module spec>`")
        engine = str(args.get("engine", "copier"))
        if engine not in ENGINES:
            raise ActionError(f"{where}: with.engine {engine!r} must be one of {', '.join(ENGINES)}")
        spec = ctx.path(str(args["spec"]))
        default_dest = spec.parent.parent / "app" / "Modules"
        template = ctx.path(str(args.get("template", "generators/ci4-module")))
        trusted = args.get("trusted", False)
        if not isinstance(trusted, bool):
            raise ActionError(f"{where}: with.trusted must be true or false, not {trusted!r}")
        if not template.is_dir():
            raise ActionError(f"{where}: template folder {template} not found; fix with.template")
        return cls(
            spec=spec,
            template=template,
            dest=ctx.path(str(args.get("dest", default_dest))),
            engine=engine,
            trusted=trusted,
        )


def _label(ctx: ActionContext, path: Path) -> str:
    try:
        return path.relative_to(ctx.project_dir).as_posix()
    except ValueError:
        return str(path)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Generate or update the module described by ``with.spec``."""
    started = time.monotonic()
    opts = GenerateOptions.from_args(ctx, args)
    try:
        spec = load_spec(opts.spec, _label(ctx, opts.spec))
    except PipelineError as err:
        raise ActionError("\n".join(err.problems)) from err
    module_dir = opts.dest / spec.module
    answers_name = ANSWERS_FILE[opts.engine]
    previous = answers_file.read(module_dir / answers_name, ctx.task)
    stamp = str(previous.get("migration_timestamp") or time.strftime("%Y-%m-%d-%H%M%S", time.gmtime()))
    data = spec.template_data(stamp)
    revision = mirror.snapshot(ctx, opts.template)
    src_label = _label(ctx, opts.template)
    metrics: dict[str, Any] = {"module": spec.module, "endpoints": spec.endpoint_count, "engine": opts.engine}

    if previous and previous.get("_commit") == revision.commit and answers_file.data_of(previous) == data:
        ctx.log.info(f"{spec.module}: template and spec unchanged since the last generation; nothing to do")
        metrics.update(status="unchanged", files_written=0, files_merged=0, files_removed=0, conflicts=0)
        metrics["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
        return ActionResult(summary=f"{spec.module}: unchanged", metrics=metrics)

    where = f"{ctx.task} ({_label(ctx, opts.spec)})"
    with tempfile.TemporaryDirectory(prefix="shulorch-codegen-", dir=_scratch()) as tmp:
        new_root = render(
            engine=opts.engine,
            template=opts.template,
            out=Path(tmp, "new"),
            data=data,
            trusted=opts.trusted,
            where=where,
        )
        base_root = (
            _render_base(ctx, opts, previous, revision, Path(tmp, "base"), where) if previous else None
        )
        plan = plan_merge(ctx, dest=module_dir, base=base_root, new=new_root, skip=frozenset({answers_name}))
        if plan.conflicts:
            raise ActionError(
                f"{where}: regenerating {_label(ctx, module_dir)} conflicts with edits made there; "
                "nothing was written. Resolve by hand (or move the edit), then rebuild:\n  "
                + "\n  ".join(plan.conflicts)
            )
        changed = list(apply_plan(module_dir, plan))
        # The answers file goes last: after a crash the next run merges again from the old base.
        new_answers = answers_file.compose(data, commit=revision.commit, src_path=src_label)
        write_atomic(module_dir / answers_name, answers_file.dump(new_answers, opts.engine))
    for line in plan.kept:
        ctx.log.warning(f"{spec.module}: {line}")
    status = "updated" if previous else "created"
    ctx.log.info(f"{spec.module}: {status}, {len(changed)} file(s) written ({plan.count('merged')} merged)")
    metrics.update(
        status=status,
        files_written=plan.count("new") + plan.count("template") + plan.count("merged"),
        files_merged=plan.count("merged"),
        files_removed=plan.count("removed"),
        conflicts=0,
    )
    metrics["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    artifacts = tuple(_label(ctx, module_dir / p) for p in changed)
    return ActionResult(
        summary=f"{spec.module}: {status} ({len(changed)} files)", metrics=metrics, artifacts=artifacts
    )


def _scratch() -> str | None:
    """A RAM-backed folder for the throw-away renders when the machine has one (much faster mkdir/rmdir)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _render_base(
    ctx: ActionContext,
    opts: GenerateOptions,
    previous: Mapping[str, Any],
    revision: mirror.TemplateRevision,
    out: Path,
    where: str,
) -> Path:
    """Render what the last generation produced: its template revision with its answers."""
    commit = str(previous.get("_commit") or "")
    if not commit:
        raise ActionError(
            f"{where}: the answers file of this module has no _commit, so its last generation cannot be "
            "rebuilt for the merge; commit your edits, delete the answers file and rebuild to regenerate"
        )
    if not mirror.has_commit(ctx, revision.mirror, commit) and not mirror.restore_from_history(
        ctx, opts.template, revision.mirror, commit
    ):
        raise ActionError(
            f"{where}: template revision {commit[:12]} that generated this module is neither in "
            f"{_label(ctx, revision.mirror)} nor in the project's git history of "
            f"{_label(ctx, opts.template)}; "
            "check out that template version once and rebuild, or delete the answers file to regenerate"
        )
    if opts.engine == "copier":
        return render(
            engine="copier",
            template=revision.mirror,
            out=out,
            data=answers_file.data_of(previous),
            trusted=opts.trusted,
            vcs_ref=commit,
            where=where,
        )
    with tempfile.TemporaryDirectory(prefix="shulorch-tpl-") as checkout:
        # A private index: the mirror's own index belongs to snapshot(), which may run in parallel.
        index = Path(checkout).with_suffix(".index")
        env = {**ctx.env, "GIT_INDEX_FILE": str(index)}
        argv = ["git", "--work-tree", checkout, "checkout", commit, "--", "."]
        ctx.run(argv, cwd=revision.mirror, env=env, check=True)
        index.unlink(missing_ok=True)
        return render(
            engine=opts.engine,
            template=Path(checkout),
            out=out,
            data=answers_file.data_of(previous),
            trusted=opts.trusted,
            where=where,
        )
