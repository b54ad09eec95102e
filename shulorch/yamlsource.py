"""YAML loading that keeps positions: duplicate keys, syntax errors and foreign tags become
``file:line:col`` errors, and every node's position can be looked up by its JSON path."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shulorch.errors import PipelineError

Key = str | int


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A parsed YAML document: plain Python data plus a position index keyed by path."""

    file: str  # as shown to the user (relative when possible)
    data: Any
    positions: dict[tuple[Key, ...], tuple[int, int]]  # path -> (line, col), both 1-based

    def where(self, path: Sequence[Key]) -> str:
        """``file:line:col`` of the deepest existing node on ``path``."""
        p = tuple(path)
        while p and p not in self.positions:
            p = p[:-1]
        line, col = self.positions.get(p, (1, 1))
        return f"{self.file}:{line}:{col}"


_STANDARD_TAG = "tag:yaml.org,2002:"
_STR_TAG = _STANDARD_TAG + "str"
_ALLOWED_TAGS = frozenset(
    _STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def parse_yaml(text: str, file: str) -> SourceDoc:
    """Parse ``text``; raise PipelineError naming file:line:col for any YAML-level problem.

    PyYAML's C composer gives nodes with marks quickly (a 1000-task pipeline parses in a few ms);
    we build plain data from the nodes ourselves to catch duplicate keys and refuse foreign tags.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (err.problem or err.context or "invalid YAML").strip()
        raise PipelineError(f"{file}:{line}:{col}: {problem}") from err
    except yaml.YAMLError as err:
        raise PipelineError(f"{file}:1:1: invalid YAML: {err}") from err
    positions: dict[tuple[Key, ...], tuple[int, int]] = {(): (1, 1)}
    if root is None:
        return SourceDoc(file=file, data=None, positions=positions)
    builder = _Builder(file, positions, yaml.constructor.SafeConstructor())
    return SourceDoc(file=file, data=builder.build(root, ()), positions=positions)


def load_yaml_file(path: Path, shown: str | None = None) -> SourceDoc:
    """Read and parse a YAML file; a missing file is an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise PipelineError(f"{shown or path}: file not found; pass -f FILE or create it") from err
    return parse_yaml(text, shown or str(path))


@dataclass(slots=True)
class _Builder:
    file: str
    positions: dict[tuple[Key, ...], tuple[int, int]]
    constructor: Any

    def fail(self, node: Any, path: tuple[Key, ...], message: str) -> PipelineError:
        mark = node.start_mark
        where = ".".join(map(str, path)) or "<root>"
        return PipelineError(f"{self.file}:{mark.line + 1}:{mark.column + 1}: {where}: {message}")

    def build(self, node: Any, path: tuple[Key, ...]) -> Any:
        import yaml

        tag = node.tag or ""
        if tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value  # the common case, kept first: a pipeline is mostly strings
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                node,
                path,
                f"the tag {tag.replace(_STANDARD_TAG, '!!')!r} is not allowed: shulorch loads YAML safely "
                "and never constructs objects from tags; remove the tag",
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, path, "mapping keys must be plain scalars")
                if key_node.tag == _STANDARD_TAG + "merge":
                    raise self.fail(key_node, path, "merge keys (<<) are not supported; repeat the keys")
                key = str(key_node.value)
                child = (*path, key)
                if key in out:
                    first = self.positions[child]
                    raise self.fail(
                        key_node,
                        child,
                        f"duplicate key {key!r} (first defined at line "
                        f"{first[0]}); each key may appear once in a mapping",
                    )
                self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.positions[(*path, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.build(item, (*path, i)))
            return items
        value = self.constructor.construct_object(node)
        # Dates become strings: the file is configuration, not data to compute with.
        return value if isinstance(value, bool | int | float | str) or value is None else str(node.value)


def walk_paths(data: Any, path: tuple[Key, ...] = ()) -> Iterator[tuple[tuple[Key, ...], Any]]:
    """Every (path, value) pair of a plain document, depth first."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk_paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk_paths(v, (*path, i))
