"""Rendering a template into an empty folder, with copier or cookiecutter (imported only here, lazily).

The engines never write into the destination: shulorch renders, compares and merges itself, so a
conflict can stop the phase before any file changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shulorch.errors import ActionError

ENGINES = ("copier", "cookiecutter")
ANSWERS_FILE = {"copier": ".copier-answers.yml", "cookiecutter": ".cookiecutter-answers.yml"}


def render(
    *,
    engine: str,
    template: Path,
    out: Path,
    data: Mapping[str, Any],
    trusted: bool,
    vcs_ref: str | None = None,
    where: str,
) -> Path:
    """Render ``template`` with ``data`` into the empty folder ``out``; return the rendered root."""
    if engine == "copier":
        _copier(template, out, data, trusted, vcs_ref, where)
        return out
    if engine == "cookiecutter":
        return _cookiecutter(template, out, data, trusted, where)
    raise ActionError(f"{where}: engine {engine!r} is not one of {', '.join(ENGINES)}")


def _copier(
    template: Path, out: Path, data: Mapping[str, Any], trusted: bool, ref: str | None, where: str
) -> None:
    from copier import Settings, run_copy
    from copier.errors import CopierError, UnsafeTemplateError

    try:
        run_copy(
            str(template),
            str(out),
            data=dict(data),
            vcs_ref=ref,
            defaults=True,
            overwrite=True,
            quiet=True,
            # The pipeline's `trusted` decides alone: ignore a user-level copier trust list.
            settings=Settings(),
            unsafe=trusted,
        )
    except UnsafeTemplateError as err:
        raise ActionError(
            f"{where}: template {template} declares tasks, migrations or Jinja extensions ({err}); "
            "review it and set `trusted: true` in the task's `with:` to allow them"
        ) from err
    except (CopierError, ValueError) as err:
        raise ActionError(f"{where}: copier could not render {template}: {err}") from err
    except Exception as err:
        # Jinja errors in template files surface as plain exceptions: name the template at least.
        if type(err).__module__.startswith(("jinja2", "copier", "pydantic")):
            raise ActionError(f"{where}: template {template} failed to render: {err}") from err
        raise


def _cookiecutter(template: Path, out: Path, data: Mapping[str, Any], trusted: bool, where: str) -> Path:
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter

    declared = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    # Cookiecutter variables are flat; complex answers go in as JSON text when the template asks.
    context = {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in data.items() if k in declared}
    if "spec_json" in declared:
        context["spec_json"] = json.dumps(dict(data), sort_keys=True)
    hooks = template / "hooks"
    if hooks.is_dir() and any(hooks.iterdir()) and not trusted:
        raise ActionError(
            f"{where}: cookiecutter template {template} has hooks; review them and set `trusted: true` "
            "in the task's `with:` to run them"
        )
    try:
        produced = cookiecutter(
            str(template),
            no_input=True,
            extra_context=context,
            output_dir=str(out),
            overwrite_if_exists=False,
            accept_hooks=trusted,
        )
    except CookiecutterException as err:
        raise ActionError(f"{where}: cookiecutter could not render {template}: {err}") from err
    return Path(produced)
