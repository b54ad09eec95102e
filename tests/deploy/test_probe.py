"""Pure parts of the HTTP probes: percentiles, JSON fragments, smoke check parsing."""

from __future__ import annotations

from typing import Any

import pytest

from shulorch.actions.deploy.checks import parse_checks
from shulorch.actions.deploy.probe import json_contains, latency_summary, percentile
from shulorch.errors import ActionError


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([5.0], 50, 5.0), ([1, 2, 3, 4], 50, 2), ([1, 2, 3, 4], 95, 4), (list(range(1, 101)), 95, 95)],
)
def test_percentile_nearest_rank(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected


def test_latency_summary() -> None:
    summary = latency_summary([3.0, 1.0, 2.0])
    assert summary["count"] == 3 and summary["min"] == 1.0 and summary["max"] == 3.0 and summary["p50"] == 2.0
    assert latency_summary([]) == {"count": 0}


@pytest.mark.parametrize(
    ("actual", "fragment", "expected"),
    [
        ({"a": 1, "b": 2}, {"a": 1}, True),
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": 2}}, True),
        ({"a": 1}, {"a": 2}, False),
        ({"a": 1}, {"b": 1}, False),
        ([1], {"a": 1}, False),
        ({"data": [1, 2]}, {"data": [1, 2]}, True),
    ],
)
def test_json_contains(actual: Any, fragment: Any, expected: bool) -> None:
    assert json_contains(actual, fragment) is expected


def test_parse_checks_accepts_strings_and_mappings() -> None:
    checks = parse_checks(["/", "POST /login", {"path": "/x", "status": 302, "json": {"a": 1}}], "t")
    assert [(c.method, c.path, c.status) for c in checks] == [
        ("GET", "/", 200),
        ("POST", "/login", 200),
        ("GET", "/x", 302),
    ]
    assert checks[2].json == {"a": 1}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("/", "expected a list of checks"),
        ([{"path": "health"}], r"checks\[0\]\.path: expected a path starting with '/'"),
        ([{"path": "/", "method": "FETCH"}], r"checks\[0\]\.method"),
        ([{"path": "/", "status": 700}], r"checks\[0\]\.status"),
        ([{"path": "/", "json": [1]}], r"checks\[0\]\.json"),
    ],
)
def test_parse_checks_rejects(raw: Any, message: str) -> None:
    with pytest.raises(ActionError, match=message):
        parse_checks(raw, "prod.smoke")
