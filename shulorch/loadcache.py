"""A cache of loaded pipelines, so a no-op build does not parse, validate and expand the same
pipeline.yaml again.

The key covers what the loaded model depends on: the pipeline and overlay bytes, the command-line
settings, the schema, the action names, the model's layout and shulorch's version, plus the run id
when the file uses ``{{ run_id }}``. The environment variables the pipeline read (settings
switches, ``${VAR}``, ``{{ env.X }}``) are stored with their values and compared on reading, so
unrelated variables (PWD, OLDPWD...) do not matter. ``foreach`` globs also depend on the file
system: their results are stored and globbed again; any difference is a miss.
The cache lives in ``<pipeline folder>/.shulorch/cache/`` (mode 0600: rendered values may hold
secrets from the environment) and may be deleted at any time. It is JSON, read back field by
field into the model: reading it never runs code, whoever wrote the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import glob
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from shulorch import __version__
from shulorch.fsutil import write_atomic
from shulorch.model import Phase, Pipeline, Settings, Task, Uptodate

Globs = tuple[tuple[str, str, tuple[str, ...]], ...]  # (root, pattern, sorted matches)


def cache_file(pipeline_file: Path) -> Path:
    return pipeline_file.resolve().parent / ".shulorch" / "cache" / "pipeline.json"


def cache_key(
    pipeline_file: Path,
    config_file: Path | None,
    cli: Mapping[str, Any],
    run_id: str,
    actions: Mapping[str, str],
    schema_text: str,
) -> str:
    digest = hashlib.sha256()
    text = pipeline_file.read_bytes()
    for part in (
        text,
        config_file.read_bytes() if config_file else b"",
        repr(sorted(cli.items())).encode(),
        run_id.encode() if b"run_id" in text else b"",
        repr(sorted(actions)).encode(),
        schema_text.encode(),
        __version__.encode(),
        _model_fingerprint().encode(),
        str(pipeline_file.resolve()).encode(),
        # Messages and sources name the file as seen from the current folder.
        os.path.relpath(pipeline_file.resolve(), Path.cwd()).encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _model_fingerprint() -> str:
    """The model's field names: a cache written for another layout must never be read back."""
    import dataclasses

    from shulorch import model

    classes = (model.Pipeline, model.Phase, model.Task, model.Settings)
    return repr([(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in classes])


def glob_matches(root: str, pattern: str) -> tuple[str, ...]:
    return tuple(sorted(glob.glob(pattern, root_dir=root, recursive=True)))


def read(
    path: Path,
    key: str,
    env: Mapping[str, str],
    matcher: Callable[[str, str], tuple[str, ...]] = glob_matches,
) -> Pipeline | None:
    """The cached pipeline for ``key``, or None (missing, other key, an environment variable the
    pipeline read has another value, changed globs, unreadable)."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("key") != key:
            return None
        if any(env.get(name) != value for name, value in data["env"].items()):
            return None
        globs = [(str(r), str(p), tuple(f)) for r, p, f in data["globs"]]
        if any(matcher(root, pattern) != found for root, pattern, found in globs):
            return None
        return _pipeline(data["pipeline"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(
    path: Path, key: str, globs: Globs, env_reads: Mapping[str, str | None], pipeline: Pipeline
) -> None:
    """Store ``pipeline``; a cache that cannot be written is only a missed optimisation."""
    body = {
        "key": key,
        "globs": [list(g) for g in globs],
        "env": dict(env_reads),
        "pipeline": dataclasses.asdict(pipeline),
    }
    with contextlib.suppress(OSError):
        write_atomic(path, json.dumps(body, default=_plain), mode=0o600)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON")


def _task(d: dict[str, Any]) -> Task:
    tuples = ("run", "file_dep", "targets", "deps")
    return Task(**{**d, **{k: tuple(d[k]) for k in tuples}, "uptodate": Uptodate(d["uptodate"])})


def _pipeline(d: dict[str, Any]) -> Pipeline:
    phases = tuple(
        Phase(
            **{
                **p,
                "tags": tuple(p["tags"]),
                "needs": tuple(p["needs"]),
                "tasks": tuple(_task(t) for t in p["tasks"]),
            }
        )
        for p in d["phases"]
    )
    return Pipeline(**{**d, "phases": phases, "settings": Settings(**d["settings"])})
