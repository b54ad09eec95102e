"""Fixtures of the backup tests: a small CodeIgniter-like tree and helpers to compare trees."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.backup.actions import snapshot
from shulorch.actions.backup.model import Entry, parse_entries
from shulorch.actions.base import ActionResult
from tests.helpers import make_context


def build_tree(root: Path) -> None:
    """Files of several modes, a nested folder, relative symlinks, duplicates, an empty file,
    excluded folders and configuration."""
    files = {
        "app/Controllers/Home.php": b"<?php\nclass Home {}\n",
        "app/Config/App.php": b"<?php\n$baseURL = 'http://localhost';\n",
        "app/Database/Migrations/2024-01-01-000000_Init.php": b"<?php // migration\n",
        "public/index.php": b"<?php require '../app/bootstrap.php';\n",
        "public/copy.php": b"<?php require '../app/bootstrap.php';\n",  # same bytes: one object
        "spark": b"#!/usr/bin/env php\n<?php\n",
        "empty.txt": b"",
        "data/blob.bin": os.urandom(300_000),
        ".env": b"database.default.password = secret\n",
        "vendor/autoload.php": b"<?php // composer\n",
        "writable/cache/page.cache": b"x" * 1000,
        "writable/cache/index.html": b"<html></html>",
        "name with spaces & 'quotes'.txt": b"odd name\n",
        "back\\slash.txt": b"backslash name\n",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.chmod(root / "spark", 0o755)
    os.chmod(root / ".env", 0o600)
    os.chmod(root / "data", 0o750)
    os.symlink("../app/Config/App.php", root / "public" / "config-link.php")
    os.symlink("Home.php", root / "app" / "Controllers" / "Alias.php")


def tree_state(root: Path, ignore: tuple[str, ...] = ()) -> dict[str, tuple[Any, ...]]:
    """rel path -> (kind, mode, bytes or link target) of everything under ``root``."""
    state: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if any(rel == i or rel.startswith(i + "/") for i in ignore):
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                state[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                state[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                state[rel] = ("file", stat.S_IMODE(st.st_mode), path.read_bytes())
        dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
    return state


Snap = Callable[..., ActionResult]


def entries_of(folder: Path) -> dict[str, Entry]:
    """path -> entry of the snapshot in ``folder``."""
    return {e.path: e for e in parse_entries((folder / "entries.json").read_bytes())}


def packs_of(folder: Path) -> list[Path]:
    return sorted((folder / "packs").iterdir())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    build_tree(root)
    return root


@pytest.fixture
def snap(tmp_path: Path) -> Snap:
    """Run backup.snapshot of ``app`` into ``backups`` (extra ``with:`` values as keywords)."""

    def run(**extra: Any) -> ActionResult:
        args: Mapping[str, Any] = {"source": "app", "dest": "backups", **extra}
        return snapshot(make_context(tmp_path), args)

    return run
