"""The committed fast validator must be the one generated from the current schema."""

from __future__ import annotations

from pathlib import Path

import shulorch
from shulorch.schema import fast_validator_source


def test_shipped_fast_validator_matches_the_schema() -> None:
    shipped = Path(shulorch.__file__).parent / "_pipeline_validator.py"
    assert shipped.read_text(encoding="utf-8") == fast_validator_source(), (
        "schema/pipeline.schema.json changed: regenerate with "
        "python -c 'from shulorch.schema import fast_validator_source as f; "
        "open(\"shulorch/_pipeline_validator.py\", \"w\").write(f())'"
    )
