"""The one exception tree. Every user-facing error carries the exit code the CLI returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EXIT_OK = 0
EXIT_TASK_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class ShulorchError(Exception):
    """Root of every error a user may see; the message says what, where and what to do."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ShulorchError):
    """Bad command-line use or a bad option value."""


class PipelineError(ShulorchError):
    """pipeline.yaml (or an overlay/spec file) is invalid; ``problems`` holds every location found."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message if not problems else "\n".join(problems))
        self.problems = problems or (message,)


class ConfigError(ShulorchError):
    """A setting or environment switch forbids or breaks the run (e.g. ORCHESTRATION_ENABLED=false)."""


class LockError(ShulorchError):
    """Another shulorch run holds the project lock."""


class ActionError(ShulorchError):
    """A stock action failed: the task fails with exit code 1 and this message.

    ``metrics`` keeps what the action measured before failing (tests run, tests failed, ...), so
    the run record and the reports can say how it failed, not only that it did.
    """

    exit_code = EXIT_TASK_FAILED

    def __init__(self, message: str, metrics: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.metrics: Mapping[str, Any] = dict(metrics or {})


class TaskFailed(ShulorchError):
    """At least one task failed during a build."""

    exit_code = EXIT_TASK_FAILED


class Interrupted(ShulorchError):
    """Ctrl-C or SIGTERM stopped the run."""

    exit_code = EXIT_INTERRUPTED
