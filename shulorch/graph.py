"""The dependency graph of a pipeline: edges, cycles, order, and mermaid/dot rendering. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from difflib import get_close_matches

from shulorch.model import Phase, Task


def suggest(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a candidate is close, else ``""``."""
    close = get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def task_edges(phases: Sequence[Phase], needs: bool = True) -> dict[str, tuple[str, ...]]:
    """Every task's direct prerequisites (concrete names), from ``deps`` and (unless ``needs`` is
    false) phase ``needs``."""
    by_base: dict[str, list[str]] = {}
    for phase in phases:
        for task in phase.tasks:
            by_base.setdefault(task.base, []).append(task.name)
    phase_tasks = {p.name: [t.name for t in p.tasks] for p in phases}
    edges: dict[str, tuple[str, ...]] = {}
    for phase in phases:
        needed = [name for need in phase.needs for name in phase_tasks.get(need, ())] if needs else []
        for task in phase.tasks:
            explicit = [name for dep in task.deps for name in by_base.get(dep, ())]
            edges[task.name] = tuple(dict.fromkeys([*explicit, *needed]))
    return edges


def find_cycle(phases: Sequence[Phase]) -> list[str] | None:
    """A dependency cycle as a list of names ending where it started, or None."""
    phase_cycle = _cycle({p.name: tuple(p.needs) for p in phases})
    if phase_cycle:
        return [f"phase {n}" for n in phase_cycle]
    return _cycle(task_edges(phases))


def _cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """Iterative depth-first search (pipelines may hold chains longer than Python's recursion limit)."""
    done: set[str] = set()
    for root in edges:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        iters = [iter(edges.get(root, ()))]
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                iters.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
            elif nxt in on_path:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in done and nxt in edges:
                path.append(nxt)
                on_path.add(nxt)
                iters.append(iter(edges.get(nxt, ())))
    return None


def topo_order(names: Sequence[str], edges: Mapping[str, Sequence[str]]) -> list[str]:
    """``names`` ordered so prerequisites come first, keeping the given order where free (stable)."""
    wanted = set(names)
    seen: set[str] = set()
    out: list[str] = []
    for root in names:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter([d for d in edges.get(root, ()) if d in wanted]))]
        while stack:
            node, deps = stack[-1]
            dep = next(deps, None)
            if dep is None:
                stack.pop()
                out.append(node)
            elif dep not in seen:
                seen.add(dep)
                stack.append((dep, iter([d for d in edges.get(dep, ()) if d in wanted])))
    return out


def _mermaid(text: str) -> str:
    """Text for a quoted mermaid label: a double quote is written as mermaid's #quot; entity."""
    return text.replace('"', "#quot;")


def _dot(text: str) -> str:
    """Text for a quoted dot label: backslashes and double quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_graph(phases: Sequence[Phase], tasks: Sequence[Task], fmt: str) -> str:
    """The selected tasks as a mermaid flowchart or a graphviz digraph, grouped by phase."""
    edges = task_edges(phases)
    selected = {t.name for t in tasks}
    # Numbered ids: task names may hold any character (foreach items); labels carry the names.
    ids = {t.name: f"t{i}" for i, t in enumerate(t for p in phases for t in p.tasks)}
    mermaid = fmt == "mermaid"
    lines: list[str] = ["flowchart LR"] if mermaid else ["digraph shulorch {", "  rankdir=LR;"]
    for phase in phases:
        members = [t for t in phase.tasks if t.name in selected]
        if not members:
            continue
        title = f"{phase.number}. {phase.title or phase.name}"
        if mermaid:
            lines.append(f'  subgraph p{phase.number}["{_mermaid(title)}"]')
            lines += [f'    {ids[t.name]}["{_mermaid(t.name)}"]' for t in members]
            lines.append("  end")
        else:
            lines.append(f'  subgraph cluster_{phase.number} {{ label="{_dot(title)}";')
            lines += [f'    {ids[t.name]} [label="{_dot(t.name)}"];' for t in members]
            lines.append("  }")
    arrow, end = ("-->", "") if mermaid else ("->", ";")
    for name in [t.name for t in tasks]:
        for dep in edges.get(name, ()):
            if dep in selected:
                lines.append(f"  {ids[dep]} {arrow} {ids[name]}{end}")
    if not mermaid:
        lines.append("}")
    return "\n".join(lines) + "\n"
