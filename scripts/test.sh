#!/usr/bin/env bash
# Everything CI checks: a strict offline build of the site, then every test tier (unit, build,
# browser, model, notebook) on all cores. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
source "$ROOT/scripts/browser.sh"
cd "$ROOT"
export HF_HUB_OFFLINE=1
echo "Building the site (mkdocs build --strict) ..." >&2
mkdocs build --strict --site-dir "$ROOT/site"
# The tests that read the built site use this build instead of making their own.
export HFGUIDE_TEST_SITE="$ROOT/site"
echo "Running every test tier on $(nproc) cores ..." >&2
status=0
python -m pytest -n auto --dist loadgroup -m "unit or build or browser or model or notebook" "$@" \
  || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
