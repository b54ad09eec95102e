"""Stock actions of the deploy package."""

ACTIONS: dict[str, str] = {}
