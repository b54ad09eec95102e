"""Loading module specs: round-trip YAML (for line numbers), JSON Schema validation, compiler-style errors."""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from shulorch.actions.codegen.model import ModuleSpec, build_module
from shulorch.errors import PipelineError

SCHEMA_NAME = "module-spec.schema.json"


def schema_path() -> Path:
    """The shipped schema: inside the wheel (``shulorch/_schema``) first, else the repo's ``schema/``."""
    try:
        packaged = importlib.resources.files("shulorch") / "_schema" / SCHEMA_NAME
        if packaged.is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - broken install
        pass
    repo = Path(__file__).resolve().parents[3] / "schema" / SCHEMA_NAME
    if not repo.is_file():
        raise PipelineError(
            f"{SCHEMA_NAME} not found in shulorch/_schema nor {repo.parent}; reinstall shulorch"
        )
    return repo


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    # Cached per process: the schema is a read-only file shipped with the code, not user state.
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


def _locate(doc: Any, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based line and column of the deepest node of ``path`` that the YAML document knows."""
    line, col = 1, 1
    node = doc
    for key in path:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                pos = lc.item(key) if isinstance(key, int) else lc.value(key)
                if pos is not None:
                    line, col = pos[0] + 1, pos[1] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line, col


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts/lists (JSON-clean, as the answers file stores them)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _problems(doc: Any, data: Any, label: str) -> Iterator[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_schema())
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        line, col = _locate(doc, path)
        where = ".".join(str(p) for p in path) or "(top level)"
        yield f"{label}:{line}:{col}: {where}: {err.message}"
    if isinstance(data, dict):
        yield from _semantic_problems(doc, data, label)


def _semantic_problems(doc: Any, data: dict[str, Any], label: str) -> Iterator[str]:
    """What the schema cannot say: entity names, tables and resources must be unique in a module."""
    seen: dict[str, dict[str, int]] = {"name": {}, "table": {}, "resource": {}}
    for index, entity in enumerate(data.get("entities") or []):
        if not isinstance(entity, dict):
            continue
        for key in seen:
            value = entity.get(key)
            if not isinstance(value, str):
                continue
            if value in seen[key]:
                line, col = _locate(doc, ["entities", index, key])
                yield (
                    f"{label}:{line}:{col}: entities.{index}.{key}: {value!r} is already used by "
                    f"entities.{seen[key][value]}; give each entity its own {key}"
                )
            seen[key][value] = index
        clash = set(entity.get("fields") or {}) & set(entity.get("relations") or {})
        for name in sorted(clash):
            line, col = _locate(doc, ["entities", index, "relations", name])
            yield f"{label}:{line}:{col}: entities.{index}.relations.{name}: also a field; keep one"


def load_spec_data(path: Path, label: str | None = None) -> dict[str, Any]:
    """Read and validate one spec; raise :class:`PipelineError` listing every problem as file:line:col."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PipelineError(f"{label}: cannot read module spec ({err.strerror}); check the path") from err
    try:
        doc = YAML(typ="rt").load(text)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark is not None else label
        raise PipelineError(f"{where}: invalid YAML: {getattr(err, 'problem', err)}") from err
    data = _plain(doc)
    problems = tuple(_problems(doc, data, label))
    if problems:
        raise PipelineError(problems[0], problems)
    result: dict[str, Any] = data
    return result


def load_spec(path: Path, label: str | None = None) -> ModuleSpec:
    """Load, validate and normalise one module spec."""
    return build_module(load_spec_data(path, label))
