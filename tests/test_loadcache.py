"""The load cache: hits when nothing the pipeline depends on changed, misses otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from shulorch import loadcache
from shulorch.loader import LoadOptions, load_pipeline

PIPELINE = """version: 1
phases:
  p:
    tasks:
      each:
        foreach: "src/*.txt"
        run: "echo {{ item }} ${GREETING:-hi}"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("a")
    (tmp_path / "pipeline.yaml").write_text(PIPELINE)
    return tmp_path


def _load(project: Path, **env: str) -> tuple[list[str], list[str]]:
    built: list[str] = []
    original = loadcache.write

    def spy(*args: object, **kwargs: object) -> None:
        built.append("built")
        original(*args, **kwargs)  # type: ignore[arg-type]

    loadcache.write = spy  # type: ignore[assignment]
    try:
        pipeline = load_pipeline(project / "pipeline.yaml", LoadOptions(env=env))
    finally:
        loadcache.write = original
    return [t.run[0] for t in pipeline.tasks()], built


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        (lambda p: None, False),
        (lambda p: (p / "src" / "b.txt").write_text("b"), True),  # a foreach glob matches more
        (lambda p: (p / "pipeline.yaml").write_text(PIPELINE.replace("echo", "printf")), True),
        (lambda p: (p / ".shulorch" / "cache" / "pipeline.json").write_text("{not json"), True),
    ],
)
def test_cache_hits_only_when_nothing_changed(project: Path, change, rebuilt: bool) -> None:  # type: ignore[no-untyped-def]
    _load(project, OTHER="1")
    change(project)
    runs, built = _load(project, OTHER="2")  # a variable the pipeline never reads does not matter
    assert bool(built) is rebuilt
    assert all(r.startswith(("echo src/", "printf src/")) for r in runs)


def test_a_variable_the_pipeline_reads_invalidates(project: Path) -> None:
    assert _load(project)[0] == ["echo src/a.txt hi"]
    runs, built = _load(project, GREETING="hello")
    assert runs == ["echo src/a.txt hello"] and built
    assert _load(project, GREETING="hello")[1] == []


def test_cache_is_private_json(project: Path) -> None:
    _load(project)
    cache = project / ".shulorch" / "cache" / "pipeline.json"
    assert cache.stat().st_mode & 0o777 == 0o600
    assert cache.read_text().startswith("{")
