"""``security.scan``: committed secrets (private keys, literal passwords and tokens, ``.env`` files)
and calls that run code or commands, each a finding with file:line and severity."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.quality.common import (
    DEFAULT_EXCLUDES,
    as_list,
    check_args,
    collect_files,
    fail_on,
    find_tool,
    finish,
    is_excluded,
)
from shulorch.actions.quality.findings import Finding, Severity
from shulorch.errors import ActionError

ARGS = ("paths", "exclude", "env_allow", "source", "php", "fail_on")
DEFAULT_ENV_ALLOW = (".env.example", ".env.dist", ".env.sample", ".env.testing.example")
MAX_BYTES = 1_000_000
CONFIG_SUFFIXES = (
    ".php",
    ".ini",
    ".yml",
    ".yaml",
    ".json",
    ".xml",
    ".neon",
    ".conf",
    ".cfg",
    ".toml",
    ".env",
)
CALLS_SCRIPT = Path(__file__).with_name("calls.php")

_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
# The secret word must end the name ($db_password, apiKey, 'SMTPPass'), so $tokenName is not a secret.
_SECRET_NAME = (
    r"[\w.\-]*?(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key"
    r"|encryption[_\-]?key|smtp[_\-]?pass)"
)
_QUOTED_SECRET = re.compile(
    rf"(?i)(?<![\w.\-])\$?['\"]?(?P<name>{_SECRET_NAME})['\"]?\s*(?:=>|=|:|,)\s*['\"](?P<value>[^'\"\n]+)['\"]"
)
_ENV_SECRET = re.compile(rf"(?im)^\s*(?:export\s+)?(?P<name>{_SECRET_NAME})\s*=\s*(?P<value>[^\s#]+)")
# Values that name something rather than being a secret: variables, templates, validation rules.
_NOT_A_SECRET = re.compile(r"^(?:[$%<]|\{\{|\$\{)|[\s|]")
_RULE_WORDS = re.compile(
    r"^(?:required|permit_empty|string|valid_email|alpha_numeric\w*|(?:min|max)_length\[\d+\])$"
)
_REQUEST_DATA = re.compile(
    r"\$_(?:GET|POST|REQUEST|COOKIE|FILES|SERVER)\b|->(?:getPost|getGet|getVar|getJSON|getJsonVar|getRawInput"
    r"|getRawInputVar|getBody|getCookie|getPostGet|getGetPost|getHeaderLine)\b|\$request\b|->request\b"
)


def scan_text(rel: str, text: str) -> tuple[Finding, ...]:
    """Secret findings of one file's text (pure: tested as a table)."""
    found: list[Finding] = []
    for match in _PRIVATE_KEY.finditer(text):
        found.append(
            _finding(
                rel,
                text,
                match.start(),
                "private-key",
                "private key committed; remove it from the repository (and its history) and rotate it",
            )
        )
    name = Path(rel).name
    is_env = name == ".env" or name.startswith(".env.")
    if Path(rel).suffix in CONFIG_SUFFIXES or is_env:
        pattern = _ENV_SECRET if is_env else _QUOTED_SECRET
        for match in pattern.finditer(text):
            value = match.group("value")
            if _NOT_A_SECRET.search(value) or _RULE_WORDS.match(value):
                continue
            found.append(
                _finding(
                    rel,
                    text,
                    match.start("name"),
                    "hardcoded-secret",
                    f"{match.group('name')} is assigned a literal value; read it from the "
                    f"environment (env()/getenv) instead",
                )
            )
    return tuple(found)


def env_file_finding(rel: str, allow: Iterable[str]) -> Finding | None:
    name = Path(rel).name
    if (name == ".env" or name.startswith(".env.")) and name not in set(allow):
        return Finding(
            tool="security",
            file=rel,
            line=0,
            severity=Severity.ERROR,
            rule="env-file",
            message=f"{name} is in the tree; remove it and list it in .gitignore (only .env.example "
            f"belongs in the repository)",
        )
    return None


