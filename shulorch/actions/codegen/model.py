"""The module-spec model: validated specs become frozen values with every derived name the template needs.

Pure: no files, no subprocesses. ``spec.py`` loads and validates YAML into plain data; this module turns
that data into :class:`ModuleSpec` and back into the JSON answers handed to the template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

REST_ACTIONS = ("index", "show", "create", "update", "delete")

# SQL column, OpenAPI type/format and CI4 type rule per spec type.
_SQL = {
    "string": ("VARCHAR", None),
    "email": ("VARCHAR", None),
    "text": ("TEXT", None),
    "integer": ("INT", 11),
    "decimal": ("DECIMAL", "10,2"),
    "boolean": ("TINYINT", 1),
    "date": ("DATE", None),
    "datetime": ("DATETIME", None),
}
_OPENAPI = {
    "string": ("string", None),
    "email": ("string", "email"),
    "text": ("string", None),
    "integer": ("integer", None),
    "decimal": ("number", None),
    "boolean": ("integer", None),
    "date": ("string", "date"),
    "datetime": ("string", "date-time"),
}
_TYPE_RULE = {
    "string": "",
    "email": "valid_email",
    "text": "",
    "integer": "integer",
    "decimal": "decimal",
    "boolean": "in_list[0,1]",
    "date": "valid_date[Y-m-d]",
    "datetime": "valid_date[Y-m-d H:i:s]",
}
_CAST = {"integer": "integer", "decimal": "float", "boolean": "boolean"}
_DEFAULT_LENGTH = {"string": 120, "email": 190, "text": 65535}


def snake(name: str) -> str:
    """``FeeInvoice`` -> ``fee_invoice``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def plural(word: str) -> str:
    """A small English pluraliser; specs set ``table`` where it guesses wrong."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def pascal(words: str) -> str:
    """``fee_invoices`` -> ``FeeInvoices``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", words) if part)


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSpec:
    name: str
    type: str
    required: bool
    max_length: int | None
    unique: bool
    values: tuple[str, ...]
    extra_rules: str
    example: Any
    description: str
    relation_table: str | None = None

    @property
    def rules(self) -> str:
        """The CI4 rule string: presence, type, length, list, uniqueness, then the spec's own rules."""
        parts = ["required" if self.required else "permit_empty"]
        if self.relation_table is not None:
            parts.append("is_natural_no_zero")
        elif _TYPE_RULE[self.type]:
            parts.append(_TYPE_RULE[self.type])
        if self.max_length is not None and self.type in {"string", "email", "text"}:
            parts.append(f"max_length[{self.max_length}]")
        if self.values:
            parts.append(f"in_list[{','.join(self.values)}]")
        return "|".join([*parts, *(r for r in self.extra_rules.split("|") if r)])

    def sample(self, row: int) -> Any:
        """A value that passes every generated rule; rows differ so unique fields stay unique."""
        if self.example is not None and not self.unique:
            return self.example
        if self.relation_table is not None:
            return row
        if self.values:
            return self.values[(row - 1) % len(self.values)]
        kind = self.type
        if kind == "email":
            return f"{self.name.replace('_', '.')}{row}@example.com"
        if kind == "integer":
            return row
        if kind == "decimal":
            return 10.5 * row
        if kind == "boolean":
            return 1
        if kind == "date":
            return f"2024-01-{row:02d}"
        if kind == "datetime":
            return f"2024-01-{row:02d} 08:30:00"
        text = f"{pascal(self.name)}{row}"  # no space: alpha_numeric rules must pass too
        return text[-(self.max_length or len(text)) :]

    def invalid(self) -> Any:
        """A value this field's generated rules reject (for the 400 tests)."""
        if self.relation_table is not None or self.type in {"integer", "decimal"}:
            return "not-a-number"
        if self.values or self.type == "boolean":
            return "not-in-the-list"
        if self.type == "email":
            return "not-an-email"
        if self.type in {"date", "datetime"}:
            return "not-a-date"
        return "x" * ((self.max_length or 65535) + 1)

    def invalid_php(self) -> str:
        """:meth:`invalid` as a PHP expression (long strings as ``str_repeat`` to keep lines short)."""
        value = self.invalid()
        if isinstance(value, str) and len(value) > 20 and set(value) == {"x"}:
            return f"str_repeat('x', {len(value)})"
        return f"'{value}'" if isinstance(value, str) else str(value)

    def answers(self, table: str) -> dict[str, Any]:
        sql_type, constraint = _SQL["integer" if self.relation_table else self.type]
        if self.type in {"string", "email"} and not self.relation_table:
            constraint = self.max_length
        rules = self.rules
        if self.unique:
            # The {id} placeholder is filled from the row; the model adds a rule for `id` (CI4 needs one).
            rules += f"|is_unique[{table}.{self.name},id,{{id}}]"
        api_type, api_format = _OPENAPI["integer" if self.relation_table else self.type]
        cast = _CAST.get("integer" if self.relation_table else self.type)
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "rules": rules,
            "sql_type": sql_type,
            "sql_constraint": constraint,
            "unsigned": self.relation_table is not None,
            "unique": self.unique,
            "api_type": api_type,
            "api_format": api_format,
            "max_length": self.max_length,
            "allowed": list(self.values),
            "cast": (cast if self.required else f"?{cast}") if cast else None,
            "relation_table": self.relation_table,
            "description": self.description,
            "sample1": self.sample(1),
            "sample2": self.sample(2),
            "invalid": self.invalid(),
            "invalid_php": self.invalid_php(),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySpec:
    name: str
    table: str
    resource: str
    description: str
    endpoints: tuple[str, ...]
    fields: tuple[FieldSpec, ...]

    def answers(self) -> dict[str, Any]:
        fields = [f.answers(self.table) for f in self.fields]
        has_unique = any(f.unique for f in self.fields)
        return {
            "name": self.name,
            "plural": pascal(self.table),
            "table": self.table,
            "resource": self.resource,
            "var": self.name[:1].lower() + self.name[1:],
            "description": self.description or f"{self.name} records",
            "endpoints": list(self.endpoints),
            "fields": fields,
            "required_fields": [f.name for f in self.fields if f.required],
            "has_unique": has_unique,
            "invalid_field": _invalid_field(self.fields).name,
        }


