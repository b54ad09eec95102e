"""Phase 2 actions: CodeIgniter 4 modules generated from specs (imports nothing heavy)."""

ACTIONS: dict[str, str] = {
    "codegen.generate": "shulorch.actions.codegen.generate:run",
    "codegen.autoload": "shulorch.actions.codegen.autoload:run",
    "codegen.openapi": "shulorch.actions.codegen.openapi:run",
    "codegen.stats": "shulorch.actions.codegen.stats:run",
}
