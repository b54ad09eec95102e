"""An environment root on disk (Deployer-like) and its release log ``deploy.json``.

``<root>/releases/<id>/`` one folder per release, ``shared/`` linked into each release, ``current`` the
active release, ``run/`` pid files, logs and the router's ``active.json``, ``deploy.json`` the log.
"""

from __future__ import annotations

import enum
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shulorch.errors import ActionError
from shulorch.fsutil import fsync_dir, write_json_atomic

SLOTS = ("blue", "green")


class ReleaseStatus(enum.StrEnum):
    PREPARED = "prepared"  # copied, never served to the public port
    ACTIVE = "active"  # answers on the public port now
    RETIRED = "retired"  # was active, replaced by a newer or older release
    FAILED = "failed"  # a health, smoke or verification check refused it
    PRUNED = "pruned"  # folder removed by keep_releases


@dataclass(frozen=True, slots=True, kw_only=True)
class EnvLayout:
    """Paths of one environment root."""

    root: Path

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    @property
    def shared(self) -> Path:
        return self.root / "shared"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def state_file(self) -> Path:
        return self.root / "deploy.json"

    @property
    def active_file(self) -> Path:
        return self.run_dir / "active.json"

    def release_dir(self, release: str) -> Path:
        return self.releases / release


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseRecord:
    """One line of the release log."""

    id: str
    created: str  # ISO-8601 UTC
    run_id: str
    source: str
    files: int
    bytes: int
    status: ReleaseStatus
    previous: str | None = None  # release active when this one was prepared (its rollback target)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployState:
    """What ``deploy.json`` holds: the release log and which release serves the public port."""

    environment: str
    public_port: int | None = None
    active_release: str | None = None
    active_slot: str | None = None
    previous_release: str | None = None  # the rollback target
    releases: tuple[ReleaseRecord, ...] = ()

    def record(self, release: str) -> ReleaseRecord | None:
        return next((r for r in self.releases if r.id == release), None)

    def with_status(self, release: str, status: ReleaseStatus) -> DeployState:
        return replace(
            self, releases=tuple(replace(r, status=status) if r.id == release else r for r in self.releases)
        )

    def latest(self, *statuses: ReleaseStatus) -> ReleaseRecord | None:
        """The newest release with one of ``statuses`` (any status when none given)."""
        found = [r for r in self.releases if not statuses or r.status in statuses]
        return found[-1] if found else None


def load_state(layout: EnvLayout, environment: str | None = None) -> DeployState:
    """Read ``deploy.json``; a root never deployed to gives an empty state."""
    try:
        raw = json.loads(layout.state_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DeployState(environment=environment or layout.root.name)
    except (OSError, ValueError) as err:
        raise ActionError(
            f"{layout.state_file}: unreadable release log ({err}); restore it from a backup or move it aside"
        ) from err
    try:
        records = tuple(
            ReleaseRecord(**{**r, "status": ReleaseStatus(r["status"])}) for r in raw.get("releases", [])
        )
        return DeployState(
            environment=str(raw.get("environment") or environment or layout.root.name),
            public_port=raw.get("public_port"),
            active_release=raw.get("active_release"),
            active_slot=raw.get("active_slot"),
            previous_release=raw.get("previous_release"),
            releases=records,
        )
    except (TypeError, ValueError, KeyError) as err:
        raise ActionError(
            f"{layout.state_file}: malformed release log ({err}); fix or move it aside"
        ) from err


def save_state(layout: EnvLayout, state: DeployState) -> None:
    """Atomically replace ``deploy.json``: a crash leaves the old log or the new one."""
    data: dict[str, Any] = {
        "environment": state.environment,
        "public_port": state.public_port,
        "active_release": state.active_release,
        "active_slot": state.active_slot,
        "previous_release": state.previous_release,
        "releases": [
            {
                "id": r.id,
                "created": r.created,
                "run_id": r.run_id,
                "source": r.source,
                "files": r.files,
                "bytes": r.bytes,
                "status": r.status.value,
                "previous": r.previous,
            }
            for r in state.releases
        ],
    }
    write_json_atomic(layout.state_file, data)


def switch_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically: a new link under a temporary name renamed over the old."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


@contextmanager
def deploy_lock(layout: EnvLayout, task: str) -> Iterator[None]:
    """Hold ``<root>/.deploy.lock`` so two deploys never change one environment at once.

    flock is released by the kernel when the holder dies, so a crashed run leaves no stale lock.
    """
    layout.root.mkdir(parents=True, exist_ok=True)
    path = layout.root / ".deploy.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ActionError(
                f"{task}: another deploy holds {path}; wait for it to finish, then run the task again"
            ) from None
        yield
    finally:
        os.close(fd)
