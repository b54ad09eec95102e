"""Stock actions of the deploy phase: Deployer-like releases, blue-green switching on 127.0.0.1.

Only the table lives here (no imports): validating a pipeline imports this module.
"""

ACTIONS: dict[str, str] = {
    "deploy.release": "shulorch.actions.deploy.release:run",
    "deploy.migrate": "shulorch.actions.deploy.migrate:run",
    "deploy.switch": "shulorch.actions.deploy.switch:run",
    "deploy.rollback": "shulorch.actions.deploy.switch:rollback",
    "deploy.health": "shulorch.actions.deploy.checks:health",
    "deploy.smoke": "shulorch.actions.deploy.checks:smoke",
    "deploy.monitor": "shulorch.actions.deploy.checks:monitor",
    "deploy.stop": "shulorch.actions.deploy.control:stop",
}
