"""The dependency graph as tables: edges from deps and needs, cycles, stable topological order, and
the mermaid / dot renderings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from shulorch.graph import find_cycle, render_graph, suggest, task_edges, topo_order
from shulorch.model import Phase
from tests.core.support import make_phase, make_task

PREP = make_phase("prep", 1, [make_task("prep", "a"), make_task("prep", "b", ["a"])])
BUILD = make_phase("build", 2, [make_task("build", "c", ["prep.b"])], needs=["prep"])
FOREACH = make_phase(
    "lint",
    3,
    [make_task("lint", "f", item="x"), make_task("lint", "f", item="y"), make_task("lint", "g", ["f"])],
)


@pytest.mark.parametrize(
    ("phases", "expected"),
    [
        ([PREP], {"prep.a": (), "prep.b": ("prep.a",)}),
        # needs adds every task of the needed phase after the explicit deps, without duplicates
        ([PREP, BUILD], {"prep.a": (), "prep.b": ("prep.a",), "build.c": ("prep.b", "prep.a")}),
        # a dep on a foreach base means every item
        ([FOREACH], {"lint.f[x]": (), "lint.f[y]": (), "lint.g": ("lint.f[x]", "lint.f[y]")}),
    ],
)
def test_task_edges(phases: Sequence[Phase], expected: Mapping[str, tuple[str, ...]]) -> None:
    assert task_edges(phases) == expected


@pytest.mark.parametrize(
    ("phases", "cycle"),
    [
        ([PREP, BUILD], None),
        ([make_phase("p", 1, [make_task("p", "a", ["a"])])], ["p.a", "p.a"]),
        (
            [
                make_phase(
                    "p",
                    1,
                    [make_task("p", "a", ["c"]), make_task("p", "b", ["a"]), make_task("p", "c", ["b"])],
                )
            ],
            ["p.a", "p.c", "p.b", "p.a"],
        ),
        (
            [
                make_phase("x", 1, [make_task("x", "t")], needs=["y"]),
                make_phase("y", 2, [make_task("y", "t")], needs=["x"]),
            ],
            ["phase x", "phase y", "phase x"],
        ),
        # a task dep against the direction of a phase need closes a cycle across phases
        (
            [
                make_phase("x", 1, [make_task("x", "t", ["y.t"])]),
                make_phase("y", 2, [make_task("y", "t")], needs=["x"]),
            ],
            ["x.t", "y.t", "x.t"],
        ),
    ],
)
def test_find_cycle(phases: Sequence[Phase], cycle: list[str] | None) -> None:
    assert find_cycle(phases) == cycle


@pytest.mark.parametrize(
    ("names", "edges", "expected"),
    [
        (["a", "b", "c"], {}, ["a", "b", "c"]),  # stable when free
        (["c", "b", "a"], {"c": ["a"]}, ["a", "c", "b"]),
        (["d", "c", "b", "a"], {"d": ["b", "c"], "b": ["a"], "c": ["a"]}, ["a", "b", "c", "d"]),
        (["b"], {"b": ["a"]}, ["b"]),  # prerequisites outside the selection are not added
    ],
)
def test_topo_order(names: list[str], edges: dict[str, list[str]], expected: list[str]) -> None:
    assert topo_order(names, edges) == expected


def test_mermaid() -> None:
    phases = [PREP, BUILD]
    text = render_graph(phases, [t for p in phases for t in p.tasks], "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  subgraph p1["1. Prep"]' in lines
    assert '    t0["prep.a"]' in lines  # ids are numbered; the label carries the name
    assert "  t0 --> t1" in lines  # prep.a -> prep.b
    assert "  t1 --> t2" in lines  # prep.b -> build.c
    assert "  t0 --> t2" in lines
    assert lines.count("  end") == 2


def test_dot() -> None:
    phases = [PREP, BUILD]
    text = render_graph(phases, list(PREP.tasks), "dot")  # only the prep tasks selected
    lines = text.splitlines()
    assert lines[0] == "digraph shulorch {"
    assert lines[-1] == "}"
    assert '    t1 [label="prep.b"];' in lines
    assert "  t0 -> t1;" in lines
    assert "build" not in text  # unselected phases and their edges are left out
    assert text.count("{") == text.count("}")


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("biuld", ["build", "backup"], "; did you mean 'build'?"),
        ("zzz", ["build", "backup"], ""),
    ],
)
def test_suggest(name: str, candidates: list[str], expected: str) -> None:
    assert suggest(name, candidates) == expected
