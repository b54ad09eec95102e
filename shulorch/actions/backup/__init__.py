"""Stock actions of the backup package."""

ACTIONS: dict[str, str] = {}
