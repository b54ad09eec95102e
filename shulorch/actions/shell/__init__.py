"""Stock actions of the shell package."""

ACTIONS: dict[str, str] = {}
