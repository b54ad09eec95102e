"""Helpers for the core tests: a throw-away project folder with a pipeline.yaml, run in-process
through ``shulorch.cli.main`` or as a real ``python -m shulorch`` subprocess, process checks and
model builders for the pure tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from shulorch.cli import main
from shulorch.model import Phase, Pipeline, Settings, Task

RUN_ID_RE = r"^\d{14}-[0-9a-f]{8}$"
LOG_LINE_RE = r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[(info|warning|error)\] "


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass
class Project:
    """A project folder under tmp_path holding pipeline.yaml; commands run against it."""

    root: Path
    capsys: pytest.CaptureFixture[str]
    spawned: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def pipeline(self) -> Path:
        return self.root / "pipeline.yaml"

    def write(self, text: str, name: str = "pipeline.yaml") -> Path:
        path = self.root / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def file(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    # -- in-process CLI --------------------------------------------------------------------------
    def cli(self, *args: str) -> CliResult:
        """``shulorch ARGS`` in-process; main() always ends with SystemExit."""
        self.capsys.readouterr()
        with pytest.raises(SystemExit) as exc:
            main(list(args))
        captured = self.capsys.readouterr()
        code = exc.value.code
        return CliResult(code=code if isinstance(code, int) else 1, out=captured.out, err=captured.err)

    def run_ids(self) -> set[str]:
        runs = self.root / ".shulorch" / "runs"
        return {p.name for p in runs.iterdir()} if runs.is_dir() else set()

    def build(self, *args: str, command: str = "build") -> tuple[CliResult, dict[str, Any]]:
        """Run ``shulorch build -f pipeline.yaml ARGS``; return its result and the new run.json."""
        before = self.run_ids()
        result = self.cli(command, "-f", str(self.pipeline), *args)
        new = self.run_ids() - before
        assert len(new) == 1, f"expected one new run, got {new}: {result.text}"
        return result, self.record(new.pop())

    def record(self, run_id: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(
            (self.root / ".shulorch" / "runs" / run_id / "run.json").read_text(encoding="utf-8")
        )
        return data

    def ran(self, name: str = "ran.log") -> list[str]:
        """Lines tasks appended to ``name`` since the last call (the file is then emptied)."""
        path = self.root / name
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").split()
        path.write_text("", encoding="utf-8")
        return lines

    # -- subprocess CLI ------------------------------------------------------------------------
    def spawn(self, *args: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shulorch", *args],
            cwd=self.root,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.spawned.append(proc)
        return proc

    def signal(self, proc: subprocess.Popen[str], sig: int, timeout: float = 15) -> CliResult:
        """Send ``sig`` to a spawned shulorch and collect its exit code and output (closing pipes)."""
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=timeout)
        return CliResult(code=proc.returncode, out=out, err=err)

    def run(self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 30) -> CliResult:
        proc = self.spawn(*args, env=env)
        out, err = proc.communicate(timeout=timeout)
        return CliResult(code=proc.returncode, out=out, err=err)


def tasks_of(record: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in record["tasks"]}


def statuses(record: Mapping[str, Any]) -> dict[str, str]:
    return {t["name"]: t["status"] for t in record["tasks"]}


def alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (dead, not yet reaped by its new parent) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_for(check: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def kill_group_from(pid_file: Path) -> None:
    """Kill the process group whose leader's pid a task wrote (tasks run in their own session)."""
    if pid_file.exists() and pid_file.read_text().strip():
        pid = int(pid_file.read_text().split()[0])
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


@pytest.fixture
def project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Project]:
    """A project in tmp_path; the environment is cleared of switches that would change results."""
    for name in list(os.environ):
        if name.startswith(("ORCHESTRATION_", "ENABLE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")
    root = tmp_path / "proj"
    root.mkdir()
    # Messages show the pipeline path relative to the working folder, as a user in the project sees it.
    monkeypatch.chdir(root)
    proj = Project(root=root, capsys=capsys)
    yield proj
    for proc in proj.spawned:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    for pid_file in root.glob("*.pid"):
        kill_group_from(pid_file)


# -- model builders for the pure tests ---------------------------------------------------------
def make_task(
    phase: str, name: str, deps: Sequence[str] = (), *, enabled: bool = True, item: str | None = None
) -> Task:
    base = f"{phase}.{name}"
    return Task(
        name=f"{base}[{item}]" if item else base,
        phase=phase,
        base=base,
        where="pipeline.yaml:1:1",
        run=("true",),
        deps=tuple(d if "." in d else f"{phase}.{d}" for d in deps),
        enabled=enabled,
        disabled_reason="" if enabled else "when: false is false",
        item=item,
    )


def make_phase(
    name: str,
    number: int,
    tasks: Sequence[Task],
    *,
    tags: Sequence[str] = (),
    needs: Sequence[str] = (),
    enabled: bool = True,
) -> Phase:
    return Phase(
        name=name,
        number=number,
        title=name.title(),
        tags=tuple(tags),
        needs=tuple(needs),
        enabled=enabled,
        disabled_reason="" if enabled else "disabled by environment ENABLE_X",
        tasks=tuple(tasks),
    )


def make_pipeline(*phases: Phase) -> Pipeline:
    return Pipeline(file="pipeline.yaml", project="demo", phases=tuple(phases), settings=Settings())
