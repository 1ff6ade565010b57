#!/usr/bin/env bash
# Everything CI checks: a strict offline build of the site, then the whole test suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
source "$ROOT/scripts/browser.sh"
cd "$ROOT"
export HF_HUB_OFFLINE=1
mkdocs build --strict --site-dir "$ROOT/site"
status=0
python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
