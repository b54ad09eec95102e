"""Fixtures of the core tests (helpers live in tests/core/support.py)."""

from __future__ import annotations

from tests.core.support import project

__all__ = ["project"]
