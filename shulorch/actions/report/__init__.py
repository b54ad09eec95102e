"""Phase 6: reports (nine JSON reports, the HTML dashboard) and stakeholder notifications.

Kept free of imports: pipeline validation reads this table without loading Jinja2 or smtplib.
"""

ACTIONS: dict[str, str] = {
    "report.generate": "shulorch.actions.report.generate:run",
    "report.dashboard": "shulorch.actions.report.dashboard:run",
    "notify.email": "shulorch.actions.report.mail:run",
    "notify.webhook": "shulorch.actions.report.webhook:run",
}
