"""Stock actions of the codegen package."""

ACTIONS: dict[str, str] = {}
