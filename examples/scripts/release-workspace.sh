#!/bin/sh
# Prepare the git repository that phase 4 merges and tags, so the demo never touches this repo.
#
#   release-workspace.sh APP_DIR WORKSPACE
#
# WORKSPACE/origin.git  a bare repository playing the remote (pushes go there, atomically)
# WORKSPACE/repo        a clone with `main` and a `feature/release` branch holding APP_DIR's
#                       current tree; a commit is made only when the tree changed, so a rerun
#                       with nothing new leaves phase 4 nothing to merge.
# The first import puts on main the app without its generated modules and specs (the hand-written
# base), so the first release really merges the code generation's output.
set -eu
app=$(cd "$1" && pwd)
ws=$2
mkdir -p "$ws"
ws=$(cd "$ws" && pwd)
remote=$ws/origin.git
repo=$ws/repo
git_() { git -C "$repo" -c user.name=shulorch -c user.email=shulorch@localhost "$@"; }
sync_tree() {
    # The app's tree minus local state; --delete keeps removed files removed.
    find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
    (cd "$app" && tar -cf - --exclude=./writable/cache/* --exclude=./writable/logs/* --exclude='*.sqlite' \
        --exclude=./build --exclude=./vendor --exclude=./.shulorch .) | tar -xf - -C "$repo"
}
if [ ! -d "$remote" ]; then
    git init -q --bare -b main "$remote"
    git clone -q "$remote" "$repo" 2>/dev/null
    git_ checkout -q -b main
    git_ config user.name shulorch
    git_ config user.email shulorch@localhost
    sync_tree
    rm -rf "$repo/specs"
    for answers in "$repo"/app/Modules/*/.copier-answers.yml; do
        [ -f "$answers" ] && rm -rf "$(dirname "$answers")"
    done
    printf '# Changelog\n\nAll notable changes to this project are documented here.\n' > "$repo/CHANGELOG.md"
    git_ add -A
    git_ commit -q -m "chore: import ShuleLabs example"
    # Named like phase 4's tags (v<semver>-YYYYMMDD-HHMMSS) so the first release bumps from it.
    tag="v0.1.0-$(date -u +%Y%m%d-%H%M%S)"
    git_ tag -a "$tag" -m "$tag"
    git_ push -q --atomic origin main "$tag"
    echo "workspace: created $repo (main at $(git_ rev-parse --short HEAD), tag $tag)"
fi
git_ checkout -q main
git_ checkout -q -B feature/release
sync_tree
git_ checkout -q main -- CHANGELOG.md 2>/dev/null || true
git_ add -A
if git_ diff --cached --quiet; then
    echo "workspace: feature/release has nothing new over main"
    exit 0
fi
changed=$(git_ diff --cached --name-only | wc -l)
scope=app
if git_ diff --cached --name-only | grep -q '^specs/'; then scope=codegen; fi
git_ commit -q -m "feat($scope): release candidate from the example app ($changed files changed)"
echo "workspace: feature/release at $(git_ rev-parse --short HEAD), $changed file(s) changed"
