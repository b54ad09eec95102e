"""A cache of loaded pipelines, so a no-op build does not parse, validate and expand the same
pipeline.yaml again.

The key covers everything the loaded model depends on: the pipeline and overlay bytes, the whole
environment (interpolation reads it), the command-line settings, the schema, the action names and
shulorch's version, plus the run id when the file uses ``{{ run_id }}``. ``foreach`` globs also
depend on the file system: their results are stored and globbed again; any difference is a miss.
The cache lives in ``<pipeline folder>/.shulorch/cache/`` and may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from shulorch import __version__
from shulorch.fsutil import write_atomic
from shulorch.model import Pipeline

Globs = tuple[tuple[str, str, tuple[str, ...]], ...]  # (root, pattern, sorted matches)


def cache_file(pipeline_file: Path) -> Path:
    return pipeline_file.resolve().parent / ".shulorch" / "cache" / "pipeline.pickle"


def cache_key(
    pipeline_file: Path,
    config_file: Path | None,
    env: Mapping[str, str],
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
        repr(sorted(env.items())).encode(),
        repr(sorted(cli.items())).encode(),
        run_id.encode() if b"run_id" in text else b"",
        repr(sorted(actions)).encode(),
        schema_text.encode(),
        __version__.encode(),
        _model_fingerprint().encode(),
        str(pipeline_file.resolve()).encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _model_fingerprint() -> str:
    """The model's field names: a pickle made by another layout must never be read back."""
    import dataclasses

    from shulorch import model

    classes = (model.Pipeline, model.Phase, model.Task, model.Settings)
    return repr([(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in classes])


def glob_matches(root: str, pattern: str) -> tuple[str, ...]:
    return tuple(sorted(glob.glob(pattern, root_dir=root, recursive=True)))


def read(
    path: Path, key: str, matcher: Callable[[str, str], tuple[str, ...]] = glob_matches
) -> Pipeline | None:
    """The cached pipeline for ``key``, or None (missing, other key, changed globs, unreadable)."""
    try:
        stored_key, globs, pipeline = pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, ValueError, EOFError, TypeError, AttributeError, ImportError):
        return None
    if stored_key != key or not isinstance(pipeline, Pipeline):
        return None
    if any(matcher(root, pattern) != found for root, pattern, found in globs):
        return None
    return pipeline


def write(path: Path, key: str, globs: Globs, pipeline: Pipeline) -> None:
    """Store ``pipeline``; a cache that cannot be written is only a missed optimisation."""
    with contextlib.suppress(OSError):
        write_atomic(path, pickle.dumps((key, globs, pipeline), protocol=pickle.HIGHEST_PROTOCOL))
