"""Stock actions of the quality package."""

ACTIONS: dict[str, str] = {}
