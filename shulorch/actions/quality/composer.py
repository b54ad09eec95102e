"""``composer.validate``: ``composer validate --strict`` parsed into findings; "not run" when
composer is not installed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    artefact_path,
    as_bool,
    check_args,
    fail_on,
    find_tool,
    finish,
    not_run,
)
from shulorch.actions.quality.findings import Finding, Severity
from shulorch.actions.quality.parsers import read_composer_validate
from shulorch.errors import ActionError
from shulorch.fsutil import write_atomic

ARGS = ("file", "strict", "check_lock", "publish", "bin", "fail_on")


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    policy = fail_on(ctx, args)
    composer = find_tool(ctx, "composer", args.get("bin"))
    if composer is None:
        return not_run(ctx, tool="composer", reason="composer not installed")
    file = str(args.get("file", "composer.json"))
    if not ctx.path(file).is_file():
        raise ActionError(f"{ctx.task}: {ctx.path(file)} does not exist; fix with: file")
    strict = as_bool(args.get("strict"), True)
    argv = [composer, "validate", "--no-interaction", "--no-ansi"]
    if strict:
        argv.append("--strict")
    if not as_bool(args.get("check_lock"), False):
        argv.append("--no-check-lock")  # an application may ship without composer.lock until it installs
    if not as_bool(args.get("publish"), False):
        argv.append("--no-check-publish")  # an application is not a package on Packagist
    argv.append(file)
    # composer refuses to run as root without this; CI runs as root, and validate changes nothing.
    env = {**ctx.env, "COMPOSER_ALLOW_SUPERUSER": "1", "COMPOSER_NO_INTERACTION": "1"}
    result = ctx.run(argv, env=env)
    output = result.stdout + "\n" + result.stderr
    raw = artefact_path(ctx, "composer-validate", "txt")
    write_atomic(raw, output)
    findings = list(read_composer_validate(output, file=file, strict=strict))
    if not result.ok and not any(f.severity is Severity.ERROR for f in findings):
        findings.append(
            Finding(
                tool="composer",
                file=file,
                line=0,
                severity=Severity.ERROR,
                rule="validate",
                message=f"composer validate exited {result.returncode}: {result.tail(5)}",
            )
        )
    return finish(
        ctx,
        tool="composer",
        findings=findings,
        files_checked=1,
        policy=policy,
        artifacts=(raw,),
        extra={"strict": strict, "exit_code": result.returncode},
        what="composer.json problem(s)",
    )
