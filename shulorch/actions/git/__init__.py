"""Phase 4 actions: merge a validated branch into main, tag, changelog, release notes, atomic push."""

ACTIONS: dict[str, str] = {
    "git.premerge": "shulorch.actions.git.premerge:premerge",
    "git.release": "shulorch.actions.git.release:release",
}
