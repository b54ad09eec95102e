"""The JSON Schemas shipped with shulorch, and readable validation errors with file:line:col."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from shulorch.yamlsource import SourceDoc


def schema_dir() -> Path:
    """The schema folder: inside the wheel (shulorch/_schema) or the repository's schema/."""
    packaged = Path(str(resources.files("shulorch"))) / "_schema"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schema"


def schema_text(name: str = "pipeline.schema.json") -> str:
    return (schema_dir() / name).read_text(encoding="utf-8")


def fast_validator_source() -> str:
    """Python source of the yes/no validator of pipeline.yaml, generated from the schema.

    It is committed as ``shulorch/_pipeline_validator.py`` so that importing it costs a cached
    .pyc load instead of compiling 120 kB of generated code on every run; ``SCHEMA_SHA256`` ties
    it to the schema it came from, and a stale copy is ignored.
    """
    import fastjsonschema

    text = schema_text("pipeline.schema.json")
    digest = hashlib.sha256(text.encode()).hexdigest()
    code = fastjsonschema.compile_to_code(json.loads(text))
    # Importing fastjsonschema (and decimal) costs more than the check itself; the generated code
    # only needs the exception classes' names and an isinstance target.
    code = code.replace(
        "from decimal import Decimal\n", "class Decimal: pass  # never instantiated: data comes from YAML\n"
    ).replace(
        "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n",
        "class JsonSchemaValueException(ValueError):\n"
        "    def __init__(self, message, value=None, name=None, definition=None, rule=None):\n"
        "        super().__init__(message)\n\n\n"
        "class JsonSchemaValuesException(ValueError):\n"
        "    def __init__(self, errors):\n"
        "        super().__init__('; '.join(str(e) for e in errors))\n",
    )
    return (
        "# Generated from schema/pipeline.schema.json by shulorch.schema.fast_validator_source().\n"
        "# ruff: noqa\n# mypy: ignore-errors\n"
        f"SCHEMA_SHA256 = {digest!r}\n{code}\n\n"
        "validate = validate_https___shulorch_dev_schema_pipeline_schema_json\n"
    )


@lru_cache(maxsize=4)
def _fast_check(name: str) -> Any:
    """A compiled validator that only says yes or no: valid files, the common case, pass in
    milliseconds; jsonschema then explains the invalid ones with paths and positions."""
    text = schema_text(name)
    try:
        from shulorch import _pipeline_validator as shipped

        if hashlib.sha256(text.encode()).hexdigest() == shipped.SCHEMA_SHA256:
            return shipped.validate
    except ImportError:
        pass
    import fastjsonschema

    return fastjsonschema.compile(json.loads(text))


@lru_cache(maxsize=4)
def _validator(name: str) -> Any:
    # Caching a compiled validator is pure memoisation of an immutable file, not shared state.
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir().glob("*.schema.json")}
    registry: Registry[Any] = Registry().with_resources(
        (f"https://shulorch.dev/schema/{n}", Resource.from_contents(s)) for n, s in schemas.items()
    )
    return validator_for(schemas[name])(schemas[name], registry=registry)


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "<root>"


def _message(error: Any) -> str:
    custom = error.schema.get("x-error") if isinstance(error.schema, dict) else None
    if custom and error.validator in ("oneOf", "anyOf", "type"):
        return str(custom)
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if error.validator == "propertyNames":
        return f"{error.instance!r} is not a valid name: use lower case letters, digits, '_' and '-'"
    return str(error.message)


def validate_doc(doc: SourceDoc, name: str = "pipeline.schema.json") -> list[str]:
    """Every schema violation of ``doc`` as ``file:line:col: path: message``, in file order."""
    if name == "pipeline.schema.json":
        try:
            _fast_check(name)(doc.data)
            return []
        except ValueError:  # fastjsonschema's errors are ValueErrors
            pass  # fall through for the readable report
    if doc.data is None:
        what = (
            "a pipeline needs at least `version: 1` and `phases:`"
            if name.startswith("pipeline")
            else ("an overlay needs `settings:`, `vars:` or `phases:`")
        )
        return [f"{doc.file}:1:1: the file is empty; {what}"]
    problems: list[tuple[str, str]] = []
    for error in _validator(name).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            for key in (k for k in error.instance if k not in allowed):
                key_path = (*path, key)
                problems.append(
                    (doc.where(key_path), f"{_dotted(key_path)}: {_single_unknown(key, allowed)}")
                )
            continue
        problems.append((doc.where(path), f"{_dotted(path)}: {_message(error)}"))
    problems.sort(key=lambda p: tuple(int(x) for x in p[0].rsplit(":", 2)[1:]))
    return list(dict.fromkeys(f"{where}: {text}" for where, text in problems))  # oneOf can repeat one


def _single_unknown(key: str, allowed: dict[str, Any]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(key, list(allowed), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(allowed)}"
    return f"unknown key {key!r}; {hint}"
