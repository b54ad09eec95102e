"""Stock actions of phase 1: verified snapshots (tree, configuration, databases), their
verification and pruning, and cache clearing. Only names here: modules load when a task runs."""

ACTIONS: dict[str, str] = {
    "backup.snapshot": "shulorch.actions.backup.actions:snapshot",
    "backup.verify": "shulorch.actions.backup.actions:verify",
    "backup.prune": "shulorch.actions.backup.actions:prune",
    "cache.clear": "shulorch.actions.backup.cache:clear",
}
