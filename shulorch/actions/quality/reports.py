"""Readers of test reports: JUnit XML (counted from ``<testcase>`` elements, since phpunit nests
suites and repeats totals at every level) and Clover or Cobertura coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from shulorch.actions.quality.findings import relative_path

_WHERE = re.compile(r"^\S+\.php:\d+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class TestProblem:
    """A test that did not pass: its name and what went wrong."""

    __test__ = False  # not a pytest class
    name: str
    kind: str  # failure | error | warning
    message: str

    def describe(self) -> str:
        return f"{self.name}: {self.kind}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class JUnitSummary:
    tests: int
    passed: int
    failed: int
    errors: int
    skipped: int
    duration: float
    problems: tuple[TestProblem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    lines_covered: int
    lines_valid: int

    @property
    def percent(self) -> float:
        # No executable line means nothing was left untested.
        return round(100.0 * self.lines_covered / self.lines_valid, 2) if self.lines_valid else 100.0


def parse_junit(text: str, base: Path | None = None) -> JUnitSummary:
    root = ElementTree.fromstring(text)
    tests = failed = errors = skipped = 0
    duration = 0.0
    problems: list[TestProblem] = []
    for case in root.iter("testcase"):
        tests += 1
        duration += _float(case.get("time"))
        name = _case_name(case.get("class") or case.get("classname") or "", case.get("name") or "")
        outcome = _outcome(case)
        if outcome is None:
            continue
        kind, element = outcome
        if kind == "skipped":
            skipped += 1
            continue
        if kind == "error":
            errors += 1
        else:
            failed += 1  # failures, and warnings, which phpunit counts as unsuccessful too
        text = (element.get("message") or element.text or element.get("type") or "").strip()
        problems.append(TestProblem(name=name, kind=kind, message=_tidy(text, name, base)))
    return JUnitSummary(
        tests=tests,
        passed=tests - failed - errors - skipped,
        failed=failed,
        errors=errors,
        skipped=skipped,
        duration=round(duration, 3),
        problems=tuple(problems),
    )


def _outcome(case: Any) -> tuple[str, Any] | None:
    for kind in ("error", "failure", "warning", "skipped"):
        element = case.find(kind)
        if element is not None:
            return kind, element
    return None


def _case_name(cls: str, name: str) -> str:
    return f"{cls}::{name}" if cls else name


def _tidy(text: str, name: str, base: Path | None) -> str:
    """phpunit writes "<test name>\n<message>\n\n<file>:<line>"; keep the message and where."""
    lines = text.splitlines()
    if lines and lines[0].strip() == name:
        lines = lines[1:]
    where = ""
    if lines and _WHERE.match(lines[-1].strip()):
        where = lines.pop().strip()
        file, _, line = where.rpartition(":")
        where = f" ({relative_path(file, base)}:{line})"
    message = " ".join(part.strip() for part in lines[:4] if part.strip())
    return message + where


def parse_clover(text: str) -> Coverage:
    """Executable lines (``type="stmt"``; method lines are not statements) and how many ran."""
    root = ElementTree.fromstring(text)
    valid = covered = 0
    for file_el in root.iter("file"):
        seen: set[str] = set()
        for line in file_el.iter("line"):
            num = line.get("num", "")
            if line.get("type") != "stmt" or num in seen:
                continue
            seen.add(num)
            valid += 1
            covered += 1 if int(line.get("count") or 0) > 0 else 0
    if valid == 0:
        metrics = root.find("project/metrics")
        if metrics is not None:  # some writers give only totals
            valid = int(metrics.get("statements") or 0)
            covered = int(metrics.get("coveredstatements") or 0)
    return Coverage(lines_covered=covered, lines_valid=valid)


def parse_cobertura(text: str) -> Coverage:
    """Cobertura: every ``<line>`` is executable; ``hits`` says whether it ran."""
    root = ElementTree.fromstring(text)
    valid = covered = 0
    for cls in root.iter("class"):
        seen: set[str] = set()
        for line in cls.iter("line"):
            num = line.get("number", "")
            if num in seen:
                continue
            seen.add(num)
            valid += 1
            covered += 1 if int(line.get("hits") or 0) > 0 else 0
    return Coverage(lines_covered=covered, lines_valid=valid)


def _float(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0
