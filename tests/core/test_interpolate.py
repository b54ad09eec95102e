"""Interpolation tables: ``${VAR}``, ``${VAR:-default}``, ``$${``, jinja2 with StrictUndefined in a
sandbox, and the boolean words used by ``enabled`` / ``when``."""

from __future__ import annotations

from typing import Any

import pytest

from shulorch.interpolate import InterpolationError, Renderer, parse_bool, substitute_env

ENV = {"HOME_DIR": "/srv/app", "EMPTY": "", "N": "3", "ENABLE_DEPLOYMENT": "false"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("${HOME_DIR}/public", "/srv/app/public"),
        ("a ${N} b ${N}", "a 3 b 3"),
        ("${MISSING:-fallback}", "fallback"),
        ("${HOME_DIR:-fallback}", "/srv/app"),
        ("${EMPTY:-fallback}", "fallback"),  # empty counts as unset with :-, as in the shell
        ("${EMPTY}", ""),
        ("${MISSING:-}", ""),
        ("${ENABLE_DEPLOYMENT:-true}", "false"),
        ("$${HOME_DIR}", "${HOME_DIR}"),  # escaped: left for the shell
        ("echo $$${HOME_DIR}", "echo $${HOME_DIR}"),
        ("$HOME_DIR and $ alone", "$HOME_DIR and $ alone"),  # only the braced form is ours
        ("${MISSING:-a b c}", "a b c"),
    ],
)
def test_substitute_env(text: str, expected: str) -> None:
    assert substitute_env(text, ENV) == expected


@pytest.mark.parametrize("text", ["${MISSING}", "x ${NOPE} y", "${N}${ALSO_MISSING}"])
def test_unset_variable_without_default_is_an_error_naming_it(text: str) -> None:
    with pytest.raises(InterpolationError) as err:
        substitute_env(text, ENV)
    name = text.split("${")[-1].split("}")[0]
    assert name in str(err.value)
    assert ":-default" in str(err.value)  # says what to do


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("1", True),
        (1, True),
        ("false", False),
        ("No", False),
        ("off", False),
        ("0", False),
        (0, False),
        ("", False),
        ("maybe", None),
        ("2", None),
        ("truee", None),
    ],
)
def test_parse_bool(value: Any, expected: bool | None) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ vars.app }}/app", {"vars": {"app": "examples/shulelabs"}}, "examples/shulelabs/app"),
        ("lint {{ item }}", {"item": "src/a.php"}, "lint src/a.php"),
        ("{{ vars.n + 1 }}", {"vars": {"n": 1}}, "2"),
        ("${N}-{{ vars.x }}", {"vars": {"x": "y"}}, "3-y"),  # environment first, then jinja
        ("{% if vars.on %}yes{% else %}no{% endif %}", {"vars": {"on": False}}, "no"),
        ("no templates here", {}, "no templates here"),
    ],
)
def test_renderer_text(source: str, context: dict[str, Any], expected: str) -> None:
    assert Renderer(ENV).text(source, context) == expected


@pytest.mark.parametrize(
    ("source", "context", "fragment"),
    [
        ("{{ vars.nope }}", {"vars": {}}, "nope"),
        ("{{ nope }}", {}, "nope"),
        ("{{ item.name }}", {"item": "x"}, "name"),
        ("{{ vars.a.b }}", {"vars": {"a": {}}}, "b"),
    ],
)
def test_undefined_names_are_errors(source: str, context: dict[str, Any], fragment: str) -> None:
    """StrictUndefined: an undefined name never renders as an empty string."""
    with pytest.raises(InterpolationError) as err:
        Renderer(ENV).text(source, context)
    assert "undefined" in str(err.value)
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    "source",
    [
        "{{ vars.items.append(1) }}",  # immutable sandbox: no mutation of the context
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",  # no escape to Python internals
    ],
)
def test_templates_run_in_a_sandbox(source: str) -> None:
    with pytest.raises(InterpolationError):
        Renderer(ENV).text(source, {"vars": {"items": [1]}})


def test_value_renders_nested_structures_and_keeps_other_scalars() -> None:
    source = {"a": ["{{ vars.x }}", 3, True, None], "b": {"c": "${N}"}}
    assert Renderer(ENV).value(source, {"vars": {"x": "X"}}) == {"a": ["X", 3, True, None], "b": {"c": "3"}}
