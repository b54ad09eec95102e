"""The planner's decisions as a table: own state + graph + --force -> run or not, and why."""

from __future__ import annotations

import pytest

from shulorch.planner import Decision, OwnStatus, plan

UP = OwnStatus(run=False)
NEVER = OwnStatus(run=True, reasons=("never run",))
CHANGED = OwnStatus(run=True, reasons=("file changed: src/a.php", "definition changed"))
MISSING = OwnStatus(run=True, reasons=("target missing: out/a.txt",))
DEFINITION = OwnStatus(run=True, reasons=("definition changed",))
ERROR = OwnStatus(run=True, reasons=(), error="Dependent file 'x' does not exist.")
BARE = OwnStatus(run=True)

CHAIN = {"b": ("a",), "c": ("b",)}


def _table(decisions: tuple[Decision, ...]) -> list[tuple[str, bool, str]]:
    return [(d.task, d.run, d.reason) for d in decisions]


@pytest.mark.parametrize(
    ("own", "edges", "force", "expected"),
    [
        (
            {"a": UP, "b": UP, "c": UP},
            CHAIN,
            False,
            [("a", False, "up to date"), ("b", False, "up to date"), ("c", False, "up to date")],
        ),
        (
            {"a": NEVER, "b": UP, "c": UP},
            CHAIN,
            False,
            [("a", True, "never run"), ("b", True, "dependency ran: a"), ("c", True, "dependency ran: b")],
        ),
        (
            {"a": UP, "b": CHANGED, "c": UP},
            CHAIN,
            False,
            [
                ("a", False, "up to date"),
                ("b", True, "file changed: src/a.php"),
                ("c", True, "dependency ran: b"),
            ],
        ),
        (
            {"a": UP, "b": UP, "c": MISSING},
            CHAIN,
            False,
            [
                ("a", False, "up to date"),
                ("b", False, "up to date"),
                ("c", True, "target missing: out/a.txt"),
            ],
        ),
        (
            {"a": DEFINITION, "b": UP, "c": UP},
            {},
            False,
            [("a", True, "definition changed"), ("b", False, "up to date"), ("c", False, "up to date")],
        ),
        (
            {"a": UP, "b": UP, "c": UP},
            CHAIN,
            True,
            [("a", True, "forced"), ("b", True, "forced"), ("c", True, "forced")],
        ),
        (
            {"a": ERROR, "b": UP, "c": UP},
            CHAIN,
            False,
            [
                ("a", True, "Dependent file 'x' does not exist."),
                ("b", True, "dependency ran: a"),
                ("c", True, "dependency ran: b"),
            ],
        ),
        (
            {"a": BARE, "b": UP, "c": UP},
            {},
            False,
            [("a", True, "out of date"), ("b", False, "up to date"), ("c", False, "up to date")],
        ),
    ],
)
def test_plan_decisions(
    own: dict[str, OwnStatus],
    edges: dict[str, tuple[str, ...]],
    force: bool,
    expected: list[tuple[str, bool, str]],
) -> None:
    assert _table(plan(["a", "b", "c"], own, edges, force=force)) == expected


def test_first_reason_leads_the_rest_are_details() -> None:
    (decision,) = plan(["b"], {"b": CHANGED}, {})
    assert decision.reason == "file changed: src/a.php"
    assert decision.details == ("definition changed",)


def test_several_dependencies_that_ran_are_all_named() -> None:
    decisions = plan(["a", "b", "c"], {"a": NEVER, "b": NEVER, "c": UP}, {"c": ("a", "b")})
    assert (decisions[2].reason, decisions[2].details) == ("dependency ran: a", ("b",))


def test_dependencies_outside_the_order_do_not_count() -> None:
    # "a" is not selected: the planner cannot know it would run, so "b" stays up to date.
    (decision,) = plan(["b"], {"b": UP}, {"b": ("a",)})
    assert (decision.run, decision.reason) == (False, "up to date")
