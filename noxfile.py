"""Developer sessions: tests, lint and typing.

They run in the current environment (``python=False``): `.ci/run` and README's set-up install
everything once into .venv, and these sessions only run the tools.
"""

from __future__ import annotations

import sys

import nox

nox.options.sessions = ["tests", "lint", "typing"]


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The pytest suite (pass extra pytest arguments after --)."""
    session.run(sys.executable, "-m", "pytest", *(session.posargs or ["-q"]))


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """ruff on the package, tests and scripts."""
    session.run(sys.executable, "-m", "ruff", "check", "shulorch", "tests", "bench", "noxfile.py")


@nox.session(python=False)
def typing(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.run(sys.executable, "-m", "mypy")
