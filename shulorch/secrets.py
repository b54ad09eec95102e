"""Masking of secret values: environment variables whose names contain TOKEN, SECRET, PASSWORD
or KEY never reach the console, the log or run.json, even when a command echoes them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from shulorch.model import Pipeline

_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|KEY", re.IGNORECASE)
MASK = "****"


def secret_values(pairs: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Values to hide, longest first so that a value containing another is masked whole.

    Pairs, not a mapping: one name may carry different values in different tasks' ``env``."""
    values = {v for k, v in pairs if _SECRET_NAME.search(k) and len(v) >= 4}
    return tuple(sorted(values, key=len, reverse=True))


def make_masker(pairs: Iterable[tuple[str, str]]) -> Callable[[str], str]:
    """A function replacing every secret value among ``pairs`` (name, value) by ``****``."""
    values = secret_values(pairs)
    if not values:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(v) for v in values))
    return lambda text: pattern.sub(MASK, text)


def pipeline_masker(pipeline: Pipeline, env: Mapping[str, str]) -> Callable[[str], str]:
    """The masker of a run: secrets of the process environment and of every `env:` level."""
    return make_masker(
        [*env.items(), *pipeline.env.items(), *(pair for t in pipeline.tasks() for pair in t.env.items())]
    )
