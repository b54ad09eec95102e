"""Stock actions of phase 3 (build & validation): PHP lint, style, static analysis, mess detection,
tests with coverage, migrations, security scan, composer validation, API contract and the gate.

Only the table lives here: validating a pipeline imports this module, never the actions."""

ACTIONS: dict[str, str] = {
    "php.lint": "shulorch.actions.quality.lint:run",
    "php.style": "shulorch.actions.quality.style:run",
    "php.phpstan": "shulorch.actions.quality.analysis:phpstan",
    "php.mess": "shulorch.actions.quality.analysis:phpmd",
    "php.test": "shulorch.actions.quality.phpunit:run",
    "php.migrations": "shulorch.actions.quality.migrations:run",
    "security.scan": "shulorch.actions.quality.security:run",
    "composer.validate": "shulorch.actions.quality.composer:run",
    "api.contract": "shulorch.actions.quality.contract:run",
    "quality.gate": "shulorch.actions.quality.gate:run",
}
