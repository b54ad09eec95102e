"""The OpenAPI side of the contract check: load the document with line numbers, validate it, and
plan one request per documented operation (path parameters, a request body from examples or schemas).
Pure apart from reading the file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.exceptions import OpenAPISpecValidatorError
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError as ValidationError
from referencing.exceptions import Unresolvable
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from shulorch.errors import ActionError

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Create before reading, read before changing, delete last: later calls reuse the records made first.
_ORDER = {"post": 0, "get": 1, "head": 1, "options": 1, "put": 2, "patch": 2, "trace": 3, "delete": 4}
_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    method: str
    path: str
    line: int  # of the method key in the document, 1-based
    responses: tuple[str, ...]  # documented codes: "200", "2XX", "default"
    json_codes: tuple[str, ...]  # codes documented with an application/json body
    params: Mapping[str, Any] = field(
        default_factory=dict
    )  # path/query parameter -> documented value or None
    query: tuple[str, ...] = ()  # the required query parameters among params
    body: Any = None

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def collection(self) -> str:
        """The path up to its first parameter: where records this operation addresses are created."""
        return self.path.split("{", 1)[0].rstrip("/") or "/"


def load_document(path: Path, shown: str) -> tuple[dict[str, Any], Any]:
    """The document as plain values, and the ruamel tree that remembers line numbers."""
    try:
        tree = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as err:
        raise ActionError(f"{shown}: cannot read the OpenAPI document: {err}") from err
    if not isinstance(tree, Mapping):
        raise ActionError(f"{shown}: the OpenAPI document must be a mapping")
    return _plain(tree), tree


def validate_document(spec: Mapping[str, Any], tree: Any, shown: str) -> None:
    version = str(spec.get("openapi", ""))
    if not version.startswith("3."):
        raise ActionError(f"{shown}:1: openapi: {version or 'missing'}: an OpenAPI 3 document is required")
    try:
        validate(dict(spec))
    except ValidationError as err:
        where = list(err.absolute_path)
        raise ActionError(
            f"{shown}:{line_of(tree, where)}: {'.'.join(map(str, where)) or '(document)'}: {err.message}; "
            "fix the document (it is not valid OpenAPI 3)"
        ) from err
    except (OpenAPISpecValidatorError, Unresolvable) as err:
        raise ActionError(f"{shown}: not valid OpenAPI 3: {err}; fix the document") from err


def line_of(tree: Any, where: list[Any]) -> int:
    """1-based line of the deepest node of ``where`` that ruamel can place."""
    line, node = 1, tree
    for key in where:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                line = (lc.key(key) if isinstance(key, str) else lc.item(key))[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def plan_operations(spec: Mapping[str, Any], tree: Any) -> tuple[Operation, ...]:
    ops: list[Operation] = []
    for path, item in (spec.get("paths") or {}).items():
        shared = list(item.get("parameters") or [])
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, Mapping):
                continue
            params: dict[str, Any] = {}
            query: list[str] = []
            for raw in shared + list(op.get("parameters") or []):
                param = resolve(spec, raw)
                if param.get("in") == "path" or (param.get("in") == "query" and param.get("required")):
                    params[param["name"]] = _param_value(spec, param)
                    if param.get("in") == "query":
                        query.append(param["name"])
            responses = op.get("responses") or {}
            ops.append(
                Operation(
                    method=method,
                    path=path,
                    line=line_of(tree, ["paths", path, method]),
                    responses=tuple(str(c) for c in responses),
                    json_codes=tuple(
                        str(c)
                        for c, r in responses.items()
                        if "application/json" in (resolve(spec, r).get("content") or {})
                    ),
                    params=params,
                    query=tuple(query),
                    body=_body(spec, op),
                )
            )
    ordered = sorted(ops, key=lambda o: (_ORDER.get(o.method, 3), o.path.count("{"), o.path))
    # Delete in the reverse order of creation: a record others refer to (a class with students)
    # can only go once they have.
    created = [o.path.rstrip("/") or "/" for o in ordered if o.method == "post"]
    rank = {path: index for index, path in enumerate(created)}
    return tuple(
        sorted(
            ordered,
            key=lambda o: (
                _ORDER.get(o.method, 3),
                -rank.get(o.collection, -1) if o.method == "delete" else 0,
            ),
        )
    )


def expected_codes(op: Operation) -> tuple[str, ...]:
    """The success codes when any is documented (we send valid requests), else every documented one."""
    success = tuple(c for c in op.responses if c.startswith("2"))
    return success or op.responses


def status_matches(status: int, codes: tuple[str, ...]) -> str | None:
    """The documented code ``status`` falls under (exact, ``2XX`` range, or ``default``)."""
    text = str(status)
    for code in codes:
        if code == text or (code[1:].upper() == "XX" and code[0] == text[0]):
            return code
    return "default" if "default" in codes else None


def fill_path(op: Operation, ids: Mapping[str, Any]) -> str:
    """The concrete URL path: a record created under the operation's collection, else the documented value."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = ids.get(op.collection) if name == _PARAM.findall(op.path)[-1] else None
        chosen = found if found is not None else op.params.get(name)
        return str(chosen if chosen is not None else 1)

    path = _PARAM.sub(value, op.path)
    if op.query:
        path += "?" + "&".join(
            f"{q}={op.params.get(q) if op.params.get(q) is not None else 1}" for q in op.query
        )
    return path


