"""Load pipeline.yaml into the model, through the load cache when nothing it depends on changed;
:mod:`shulorch.builder` does the real work on a miss."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shulorch.errors import PipelineError
from shulorch.model import Pipeline


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadOptions:
    """What the loader needs besides the file: the environment, an overlay, CLI setting overrides."""

    env: Mapping[str, str]
    config_file: Path | None = None
    cli_settings: Mapping[str, Any] = field(default_factory=dict)
    run_id: str = "plan"  # {{ run_id }} in templates; a task using it reruns every build


def shown_path(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def load_pipeline(path: Path, options: LoadOptions) -> Pipeline:
    """Read ``path`` and return the validated pipeline, or raise PipelineError listing every problem.

    A pipeline loaded before under the same conditions comes from the load cache."""
    from shulorch import loadcache
    from shulorch.actions.registry import action_table
    from shulorch.schema import schema_text

    for given, what in ((path, "pass -f FILE or create it"), (options.config_file, "fix --config")):
        if given is not None and not given.is_file():
            problem = "is a folder, not a file" if given.is_dir() else "file not found"
            raise PipelineError(f"{given}: {problem}; {what}")
    cache = loadcache.cache_file(path)
    key = loadcache.cache_key(
        path,
        options.config_file,
        options.cli_settings,
        options.run_id,
        action_table(),
        schema_text(),
    )
    cached = loadcache.read(cache, key, options.env)
    if cached is not None:
        return cached
    from shulorch.builder import build_pipeline

    pipeline, (globs, env_reads) = build_pipeline(path, options)
    loadcache.write(cache, key, globs, env_reads, pipeline)
    return pipeline
