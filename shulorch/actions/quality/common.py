"""What every quality action shares: reading ``with:`` arguments, finding tools and PHP files,
writing the JSON artefact, and turning findings into metrics, a summary or a failure."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.findings import FINDINGS_CAP, Finding, Severity, Status, count_by_severity
from shulorch.errors import ActionError
from shulorch.fsutil import write_json_atomic

DEFAULT_EXCLUDES = ("vendor/**", "node_modules/**", "writable/**", ".git/**", ".shulorch/**", "build/**")
FAIL_ON = ("error", "warning", "never")


class QualityFailure(ActionError):
    """A quality task failed; ``metrics`` holds what it measured so the run record can keep it."""

    def __init__(self, message: str, metrics: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.metrics = dict(metrics)


def check_args(ctx: ActionContext, args: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse unknown ``with:`` keys: a typo would otherwise silently fall back to a default."""
    known = set(allowed)
    unknown = sorted(set(args) - known)
    if unknown:
        raise ActionError(
            f"{ctx.task}: unknown with: argument(s) {', '.join(unknown)}; "
            f"expected some of {', '.join(sorted(known))}"
        )


def as_list(value: Any, default: Sequence[str] = ()) -> tuple[str, ...]:
    if value is None:
        return tuple(default)
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def as_bool(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def as_number(ctx: ActionContext, args: Mapping[str, Any], key: str, default: float) -> float:
    value = args.get(key, default)
    try:
        return float(value)
    except (TypeError, ValueError) as err:
        raise ActionError(f"{ctx.task}: with: {key} must be a number, got {value!r}") from err


def fail_on(ctx: ActionContext, args: Mapping[str, Any], default: str = "error") -> str:
    value = str(args.get("fail_on", default))
    if value not in FAIL_ON:
        raise ActionError(f"{ctx.task}: with: fail_on must be one of {', '.join(FAIL_ON)}, got {value!r}")
    return value


def find_tool(ctx: ActionContext, name: str, explicit: Any = None) -> str | None:
    """The project's ``vendor/bin/<name>`` first, then ``<name>`` on the task's PATH."""
    if explicit:
        found = shutil.which(str(explicit), path=ctx.env.get("PATH")) or (
            str(ctx.path(str(explicit))) if ctx.path(str(explicit)).is_file() else None
        )
        if found is None:
            raise ActionError(f"{ctx.task}: {explicit} not found; fix with: bin or install it")
        return found
    vendored = ctx.cwd / "vendor" / "bin" / name
    if vendored.is_file():
        return str(vendored)
    return shutil.which(name, path=ctx.env.get("PATH"))


def is_excluded(rel: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        bare = pattern.rstrip("/").removesuffix("/**")
        if fnmatch.fnmatch(rel, pattern) or rel == bare or fnmatch.fnmatch(rel, bare + "/*"):
            return True
    return False


def collect_files(
    root: Path, patterns: Iterable[str], exclude: Iterable[str], suffixes: Sequence[str] | None = (".php",)
) -> tuple[str, ...]:
    """Files (relative posix paths, sorted) named by ``patterns``: files, folders or globs;
    ``suffixes=None`` keeps every file."""
    exclude = tuple(exclude)
    found: set[str] = set()
    for pattern in patterns:
        target = root / pattern
        if any(ch in pattern for ch in "*?["):
            candidates: Iterable[Path] = root.glob(pattern)
        elif target.is_dir():
            candidates = _walk(root, target, exclude)
        elif target.is_file():
            candidates = (target,)
        else:
            continue
        for path in candidates:
            rel = path.relative_to(root).as_posix()
            if (
                path.is_file()
                and (suffixes is None or path.suffix in suffixes)
                and not is_excluded(rel, exclude)
            ):
                found.add(rel)
    return tuple(sorted(found))


def _walk(root: Path, top: Path, exclude: tuple[str, ...]) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        # Prune excluded folders so vendor/ with its thousands of files is never even listed.
        dirnames[:] = [
            d for d in dirnames if not is_excluded((here / d).relative_to(root).as_posix(), exclude)
        ]
        for name in filenames:
            yield here / name


def artefact_path(ctx: ActionContext, tool: str, suffix: str = "json") -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", ctx.task).strip("_") or "task"
    return ctx.report_dir / "quality" / f"{slug}.{tool}.{suffix}"


def finding_metrics(
    tool: str, status: Status, findings: Sequence[Finding], files_checked: int, **extra: Any
) -> dict[str, Any]:
    return {
        "tool": tool,
        "status": status.value,
        "findings": [f.as_dict() for f in findings[:FINDINGS_CAP]],
        "findings_total": len(findings),
        "counts": count_by_severity(findings),
        "files_checked": files_checked,
        **extra,
    }


def breaches(findings: Sequence[Finding], policy: str) -> tuple[Finding, ...]:
    if policy == "never":
        return ()
    levels = {Severity.ERROR} if policy == "error" else {Severity.ERROR, Severity.WARNING}
    return tuple(f for f in findings if f.severity in levels)


def finish(
    ctx: ActionContext,
    *,
    tool: str,
    findings: Sequence[Finding],
    files_checked: int,
    policy: str,
    artifacts: Sequence[Path] = (),
    extra: Mapping[str, Any] | None = None,
    what: str = "findings",
) -> ActionResult:
    """Write the artefact, then return the result or raise :class:`QualityFailure` per ``policy``."""
    failing = breaches(findings, policy)
    has_errors = any(f.severity is Severity.ERROR for f in findings)
    status = Status.FAILED if failing or has_errors else Status.PASSED
    artefact = artefact_path(ctx, tool)
    metrics = finding_metrics(tool, status, findings, files_checked, artefact=str(artefact), **(extra or {}))
    write_json_atomic(artefact, {**metrics, "findings": [f.as_dict() for f in findings]})
    counts = metrics["counts"]
    summary = (
        f"{tool}: {files_checked} file(s), {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info"
    )
    if failing:
        shown = "\n".join(f"  {f.describe()}" for f in failing[:20])
        more = f"\n  ... and {len(failing) - 20} more" if len(failing) > 20 else ""
        raise QualityFailure(
            f"{ctx.task}: {tool} reported {len(failing)} {what} at or above {policy} severity:\n"
            f"{shown}{more}\n"
            f"Fix them (all findings: {artefact}), or set with: fail_on: never to leave it to quality.gate",
            metrics,
        )
    for finding in [f for f in findings if f.severity is not Severity.INFO][:20]:
        ctx.log.warning(finding.describe())
    return ActionResult(summary=summary, metrics=metrics, artifacts=(str(artefact), *map(str, artifacts)))


def not_run(ctx: ActionContext, *, tool: str, reason: str) -> ActionResult:
    """A tool that is not installed: say so, and never report it as passed."""
    artefact = artefact_path(ctx, tool)
    metrics = finding_metrics(tool, Status.NOT_RUN, (), 0, reason=reason, artefact=str(artefact))
    write_json_atomic(artefact, metrics)
    ctx.log.warning(f"{ctx.task}: not run: {reason}")
    return ActionResult(summary=f"not run: {reason}", metrics=metrics, artifacts=(str(artefact),))