def resolve(spec: Mapping[str, Any], node: Any) -> Mapping[str, Any]:
    """Follow local ``$ref`` pointers (``#/components/...``)."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 20:
        target: Any = spec
        for part in str(node["$ref"]).lstrip("#/").split("/"):
            target = (
                target.get(part.replace("~1", "/").replace("~0", "~"), {})
                if isinstance(target, Mapping)
                else {}
            )
        node, seen = target, seen + 1
    return node if isinstance(node, Mapping) else {}


def sample(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> Any:
    """A value valid for ``schema``: its example, default or first enum value, else built from its type."""
    schema = resolve(spec, schema)
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return next(iter(schema["examples"]))
    if schema.get("enum"):
        return schema["enum"][0]
    if depth > 8:
        return None
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(spec, part, depth + 1)
            merged.update(value if isinstance(value, dict) else {})
        return merged
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return sample(spec, schema[key][0], depth + 1)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        props = schema.get("properties") or {}
        return {
            k: sample(spec, v, depth + 1) for k, v in props.items() if not resolve(spec, v).get("readOnly")
        }
    if kind == "array":
        return [sample(spec, schema.get("items") or {}, depth + 1)]
    if kind in ("integer", "number"):
        low = schema.get("minimum", 1)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return True
    return _string(schema)


def _string(schema: Mapping[str, Any]) -> str:
    fmt = schema.get("format", "")
    fixed = {
        "email": "contract@example.com",
        "date": "2026-01-15",
        "date-time": "2026-01-15T08:00:00Z",
        "uuid": "00000000-0000-4000-8000-000000000001",
        "uri": "https://example.com/",
    }
    if fmt in fixed:
        return fixed[fmt]
    text = "Sample"
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    text = text + "x" * max(0, low - len(text))
    return text[: int(high)] if high is not None else text


def _param_value(spec: Mapping[str, Any], param: Mapping[str, Any]) -> Any:
    if "example" in param:
        return param["example"]
    if param.get("examples"):
        first = next(iter(param["examples"].values()))
        return resolve(spec, first).get("value")
    schema = resolve(spec, param.get("schema") or {})
    return schema.get("example", schema.get("default"))


def _body(spec: Mapping[str, Any], op: Mapping[str, Any]) -> Any:
    content = resolve(spec, op.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    if not isinstance(media, Mapping):
        return None
    if "example" in media:
        return media["example"]
    if media.get("examples"):
        return resolve(spec, next(iter(media["examples"].values()))).get("value")
    return sample(spec, media.get("schema") or {})


def _plain(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node