def call_finding(rel: str, line: int, call: str, call_args: str) -> Finding:
    if call == "unserialize":
        if _REQUEST_DATA.search(call_args):
            return Finding(
                tool="security",
                file=rel,
                line=line,
                severity=Severity.ERROR,
                rule="unserialize-input",
                message=f"unserialize{call_args} of request data allows object injection; use json_decode",
            )
        return Finding(
            tool="security",
            file=rel,
            line=line,
            severity=Severity.WARNING,
            rule="unserialize",
            message="unserialize() of data not shown to be trusted; prefer json_decode",
        )
    shown = "backtick operator" if call == "backtick" else f"{call}()"
    return Finding(
        tool="security",
        file=rel,
        line=line,
        severity=Severity.ERROR,
        rule=f"dangerous-call.{call}",
        message=f"{shown} runs code or shell commands; remove it or justify it with an exclude",
    )


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    check_args(ctx, args, ARGS)
    policy = fail_on(ctx, args)
    exclude = as_list(args.get("exclude"), DEFAULT_EXCLUDES)
    files = _files(ctx, as_list(args.get("paths"), (".",)), exclude, str(args.get("source", "auto")))
    allow = as_list(args.get("env_allow"), DEFAULT_ENV_ALLOW)
    findings: list[Finding] = []
    for rel in files:
        env = env_file_finding(rel, allow)
        if env is not None:
            findings.append(env)
        text = _read_text(ctx.cwd / rel)
        if text is not None:
            findings.extend(scan_text(rel, text))
    php_files = [f for f in files if f.endswith(".php")]
    calls_status = "passed"
    php = find_tool(ctx, "php", args.get("php"))
    if php is None:
        calls_status = "not run: php not installed"
        ctx.log.warning(f"{ctx.task}: dangerous-call scan not run: php not installed")
    elif php_files:
        findings.extend(_scan_calls(ctx, php, php_files))
    findings.sort(key=lambda f: (f.file, f.line, f.rule))
    return finish(
        ctx,
        tool="security",
        findings=findings,
        files_checked=len(files),
        policy=policy,
        extra={"checks": {"secrets": "measured", "calls": calls_status}, "php_files": len(php_files)},
        what="security finding(s)",
    )


def _files(
    ctx: ActionContext, paths: tuple[str, ...], exclude: tuple[str, ...], source: str
) -> tuple[str, ...]:
    if source not in ("auto", "git", "tree"):
        raise ActionError(f"{ctx.task}: with: source must be auto, git or tree, got {source!r}")
    if source != "tree" and find_tool(ctx, "git") is not None:
        inside = ctx.run(["git", "rev-parse", "--is-inside-work-tree"])
        if inside.ok and inside.stdout.strip() == "true":
            # What is committed or would be: tracked files and untracked ones git does not ignore.
            listed = ctx.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths],
                check=True,
            )
            names = sorted({n for n in listed.stdout.split("\0") if n and (ctx.cwd / n).is_file()})
            return tuple(n for n in names if not is_excluded(n, exclude))
    if source == "git":
        raise ActionError(
            f"{ctx.task}: source: git but {ctx.cwd} is not in a git work tree (or git is missing)"
        )
    return collect_files(ctx.cwd, paths, exclude, suffixes=None)


def _read_text(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    if b"\0" in raw[:8192]:
        return None  # binary
    return raw.decode("utf-8", errors="replace")


def _scan_calls(ctx: ActionContext, php: str, files: list[str]) -> list[Finding]:
    result = ctx.run([php, str(CALLS_SCRIPT)], stdin="\n".join(files) + "\n")
    try:
        calls = json.loads(result.stdout)
    except json.JSONDecodeError as err:
        raise ActionError(
            f"{ctx.task}: the dangerous-call scanner failed (exit {result.returncode}):\n{result.tail()}"
        ) from err
    return [call_finding(c["file"], int(c["line"]), c["call"], c.get("args", "")) for c in calls]


def _finding(rel: str, text: str, offset: int, rule: str, message: str) -> Finding:
    return Finding(
        tool="security",
        file=rel,
        line=text.count("\n", 0, offset) + 1,
        severity=Severity.ERROR,
        rule=rule,
        message=message,
    )
