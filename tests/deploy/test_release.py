"""deploy.release and the release tree: copy minus excludes, shared links, the release log. No PHP needed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shulorch.actions.deploy import release
from shulorch.actions.deploy.layout import EnvLayout, ReleaseStatus, load_state
from shulorch.actions.deploy.tree import is_excluded
from shulorch.errors import ActionError
from tests.helpers import make_context


@pytest.mark.parametrize(
    ("rel", "patterns", "excluded"),
    [
        (".git/HEAD", [".git"], True),
        ("app/.git", [".git"], True),
        ("app/Views/home.php", [".git"], False),
        ("writable/logs/x.log", ["/writable"], True),
        ("app/writable/x", ["/writable"], False),
        ("app/writable/x", ["writable"], True),
        ("app/Cache/a.php", ["app/Cache"], True),
        ("lib/app/Cache/a.php", ["app/Cache"], False),
        ("debug.log", ["*.log"], True),
        ("public/index.php", ["*.log", "tests"], False),
    ],
)
def test_is_excluded(rel: str, patterns: list[str], excluded: bool) -> None:
    assert is_excluded(rel, patterns) is excluded


def test_release_copies_app_links_shared_and_logs_it(tmp_path: Path, app: Path) -> None:
    ctx = make_context(tmp_path, run_id="20260101-r1")
    result = release.run(ctx, {"source": "app", "root": "envs/staging", "exclude": [".git", "*.md"]})
    root = tmp_path / "envs" / "staging"
    rel = root / "releases" / "20260101-r1"
    assert (rel / "RELEASE").read_text() == "20260101-r1\n"
    assert (rel / "public" / "index.php").read_text() == (app / "public" / "index.php").read_text()
    assert not (rel / ".git").exists()
    # writable/ and .env are links into shared/, seeded from the source the first time.
    assert (rel / "writable").is_symlink() and not os.path.isabs(os.readlink(rel / "writable"))
    assert (rel / "writable").resolve() == (root / "shared" / "writable").resolve()
    assert (root / "shared" / "writable" / "logs" / "index.html").is_file()
    assert (root / "shared" / ".env").read_text() == "CI_ENVIRONMENT = production\n"
    copied = [p for p in rel.rglob("*") if p.is_file() and not p.is_symlink() and p.name != "RELEASE"]
    assert result.metrics["files"] == len(copied) == 3
    assert result.metrics["bytes"] == sum(p.stat().st_size for p in copied)
    assert result.metrics["environment"] == "staging"
    assert result.metrics["previous_release"] is None
    state = load_state(EnvLayout(root=root))
    assert [(r.id, r.status) for r in state.releases] == [("20260101-r1", ReleaseStatus.PREPARED)]
    assert json.loads((root / "deploy.json").read_text())["releases"][0]["files"] == 3
    assert not list((root / "releases").glob(".build-*"))


def test_shared_data_survives_the_next_release(tmp_path: Path, app: Path) -> None:
    ctx = make_context(tmp_path)
    release.run(ctx, {"source": "app", "root": "env", "release": "a"})
    (tmp_path / "env" / "releases" / "a" / "writable" / "uploads.txt").write_text("kept")
    release.run(ctx, {"source": "app", "root": "env", "release": "b"})
    assert (tmp_path / "env" / "releases" / "b" / "writable" / "uploads.txt").read_text() == "kept"


def test_release_ids_are_immutable(tmp_path: Path, app: Path) -> None:
    ctx = make_context(tmp_path)
    release.run(ctx, {"source": "app", "root": "env", "release": "v1"})
    with pytest.raises(ActionError, match="release v1 already exists"):
        release.run(ctx, {"source": "app", "root": "env", "release": "v1"})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"root": "env"}, r"with\.source: expected a non-empty string"),
        ({"source": "missing", "root": "env"}, "is not a folder"),
        ({"source": "app", "root": "env", "release": "../evil"}, r"with\.release: expected a release id"),
        ({"source": "app", "root": "env", "exclude": 3}, r"with\.exclude: expected a list of strings"),
    ],
)
def test_bad_arguments_name_the_key(tmp_path: Path, app: Path, args: dict[str, object], message: str) -> None:
    with pytest.raises(ActionError, match=message):
        release.run(make_context(tmp_path, task="staging.release"), args)
