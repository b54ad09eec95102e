"""Readers of tool-specific reports: phpstan, psalm and php-cs-fixer JSON, phpmd XML and the text of
``composer validate``. Each turns one report into :class:`Finding` values and nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from shulorch.actions.quality.findings import (
    Finding,
    Severity,
    relative_path,
    severity_of,
    severity_of_priority,
)


def read_phpstan_json(text: str, *, base: Path | None = None) -> tuple[Finding, ...]:
    """``phpstan analyse --error-format=json``: per-file messages plus file-less general errors."""
    data = json.loads(text)
    found: list[Finding] = []
    for name, entry in (data.get("files") or {}).items():
        for msg in entry.get("messages") or ():
            found.append(
                Finding(
                    tool="phpstan",
                    file=relative_path(name, base),
                    line=int(msg.get("line") or 0),
                    severity=Severity.ERROR,  # phpstan has no levels below error: the level is the config's
                    rule=str(msg.get("identifier") or ""),
                    message=str(msg.get("message", "")).strip(),
                )
            )
    for general in data.get("errors") or ():
        found.append(
            Finding(tool="phpstan", file="", line=0, severity=Severity.ERROR, rule="", message=str(general))
        )
    return tuple(found)


def read_psalm_json(text: str, *, base: Path | None = None) -> tuple[Finding, ...]:
    """``psalm --output-format=json``: a list of issues with severity error or info."""
    return tuple(
        Finding(
            tool="psalm",
            file=relative_path(str(issue.get("file_path") or issue.get("file_name") or ""), base),
            line=int(issue.get("line_from") or 0),
            severity=severity_of(issue.get("severity"), Severity.ERROR),
            rule=str(issue.get("type") or ""),
            message=str(issue.get("message", "")).strip(),
        )
        for issue in json.loads(text) or ()
    )


_HUNK = re.compile(r"^@@ -(\d+)", re.MULTILINE)


def read_php_cs_fixer_json(text: str, *, base: Path | None = None) -> tuple[Finding, ...]:
    """``php-cs-fixer fix --dry-run --format=json``: files that need fixing and the fixers that apply.

    The format has no line numbers; with ``--diff`` the first hunk gives one.
    """
    data = json.loads(text)
    found: list[Finding] = []
    for entry in data.get("files") or ():
        hunk = _HUNK.search(str(entry.get("diff") or ""))
        line = int(hunk.group(1)) if hunk else 0
        fixers = entry.get("appliedFixers") or ["php-cs-fixer"]
        for fixer in fixers:
            found.append(
                Finding(
                    tool="php-cs-fixer",
                    file=relative_path(str(entry.get("name", "")), base),
                    line=line,
                    # A file the fixer would change breaks the style rules, as a phpcs error does.
                    severity=Severity.ERROR,
                    rule=str(fixer),
                    message=f"needs fixing by {fixer}",
                )
            )
    return tuple(found)


def read_phpmd_xml(text: str, *, base: Path | None = None) -> tuple[Finding, ...]:
    """``phpmd ... xml``: violations per file (priority 1 = error) and processing errors."""
    root = ElementTree.fromstring(text)
    found: list[Finding] = []
    for file_el in root.iter("file"):
        name = relative_path(file_el.get("name", ""), base)
        for v in file_el.iter("violation"):
            found.append(
                Finding(
                    tool="phpmd",
                    file=name,
                    line=int(v.get("beginline") or 0),
                    severity=severity_of_priority(int(v.get("priority") or 3)),
                    rule=v.get("rule", ""),
                    message=" ".join((v.text or "").split()),
                )
            )
    for err in root.iter("error"):
        found.append(
            Finding(
                tool="phpmd",
                file=relative_path(err.get("filename", ""), base),
                line=0,
                severity=Severity.ERROR,
                rule="ProcessingError",
                message=err.get("msg", ""),
            )
        )
    return tuple(found)


_COMPOSER_BOX = re.compile(r"^In \S+ line \d+:\s*$")


def read_composer_validate(
    output: str, *, file: str = "composer.json", strict: bool = True
) -> tuple[Finding, ...]:
    """The text of ``composer validate``: ``# ... errors`` / ``# ... warnings`` sections of ``- item``
    lines, and exception boxes (``In JsonFile.php line 347:``) for files that do not even parse.

    With ``--strict`` composer fails on warnings too, so they are errors here.
    """
    found: list[Finding] = []
    section: Severity | None = None
    lines = output.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("# "):
            section = Severity.ERROR if "error" in line.lower() else Severity.WARNING
            if section is Severity.WARNING and strict:
                section = Severity.ERROR
        elif line.startswith("- ") and section is not None:
            found.append(_composer_finding(file, section, line[2:].strip(), rule="schema"))
        elif _COMPOSER_BOX.match(line.strip()):
            box: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1  # the box opens with a blank padded line
            while i < len(lines) and lines[i].strip():
                box.append(lines[i].strip())
                i += 1
            found.append(_composer_finding(file, Severity.ERROR, " ".join(box), rule="invalid"))
            section = None
        elif not line.strip():
            section = None
        i += 1
    return tuple(found)


def _composer_finding(file: str, severity: Severity, message: str, *, rule: str) -> Finding:
    return Finding(tool="composer", file=file, line=0, severity=severity, rule=rule, message=message)


def parse_json_findings(text: str) -> tuple[Finding, ...]:
    """Our own artefact format (a list of finding dicts, or {"findings": [...]}) read back."""
    data: Any = json.loads(text)
    items = data.get("findings", []) if isinstance(data, dict) else data
    return tuple(
        Finding(
            tool=str(d.get("tool", "")),
            file=str(d.get("file", "")),
            line=int(d.get("line") or 0),
            severity=severity_of(d.get("severity")),
            rule=str(d.get("rule", "")),
            message=str(d.get("message", "")),
        )
        for d in items
    )
