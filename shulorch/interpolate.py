"""Interpolation of pipeline strings: ``${VAR}`` / ``${VAR:-default}`` from the environment, then
``{{ vars.x }}`` / ``{{ item }}`` through jinja2 in a sandbox where an undefined name is an error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_ENV_REF = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0", ""})


class InterpolationError(Exception):
    """A reference could not be resolved; the loader adds file:line."""


def substitute_env(text: str, env: Mapping[str, str], keep_escapes: bool = False) -> str:
    """Replace ``${VAR}`` and ``${VAR:-default}``; ``$${`` becomes a literal ``${`` for the shell
    (or stays ``$${`` with ``keep_escapes``, for values that are substituted again where used)."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "$${" if keep_escapes else "${"
        name, default = match.group(1), match.group(2)
        value = env.get(name)
        if value is not None and (value != "" or default is None):
            return value
        if default is not None:
            return default
        raise InterpolationError(
            f"environment variable {name} is not set; export it or write ${{{name}:-default}}"
        )

    return _ENV_REF.sub(replace, text) if "$" in text else text


def parse_bool(value: Any) -> bool | None:
    """true/false for booleans and the usual words; None when the value is neither."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


@dataclass(slots=True)
class Renderer:
    """Renders strings (and nested lists/dicts of them) for one pipeline load."""

    env: Mapping[str, str]
    _jinja: Any = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def _template(self, source: str) -> Any:
        template = self._cache.get(source)
        if template is None:
            if self._jinja is None:
                from jinja2 import StrictUndefined
                from jinja2.sandbox import ImmutableSandboxedEnvironment

                self._jinja = ImmutableSandboxedEnvironment(
                    undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
                )
            template = self._cache[source] = self._jinja.from_string(source)
        return template

    def text(self, source: str, context: Mapping[str, Any], keep_escapes: bool = False) -> str:
        """jinja2 first, then ``${VAR}``: a value from the environment is inserted last and never
        evaluated as a template (an env value holding ``{{ ... }}`` stays text)."""
        if "{{" not in source and "{%" not in source:
            return substitute_env(source, self.env, keep_escapes)
        from jinja2 import TemplateError, UndefinedError

        try:
            rendered = str(self._template(source).render(context))
        except UndefinedError as err:
            raise InterpolationError(f"undefined template variable in {source!r}: {err.message}") from err
        except TemplateError as err:
            raise InterpolationError(f"template error: {err}") from err
        return substitute_env(rendered, self.env, keep_escapes)

    def value(self, source: Any, context: Mapping[str, Any], keep_escapes: bool = False) -> Any:
        """Render every string inside ``source``; other scalars pass through."""
        if isinstance(source, str):
            return self.text(source, context, keep_escapes)
        if isinstance(source, list):
            return [self.value(v, context, keep_escapes) for v in source]
        if isinstance(source, dict):
            return {k: self.value(v, context, keep_escapes) for k, v in source.items()}
        return source
