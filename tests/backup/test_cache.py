"""cache.clear empties cache folders, keeps their guard files and reports what it freed."""

from __future__ import annotations

from pathlib import Path

import pytest

from shulorch.actions.backup.cache import clear
from shulorch.errors import ActionError
from tests.helpers import make_context


def test_clear_reports_files_and_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "writable" / "cache"
    (cache / "views").mkdir(parents=True)
    (cache / "index.html").write_text("<html></html>")
    (cache / ".gitkeep").write_text("")
    (cache / "a.cache").write_bytes(b"a" * 1000)
    (cache / "views" / "b.cache").write_bytes(b"b" * 500)
    (tmp_path / "outside.txt").write_text("keep me")
    (cache / "link").symlink_to(tmp_path / "outside.txt")
    ctx = make_context(tmp_path)
    result = clear(ctx, {"paths": ["writable/cache", "writable/missing"]})
    assert result.metrics == {"files": 3, "bytes": 1500 + len(str(tmp_path / "outside.txt")), "folders": 1}
    assert sorted(p.name for p in cache.iterdir()) == [".gitkeep", "index.html"]
    assert (tmp_path / "outside.txt").read_text() == "keep me"  # links are removed, never followed
    assert "writable/missing does not exist" in ctx.log.text()  # type: ignore[attr-defined]


def test_clear_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "notadir").write_text("x")
    with pytest.raises(ActionError, match="not a folder"):
        clear(make_context(tmp_path), {"paths": "notadir"})
