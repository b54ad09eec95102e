"""Stock actions of the git package."""

ACTIONS: dict[str, str] = {}
