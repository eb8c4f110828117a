#!/usr/bin/env bash
# action.yml, step "Install resil": resil@RESIL_VERSION from npm, or (empty) the action's own
# checkout, built and installed from its npm pack tarball the way a user installs it.
set -euo pipefail
export OCLIF_SKIP_NEW_VERSION_CHECK=true
if [ -n "${RESIL_VERSION:-}" ]; then
  npm install -g --no-audit --no-fund "resil@${RESIL_VERSION}"
else
  src="${GITHUB_ACTION_PATH:?}"
  tmp="${RUNNER_TEMP:-/tmp}/resil-pack"
  mkdir -p "$tmp"
  (cd "$src" && npm ci --no-audit --no-fund && npm run build && npm pack --silent --pack-destination "$tmp" >/dev/null)
  npm install -g --no-audit --no-fund "$tmp"/resil-*.tgz
fi
resil --version
