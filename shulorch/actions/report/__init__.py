"""Stock actions of the report package."""

ACTIONS: dict[str, str] = {}