def _invalid_field(fields: tuple[FieldSpec, ...]) -> FieldSpec:
    """The field the 400 test breaks: the first one with a rule that can fail on a wrong type."""
    for f in fields:
        if f.type != "text":
            return f
    return fields[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleSpec:
    module: str
    description: str
    api_prefix: str
    migration_timestamp: str | None
    entities: tuple[EntitySpec, ...]

    @property
    def endpoint_count(self) -> int:
        return sum(len(e.endpoints) for e in self.entities)

    def template_data(self, migration_timestamp: str) -> dict[str, Any]:
        """The answers the template receives (copier ``data``); JSON values only."""
        stamp = self.migration_timestamp or migration_timestamp
        entities = []
        for index, entity in enumerate(self.entities):
            answers = entity.answers()
            # One second apart: CI4 orders migrations by this prefix, so entities keep spec order.
            answers["migration_version"] = _bump(stamp, index)
            entities.append(answers)
        return {
            "module_name": self.module,
            "description": self.description or f"{self.module} module",
            "namespace": f"App\\Modules\\{self.module}",
            "api_prefix": self.api_prefix,
            "migration_timestamp": stamp,
            "entities": entities,
        }


def _bump(stamp: str, seconds: int) -> str:
    """``YYYY-MM-DD-HHMMSS`` plus ``seconds`` (pure string arithmetic, no clock)."""
    from datetime import datetime, timedelta

    moment = datetime.strptime(stamp, "%Y-%m-%d-%H%M%S") + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%d-%H%M%S")


def build_module(data: Mapping[str, Any]) -> ModuleSpec:
    """Turn schema-valid spec data into a :class:`ModuleSpec`, filling every default."""
    entities = []
    for raw in data["entities"]:
        table = raw.get("table") or plural(snake(raw["name"]))
        fields = [
            FieldSpec(
                name=name,
                type=f["type"],
                required=bool(f.get("required", False)),
                max_length=f.get("max_length", _DEFAULT_LENGTH.get(f["type"])),
                unique=bool(f.get("unique", False)),
                values=tuple(f.get("values", ())),
                extra_rules=f.get("rules", ""),
                example=f.get("example"),
                description=f.get("description", ""),
            )
            for name, f in raw["fields"].items()
        ]
        fields += [
            FieldSpec(
                name=name,
                type="integer",
                required=bool(rel.get("required", True)),
                max_length=None,
                unique=False,
                values=(),
                extra_rules="",
                example=None,
                description=rel.get("description", f"id of a row in {rel['table']}"),
                relation_table=rel["table"],
            )
            for name, rel in (raw.get("relations") or {}).items()
        ]
        entities.append(
            EntitySpec(
                name=raw["name"],
                table=table,
                resource=raw.get("resource") or table.replace("_", "-"),
                description=raw.get("description", ""),
                endpoints=tuple(a for a in REST_ACTIONS if a in raw.get("endpoints", REST_ACTIONS)),
                fields=tuple(fields),
            )
        )
    return ModuleSpec(
        module=data["module"],
        description=data.get("description", ""),
        api_prefix=data.get("api_prefix", "api"),
        migration_timestamp=data.get("migration_timestamp"),
        entities=tuple(entities),
    )
