"""One finding model for every quality tool, and the readers of the two standard report formats
(checkstyle XML and SARIF). Tool-specific JSON formats live in :mod:`.parsers`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from defusedxml import ElementTree

FINDINGS_CAP = 200  # run.json must stay small; the artefact keeps every finding


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"


# Every spelling the tools use, folded onto our three levels.
_SEVERITY_WORDS: Mapping[str, Severity] = {
    "error": Severity.ERROR,
    "fatal": Severity.ERROR,
    "failure": Severity.ERROR,
    "critical": Severity.ERROR,
    "high": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "medium": Severity.WARNING,
    "info": Severity.INFO,
    "note": Severity.INFO,
    "notice": Severity.INFO,
    "none": Severity.INFO,
    "low": Severity.INFO,
}


def severity_of(word: str | None, default: Severity = Severity.WARNING) -> Severity:
    """Map a tool's severity word onto ours; unknown words get ``default``."""
    return _SEVERITY_WORDS.get((word or "").strip().lower(), default)


def severity_of_priority(priority: int) -> Severity:
    """phpmd priorities: 1 is a defect, 2-3 are worth fixing, 4-5 are taste."""
    if priority <= 1:
        return Severity.ERROR
    return Severity.WARNING if priority <= 3 else Severity.INFO


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem a tool reported at a place in the code."""

    tool: str
    file: str
    line: int
    severity: Severity
    rule: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def describe(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.location}: {self.severity.value}: {self.message}{rule}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "file": self.file,
            "line": self.line,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


def relative_path(name: str, base: Path | None) -> str:
    """Show paths relative to the project when they lie inside it, as tools print absolute ones."""
    if base is None or not name:
        return name
    try:
        return Path(name).resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return name


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def read_checkstyle(text: str, *, tool: str, base: Path | None = None) -> tuple[Finding, ...]:
    """Findings from a checkstyle XML report (phpcs, phpstan, psalm and php-cs-fixer can all write it)."""
    root = ElementTree.fromstring(text)
    found: list[Finding] = []
    for file_el in root.iter("file"):
        name = relative_path(file_el.get("name", ""), base)
        for err in file_el.iter("error"):
            found.append(
                Finding(
                    tool=tool,
                    file=name,
                    line=_int(err.get("line")),
                    severity=severity_of(err.get("severity")),
                    rule=err.get("source", ""),
                    message=(err.get("message") or "").strip(),
                )
            )
    return tuple(found)


def checkstyle_files(text: str) -> int:
    """How many files a checkstyle report covers (phpcs lists clean files too)."""
    return sum(1 for _ in ElementTree.fromstring(text).iter("file"))


def read_sarif(text: str, *, tool: str | None = None, base: Path | None = None) -> tuple[Finding, ...]:
    """Findings from a SARIF 2.1.0 log; the level comes from the result, else its rule."""
    log = json.loads(text)
    found: list[Finding] = []
    for run in log.get("runs") or ():
        driver = ((run.get("tool") or {}).get("driver")) or {}
        name = tool or str(driver.get("name", "sarif")).lower()
        rules = driver.get("rules") or []
        bases = {k: _uri_path(v.get("uri", "")) for k, v in (run.get("originalUriBaseIds") or {}).items()}
        for result in run.get("results") or ():
            rule = _rule_of(result, rules)
            level = result.get("level") or ((rule.get("defaultConfiguration") or {}).get("level"))
            priority = (rule.get("properties") or {}).get("priority")
            if level:
                severity = severity_of(level)
            elif isinstance(priority, int):
                severity = severity_of_priority(priority)
            else:
                severity = Severity.WARNING  # SARIF's documented default level
            file, line = _location_of(result, bases)
            found.append(
                Finding(
                    tool=name,
                    file=relative_path(file, base),
                    line=line,
                    severity=severity,
                    rule=str(result.get("ruleId") or rule.get("id") or ""),
                    message=str((result.get("message") or {}).get("text", "")).strip(),
                )
            )
    return tuple(found)


def _rule_of(result: Mapping[str, Any], rules: list[Any]) -> Mapping[str, Any]:
    index = result.get("ruleIndex")
    if isinstance(index, int) and 0 <= index < len(rules):
        rule: Mapping[str, Any] = rules[index]
        return rule
    for rule in rules:
        if rule.get("id") == result.get("ruleId"):
            return rule
    return {}


def _location_of(result: Mapping[str, Any], bases: Mapping[str, str]) -> tuple[str, int]:
    for loc in result.get("locations") or ():
        physical = loc.get("physicalLocation") or {}
        artifact = physical.get("artifactLocation") or {}
        uri = _uri_path(artifact.get("uri", ""))
        base_dir = bases.get(artifact.get("uriBaseId", ""), "")
        if base_dir and not uri.startswith("/"):
            uri = base_dir.rstrip("/") + "/" + uri
        return uri, _int((physical.get("region") or {}).get("startLine"))
    return "", 0


def _uri_path(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else unquote(uri)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
